import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import { Chat, kb } from './engineHarness.ts';

describe('scripted conversations, one per decision', () => {
  it('retake timing by buttons: below the bar → postpone and fix', () => {
    const chat = new Chat();
    chat.say(
      'hi',
      '[menu:retake]',
      '[failedExam:step1]',
      '[failedAttempts:1]',
      '[retakePassed:no]',
    );
    chat.say('[practiceStanding:below]', '[extraTimeUseful:yes]', '[fearOfFailing:no]');
    chat.say('[failureCause:content_gaps]', '[weeksToExam:12]');
    expect(chat.verdict).toBe('postpone_and_fix');
    expect(chat.asking).toBe('next');
  });

  it('retake timing typed: well above the bar, afraid → keep the date', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 2', '2', 'no', 'well above', 'yes, honestly', 'time');
    expect(chat.verdict).toBe('keep_date');
  });

  it('personal statement: a Step 1 failure since passed → address briefly', () => {
    const chat = new Chat();
    chat.say('/statement', 'step 1', 'just this one', 'no', 'yes', 'no');
    expect(chat.verdict).toBe('address_briefly');
  });

  it('personal statement: an in-training exam outside residency, with improvement → not needed', () => {
    const chat = new Chat();
    chat.say('/statement', '[failedExam:in_training]', '[role:other]', '[scoresImproved:yes]');
    expect(chat.verdict).toBe('not_needed');
  });

  it('Step 3: certified, strong pass, time and confidence → take it', () => {
    const chat = new Chat();
    chat.say('/step3', 'step 1', '1', 'yes', 'yes', 'strong', '3 to 6 months', 'yes', 'h1b');
    expect(chat.verdict).toBe('take_step3');
  });

  it('Step 3: not certified → not yet', () => {
    const chat = new Chat();
    chat.say('/step3', 'step 2 ck', '1', 'yes', 'not yet', 'j1');
    expect(chat.verdict).toBe('not_yet');
  });

  it('cycles: two realistic cycles with nothing → consider a pivot', () => {
    const chat = new Chat();
    chat.say(
      '/cycles',
      'step 1',
      '1',
      'yes',
      '2',
      'yes',
      'community',
      'yes',
      'hands on',
      '0',
      '5',
      'heavy',
    );
    expect(chat.verdict).toBe('consider_pivot');
  });

  it('outlook: one Step 2 CK failure → very high impact', () => {
    const chat = new Chat();
    chat.say('/outlook', 'ck', '1', '0', 'yes', 'comfortably', '4', 'hands on', 'im');
    expect(chat.verdict).toBe('very_high');
  });

  it('action plan from the menu by number, with "not sure" answers → retake first', () => {
    const chat = new Chat();
    chat.say('hello', '6', '1', 'not sure', 'no', 'recently', 'idk', 'anxiety', 'no', '4');
    expect(chat.verdict).toBe('retake_first');
    expect(chat.text).toContain('assumptions');
  });
});

describe('conversations that wander', () => {
  it('mixes buttons and typing, goes back, and changes an answer', () => {
    const chat = new Chat();
    chat.say('/retake', '[failedExam:step1]', '3');
    expect(chat.asking).toBe('retakePassed');
    chat.say('back');
    expect(chat.asking).toBe('failedAttempts');
    expect(chat.session?.profile.failedAttempts).toBeUndefined();
    chat.say('1', 'no', 'above', 'no', 'content');
    expect(chat.verdict).toBe('keep_date');
  });

  it('restart clears everything and shows the menu', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', 'restart');
    expect(chat.session?.profile).toEqual({});
    expect(chat.asking).toBe('menu');
  });

  it('switches decisions midway and reuses facts already given', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 2', '1', 'yes');
    expect(chat.verdict).toBe('already_passed');
    chat.say('/step3');
    expect(chat.asking).toBe('ecfmgCertified');
    chat.say('/cycles');
    expect(chat.asking).toBe('cyclesApplied');
  });

  it('switching by menu button in the middle of another decision', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', '[menu:outlook]');
    expect(chat.asking).toBe('failedAttempts');
    expect(chat.session?.state).toEqual({
      kind: 'asking',
      topic: 'outlook',
      fact: 'failedAttempts',
    });
  });

  it('explains the last answer with the facts it used', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', '3', 'no', 'above', 'no', 'anxiety', 'why');
    expect(chat.text).toContain('Exam failed: USMLE Step 1');
    expect(chat.text).toContain('Failed attempts at it: Three');
    expect(chat.text).toMatch(/last one/);
  });

  it('why before any answer says so', () => {
    expect(
      new Chat()
        .say('hi', 'why')
        .some((r) => r.kind === 'text' && /haven't given you an answer/.test(r.text)),
    ).toBe(true);
  });

  it('shows the profile without leaving the current question', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', 'profile');
    expect(chat.text).toContain('Exam failed: USMLE Step 1');
    expect(chat.asking).toBe('failedAttempts');
  });

  it('forget asks first; no keeps everything, yes deletes the session', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', 'forget');
    expect(chat.asking).toBe('forget');
    chat.say('no');
    expect(chat.session?.profile.failedExam).toBe('step1');
    expect(chat.asking).toBe('failedAttempts');
    chat.say('/forget', '[forget:yes]');
    expect(chat.session).toBeNull();
  });

  it('plan gives the plan so far at once and offers to sharpen it', () => {
    const chat = new Chat();
    chat.say('hi', '/plan');
    expect(chat.verdict).toBe('retake_first');
    expect(chat.replies.at(-1)).toMatchObject({
      id: 'next',
      options: expect.arrayContaining([{ id: 'sharpen', label: 'Sharpen this answer' }]),
    });
    chat.say('[next:sharpen]');
    expect(chat.asking).toBe('failedExam');
  });

  it('re-prompts an answer it cannot read, saying what it expects, and changes nothing', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1');
    const before = structuredClone(chat.session);
    chat.say('a hundred and twelve');
    expect(chat.text).toMatch(/number from 1 to 10/);
    expect(chat.session).toEqual(before);
    chat.say('42');
    expect(chat.session).toEqual(before);
  });

  it('ignores a stale button and leaves the session unchanged', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1');
    const before = structuredClone(chat.session);
    chat.say('[failedExam:step2ck]');
    expect(chat.text).toMatch(/earlier question/);
    expect(chat.session).toEqual(before);
    chat.say('[failedAttempts:nine]');
    expect(chat.session).toEqual(before);
  });

  it('answers an unknown command without changing anything', () => {
    const chat = new Chat();
    chat.say('hi');
    const before = structuredClone(chat.session);
    chat.say('/launch');
    expect(chat.text).toMatch(/don't know that command/);
    expect(chat.session).toEqual(before);
  });
});

describe('facts given elsewhere', () => {
  it('merges slash-command facts and continues the decision without asking them again', () => {
    const chat = new Chat();
    const result = step(
      chat.session!,
      { kind: 'facts', facts: { failedExam: 'step1', failedAttempts: 2 }, topic: 'retake' },
      kb,
    );
    expect(result.session?.profile).toMatchObject({ failedExam: 'step1', failedAttempts: 2 });
    expect(result.replies.at(-1)).toMatchObject({ kind: 'question', id: 'retakePassed' });
  });
});

describe('detours mid-question', () => {
  it.each(['plan', 'why', 'outlook', '/plan', '/outlook'])(
    '"%s" typed while a question is open comes back to that question',
    (detour) => {
      const chat = new Chat();
      chat.say('/retake', 'step 1', '2');
      expect(chat.asking).toBe('retakePassed');
      const replies = chat.say(detour);
      expect(replies.length).toBeGreaterThan(1);
      expect(chat.asking).toBe('retakePassed');
      expect(chat.session?.state).toEqual({
        kind: 'asking',
        topic: 'retake',
        fact: 'retakePassed',
      });
      chat.say('no');
      expect(chat.asking).toBe('practiceStanding');
    },
  );

  it('"plan" and "outlook" mid-question still give their answer first', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', '2', 'plan');
    expect(chat.replies.some((r) => r.kind === 'advice' && r.advice.topic === 'plan')).toBe(true);
    chat.say('outlook');
    expect(chat.replies.some((r) => r.kind === 'advice' && r.advice.topic === 'outlook')).toBe(
      true,
    );
  });
});

describe('coming back to a stored session', () => {
  it('offers the question that was open, and menu still leads elsewhere', () => {
    const chat = new Chat();
    chat.say('/retake', 'step 1', '2');
    expect(chat.asking).toBe('retakePassed');
    chat.say('/start');
    expect(chat.text).toContain(kb.entries.get('dialogue.welcome_back')?.text);
    expect(chat.asking).toBe('retakePassed');
    chat.say('no');
    expect(chat.asking).toBe('practiceStanding');
    chat.say('/menu');
    expect(chat.asking).toBe('menu');
  });
});
