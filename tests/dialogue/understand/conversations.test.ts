import { describe, expect, it } from 'vitest';
import { step } from '../../../src/dialogue/engine.ts';
import type { Reply } from '../../../src/dialogue/reply.ts';
import { freshSession, type Session } from '../../../src/dialogue/session.ts';
import { decodeSession, encodeSession } from '../../../src/dialogue/sessionCodec.ts';
import { Chat, kb } from '../engineHarness.ts';

const texts = (replies: Reply[]) =>
  replies.flatMap((r) => (r.kind === 'text' || r.kind === 'question' ? [r.text] : []));
const question = (replies: Reply[]) => {
  const last = replies.at(-1);
  return last?.kind === 'question' ? last : undefined;
};

describe('a first message in free text', () => {
  it('is read: facts confirmed, then the decision it asks about, skipping what is known', () => {
    const chat = new Chat();
    const replies = chat.say('failed step 2 ck last week, should I push my exam back?');
    expect(texts(replies)[0]).toMatch(/I'm Trajectory/);
    expect(texts(replies)).toContain(
      "I understood: Exam failed: USMLE Step 2 CK. If that's wrong, say **back** to undo it.",
    );
    expect(chat.session?.profile).toEqual({ failedExam: 'step2ck' });
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'retake' });
    expect(chat.asking).toBe('failedAttempts');
  });

  it('that only tells a story gets its facts confirmed and the menu', () => {
    const chat = new Chat();
    chat.say("I'm 8 years out and failed step 1 twice");
    expect(chat.session?.profile).toEqual({
      failedExam: 'step1',
      failedAttempts: 2,
      yearsSinceGraduation: 8,
    });
    expect(chat.asking).toBe('menu');
  });

  it('that says nothing usable still gets the welcome and the menu', () => {
    const chat = new Chat();
    chat.say('asdf');
    expect(chat.asking).toBe('menu');
    expect(chat.session?.profile).toEqual({});
  });
});

describe('facts read from free text', () => {
  it('skip the questions they answer, and one "back" undoes them all', () => {
    const chat = new Chat();
    chat.say('hi', "I failed CK twice and haven't passed yet. When should I retake?");
    expect(chat.session?.profile).toEqual({
      failedExam: 'step2ck',
      failedAttempts: 2,
      retakePassed: false,
    });
    expect(chat.asking).toBe('practiceStanding');
    chat.say('back');
    expect(chat.text).toMatch(
      /cleared what I read from your message \(Exam failed, Failed attempts at it, Passed it since\)/,
    );
    expect(chat.session?.profile).toEqual({});
    expect(chat.asking).toBe('failedExam');
  });

  it('override an earlier answer, and undo puts the earlier answer back', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', '1');
    expect(chat.session?.profile).toMatchObject({ failedExam: 'step1', failedAttempts: 1 });
    chat.say('sorry, I actually failed step 1 three times, should I still retake?');
    expect(chat.session?.profile.failedAttempts).toBe(3);
    expect(chat.text).toMatch(/Failed attempts at it: Three/);
    chat.say('back');
    expect(chat.session?.profile.failedAttempts).toBe(1);
  });

  it('replace a "not sure" answer', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 2', 'not sure');
    expect(chat.session?.unsure).toContain('failedAttempts');
    chat.say("oh wait, I've failed it twice actually, what should I do about the date?");
    expect(chat.session?.unsure).not.toContain('failedAttempts');
    expect(chat.session?.profile.failedAttempts).toBe(2);
  });

  it('that change nothing are not confirmed again', () => {
    const chat = new Chat();
    chat.say('hi', 'failed CK, what are my chances?');
    const undo = chat.session!.undo.length;
    chat.say('like I said I failed CK, so what are my odds?');
    expect(chat.text).not.toMatch(/I understood/);
    expect(chat.session!.undo.length).toBe(undo);
  });

  it('never read an exam name as a count', () => {
    const chat = new Chat();
    chat.say('hi', 'failed step 1, what are my chances?');
    expect(chat.asking).toBe('failedAttempts');
    chat.say('as I said, it was step 1, so what are my odds?');
    expect(chat.session?.profile.failedAttempts).toBeUndefined();
  });
});

describe('free text while a question is open', () => {
  it('stays an answer when it parses', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', '2', 'no');
    expect(chat.session?.profile).toEqual({
      failedExam: 'step1',
      failedAttempts: 2,
      retakePassed: false,
    });
  });

  it('a short reply that does not parse gets the re-prompt and changes nothing', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1');
    const before = structuredClone(chat.session);
    chat.say('no');
    expect(chat.text).toMatch(/number from 1 to 10/);
    expect(chat.session).toEqual(before);
  });

  it('a longer message about something else is read as that, then the decision goes on', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1');
    const replies = chat.say('will programs think I am stupid because of this?');
    expect(texts(replies)[0]).toMatch(/\*\*Will programs think I'm stupid\?\*\*/);
    expect(chat.asking).toBe('failedAttempts');
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'retake' });
  });

  it('an answer inside a longer message is kept while its question is followed', () => {
    const chat = new Chat();
    chat.say('/outlook', 'step 1');
    chat.say('I failed it twice. Will it hurt my cardiology fellowship chances later?');
    expect(chat.session?.profile.failedAttempts).toBe(2);
    expect(chat.text).toMatch(/fellowship/i);
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'outlook' });
  });
});

describe('a FAQ asked outside a decision', () => {
  it('is answered, then its related decisions are offered as choices that work', () => {
    const chat = new Chat();
    chat.say('hi');
    const replies = chat.say('what if I never match?');
    expect(texts(replies)[0]).toMatch(/What if I never match now\?/);
    const offer = question(replies)!;
    expect(offer.id).toBe('clarify');
    expect(offer.options.map((o) => o.id)).toEqual(['outlook', 'cycles', 'plan', 'other']);
    chat.say('[clarify:cycles]');
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'cycles' });
  });

  it('offers choices a typed number can pick', () => {
    const chat = new Chat();
    chat.say('hi', 'will this follow me forever?', '1');
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'outlook' });
  });
});

describe('an unclear message', () => {
  it('gets a question offering the two or three best guesses, with button ids that work', () => {
    let session: Session = step(freshSession(), { kind: 'text', text: 'hi' }, kb).session!;
    const result = step(session, { kind: 'text', text: 'usmle' }, kb);
    const offer = question(result.replies)!;
    expect(offer.id).toBe('clarify');
    expect(offer.options.length).toBeGreaterThanOrEqual(3);
    expect(offer.options.length).toBeLessThanOrEqual(4);
    expect(offer.options.at(-1)).toEqual({ id: 'other', label: 'Something else' });
    for (const option of offer.options.slice(0, -1)) {
      expect(option.id).toMatch(/^[a-z0-9_]{1,24}$/);
      session = result.session!;
      const picked = step(session, { kind: 'choice', question: 'clarify', option: option.id }, kb);
      expect(texts(picked.replies).join('\n')).not.toMatch(/earlier question/);
    }
    const other = step(
      result.session!,
      { kind: 'choice', question: 'clarify', option: 'other' },
      kb,
    );
    expect(question(other.replies)?.id).toBe('menu');
  });

  it('is let go when the next message is about something else', () => {
    const chat = new Chat();
    chat.say('hi', 'usmle');
    expect(chat.asking).toBe('clarify');
    chat.say('should I take step 3 before applying?');
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'step3' });
  });

  it('with nothing close to any intent gets the likeliest choices, and the menu one tap away', () => {
    const chat = new Chat();
    chat.say('hi', '/retake', 'step 1', '1', 'yes');
    const replies = chat.say('qwertyuiop zxcvbnm');
    expect(chat.asking).toBe('clarify');
    expect(texts(replies).join('\n')).not.toMatch(/didn't understand/i);
    chat.say('[clarify:other]');
    expect(chat.asking).toBe('menu');
  });
});

describe('commands in free text', () => {
  it('act like the command', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', 'what do you know about me so far?');
    expect(chat.text).toMatch(/Exam failed: USMLE Step 1/);
    expect(chat.asking).toBe('failedAttempts');
  });

  it('check first before starting over, which cannot be undone', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', "let's wipe it all and begin again from scratch");
    expect(chat.asking).toBe('clarify');
    expect(chat.session?.profile.failedExam).toBe('step1');
    chat.say('[clarify:restart]');
    expect(chat.session?.profile).toEqual({});
    expect(chat.asking).toBe('menu');
  });
});

describe('distress', () => {
  it('gets a short acknowledgement, then the normal handling of the same message', () => {
    const chat = new Chat();
    chat.say('hi');
    const replies = chat.say("I'm devastated, I failed CK. What do I do now?");
    const said = texts(replies);
    expect(said[0]).toMatch(/that sounds really hard/);
    expect(said[1]).toMatch(/I understood: Exam failed: USMLE Step 2 CK/);
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'plan' });
  });

  it('on its own gets the acknowledgement and the way on, not a clarifying question', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1');
    const replies = chat.say("I can't stop crying");
    expect(texts(replies)[0]).toMatch(/that sounds really hard/);
    // The lines come with the acknowledgement, not on request.
    expect(texts(replies)[0]).toMatch(/talk to someone today/);
    expect(texts(replies)[0]).toMatch(/findahelpline/i);
    expect(chat.asking).toBe('failedAttempts');
  });
});

describe('a crisis message', () => {
  it('comes before anything else, never assumes the US, and asks for the country', () => {
    const chat = new Chat();
    const replies = chat.say('I failed again and I want to kill myself');
    const first = texts(replies)[0]!;
    expect(first).toMatch(/I'm really sorry you're feeling this way/);
    expect(first).not.toMatch(/Hi, I'm Trajectory/);
    expect(first).toMatch(/local emergency number/);
    expect(first).toMatch(/findahelpline\.com/);
    for (const country of ['United States', 'Canada', 'United Kingdom and Ireland', 'India'])
      expect(first).toContain(country);
    expect(question(replies)).toMatchObject({ id: 'country' });
    expect(question(replies)!.options.map((o) => o.id)).toEqual([
      'us',
      'ca',
      'gb',
      'ie',
      'in',
      'au',
      'ph',
      'ua',
      'np',
      'other',
    ]);
    expect(chat.session?.profile).toEqual({});
  });

  it('interrupts a question, remembers the country, and the question comes back', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1');
    chat.say("I don't want to live anymore");
    expect(chat.asking).toBe('country');
    const replies = chat.say('[country:gb]');
    expect(texts(replies)[0]).toMatch(/Samaritans/);
    expect(texts(replies)[0]).toMatch(/116 123/);
    expect(chat.session?.country).toBe('GB');
    expect(chat.asking).toBe('failedAttempts');
    chat.say('2');
    expect(chat.session?.profile.failedAttempts).toBe(2);
  });

  it('with the country known, shows its lines at once and carries on', () => {
    const chat = new Chat();
    chat.say('/retake', 'I want to die', 'India', 'step 2');
    expect(chat.session?.country).toBe('IN');
    const replies = chat.say('honestly I keep thinking about ending my life');
    expect(texts(replies)[0]).toMatch(/Tele-MANAS/);
    expect(texts(replies)[0]).not.toMatch(/988/);
    expect(chat.asking).toBe('failedAttempts');
  });

  it('lets a typed country answer the question, and anything else carry on', () => {
    const chat = new Chat();
    chat.say('hi', 'I want to end it all', "I'm in Pakistan");
    expect(chat.session?.country).toBe('other');
    expect(chat.text).toMatch(/findahelpline/);
    const other = new Chat();
    other.say('hi', 'i wish i was dead', 'should I take step 3?');
    expect(other.session?.country).toBeUndefined();
    expect(other.session?.state).toMatchObject({ kind: 'asking', topic: 'step3' });
  });

  it('accepts a country button pressed later, and keeps the country across restart', () => {
    const chat = new Chat();
    chat.say('hi', '/retake', '[country:ca]');
    expect(chat.session?.country).toBe('CA');
    expect(chat.text).toMatch(/9-8-8/);
    expect(chat.asking).toBe('failedExam');
    chat.say('restart');
    expect(chat.session?.country).toBe('CA');
  });

  it('interrupts even the forget confirmation, which it cancels rather than carry out', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', 'forget', 'kms');
    expect(chat.asking).toBe('country');
    chat.say('[country:us]');
    expect(chat.text).toMatch(/988/);
    expect(chat.session?.profile.failedExam).toBe('step1');
    expect(chat.asking).toBe('failedAttempts');
  });
});

describe('sessions with what free text adds', () => {
  it('survive the stored form: country, facts undo entries, detour states', () => {
    const chat = new Chat();
    chat.say('hi', 'I want to die', 'uk', 'failed ck twice, what are my chances?', 'menu', 'usmle');
    const session = chat.session!;
    expect(session.undo.some((e) => 'facts' in e)).toBe(true);
    expect(session.state.kind).toBe('clarifying');
    expect(decodeSession(encodeSession(session))).toEqual(session);
  });
});
