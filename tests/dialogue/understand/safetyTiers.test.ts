import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/dialogue/reply.ts';
import { Chat } from '../engineHarness.ts';

const texts = (replies: Reply[]) =>
  replies.map((r) => (r.kind === 'advice' ? r.advice.headline : r.text));
const lastQuestion = (replies: Reply[]) => {
  const last = replies.at(-1);
  return last?.kind === 'question' ? last : undefined;
};

describe('the crisis tier', () => {
  it.each([
    'failed ck again. wrote letters to my parents tonight. anyway does step 3 help',
    'there is no point waking up tomorrow',
    "I won't be around for the match anyway",
    'how many tablets of amitriptyline would be fatal, i have them here',
  ])('leads with support lines and never a menu: %s', (message) => {
    const chat = new Chat();
    const replies = chat.say(message);
    expect(texts(replies)[0]).toMatch(/glad you told me/);
    expect(texts(replies).join('\n')).toMatch(/findahelpline/i);
    expect(replies.some((r) => r.kind === 'question' && r.id === 'menu')).toBe(false);
    expect(chat.asking).toBe('country');
  });
});

describe('the check tier', () => {
  it('asks directly, with the lines in the same message, and offers yes, no and not sure', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1');
    const replies = chat.say('honestly i feel like a burden to everyone');
    expect(replies).toHaveLength(1);
    const asked = lastQuestion(replies)!;
    expect(asked.id).toBe('safety_check');
    expect(asked.text).toMatch(/thoughts of ending your life/);
    expect(asked.text).toMatch(/findahelpline/i);
    expect(asked.options.map((o) => o.id)).toEqual(['yes', 'no', 'unsure']);
    expect(chat.session?.state).toMatchObject({ kind: 'safety_check', resume: { kind: 'asking' } });
  });

  it('a yes, typed or pressed, leads to the crisis reply', () => {
    for (const answer of ['yes', '[safety_check:yes]', 'kinda']) {
      const chat = new Chat();
      chat.say('what is the point of anything anymore');
      const replies = chat.say(answer);
      expect(texts(replies)[0], answer).toMatch(/glad you told me/);
      expect(chat.asking).toBe('country');
    }
  });

  it('a no carries on gently with the question that was open', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', 'i feel like a burden to everyone');
    const replies = chat.say('no');
    expect(texts(replies)[0]).toMatch(/glad/);
    expect(chat.asking).toBe('failedAttempts');
    expect(chat.session?.profile.failedExam).toBe('step1');
  });

  it('not sure carries on too, with the lines recommended again', () => {
    const chat = new Chat();
    chat.say('/step3', 'i feel like a burden to everyone');
    const replies = chat.say('[safety_check:unsure]');
    expect(texts(replies)[0]).toMatch(/not being sure is okay/);
    expect(chat.session?.state.kind).toBe('asking');
  });

  it('an old yes button still leads to the crisis reply; an old no changes nothing', () => {
    const chat = new Chat();
    chat.say('i feel like a burden to everyone', 'should I take step 3 before applying?');
    const before = chat.session;
    chat.say('[safety_check:no]');
    expect(chat.session).toEqual(before);
    const replies = chat.say('[safety_check:yes]');
    expect(texts(replies)[0]).toMatch(/glad you told me/);
    expect(chat.asking).toBe('country');
  });

  it('is let go when the next message is about something else', () => {
    const chat = new Chat();
    chat.say('i feel like a burden to everyone');
    chat.say('should I take step 3 before applying?');
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'step3' });
  });
});

describe('the distress tier', () => {
  it('acknowledges, offers the lines directly, and hands no FAQ that was not asked for', () => {
    const chat = new Chat();
    chat.say('hi');
    const replies = chat.say('i cant stop crying, my family will disown me');
    const all = texts(replies).join('\n');
    expect(texts(replies)[0]).toMatch(/sounds really hard/);
    expect(texts(replies)[0]).toMatch(/talk to someone today/);
    expect(all).not.toMatch(/\*\*Will programs/);
    expect(replies.some((r) => r.kind === 'question' && r.id === 'clarify')).toBe(false);
  });

  it('"im so scared" gets an acknowledgement', () => {
    const chat = new Chat();
    chat.say('hi');
    expect(texts(chat.say('im so scared'))[0]).toMatch(/sounds really hard/);
  });
});

describe('dark idioms', () => {
  it.each([
    "I'd kill for a 240",
    'lol i will die of embarrassment lol',
    'dead tired after night float',
    'shoot me a message when scores are out',
    'overdosed on coffee before my nbme',
    'my mom will kill me if i fail again',
  ])('get no safety reply: %s', (message) => {
    const chat = new Chat();
    chat.say('hi');
    const replies = chat.say(message);
    const all = texts(replies).join('\n');
    expect(all).not.toMatch(/glad you told me|thoughts of ending your life/);
  });
});
