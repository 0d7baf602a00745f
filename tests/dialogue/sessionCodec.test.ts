import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import { freshSession, type Session } from '../../src/dialogue/session.ts';
import { decodeSession, encodeSession } from '../../src/dialogue/sessionCodec.ts';
import { largestSession } from '../support/largestSession.ts';
import { kb } from './engineHarness.ts';

describe('stored sessions', () => {
  it('round-trip through the compact stored form', () => {
    let session = freshSession();
    for (const text of ['hi', '/retake', 'step 1', '2', 'not sure', 'below']) {
      session = step(
        session,
        text.startsWith('/') ? { kind: 'command', name: text.slice(1) } : { kind: 'text', text },
        kb,
      ).session!;
    }
    expect(decodeSession(encodeSession(session))).toEqual(session);
    expect(session.unsure).toEqual(['retakePassed']);
  });

  it.each([
    ['corrupt JSON', '{"v":1,"s":'],
    ['another version', JSON.stringify({ v: 99, s: { kind: 'menu' }, p: [] })],
    [
      'a value the schema rejects',
      JSON.stringify({ v: 1, s: { kind: 'asking', topic: 'retake', fact: 'nope' }, p: [] }),
    ],
    [
      'a profile value out of range',
      JSON.stringify({ v: 1, s: { kind: 'menu' }, p: ['step1', 99] }),
    ],
    ['not an object', '42'],
  ])('reset %s to a fresh session, and the person is told', (_what, raw) => {
    const session = decodeSession(raw);
    expect(session).toMatchObject({ state: { kind: 'welcome' }, profile: {}, notice: 'reset' });
    const result = step(session, { kind: 'text', text: 'hi' }, kb);
    expect(result.replies[0]).toEqual({
      kind: 'text',
      text: expect.stringMatching(/couldn't read what we'd saved/),
    });
    expect(result.session?.notice).toBeUndefined();
  });
});

describe('the stored session with free-text additions', () => {
  it('round-trips facts undo entries, with enum values stored by position', () => {
    const session: Session = {
      ...freshSession(),
      state: { kind: 'menu' },
      profile: { failedExam: 'step1', usce: 'hands_on' },
      undo: [
        { topic: 'retake', fact: 'failedExam', wasUnsure: false },
        {
          facts: [
            { fact: 'usce', previous: 'short_observership', wasUnsure: false },
            { fact: 'failedAttempts', previous: 3, wasUnsure: true },
            { fact: 'retakePassed', previous: false, wasUnsure: false },
            { fact: 'failedExam', wasUnsure: false },
          ],
        },
      ],
      country: 'IN',
    };
    const stored = encodeSession(session);
    expect(stored).not.toContain('short_observership');
    expect(decodeSession(stored)).toEqual(session);
  });

  it('round-trips the country question and clarifying detours', () => {
    const states: Session['state'][] = [
      { kind: 'ask_country', resume: { kind: 'asking', topic: 'retake', fact: 'failedExam' } },
      {
        kind: 'clarifying',
        choices: ['faq.programs_think_stupid', 'outlook', 'cycles'],
        resume: { kind: 'answered', topic: 'statement' },
      },
    ];
    for (const state of states) {
      const session: Session = { ...freshSession(), state };
      expect(decodeSession(encodeSession(session))).toEqual(session);
    }
  });

  it('stays under 1 KiB at its very largest', () => {
    const worst = largestSession(kb);
    const stored = encodeSession(worst);
    expect(Buffer.byteLength(stored)).toBeLessThan(1024);
    expect(decodeSession(stored)).toEqual(worst);
  });

  it('still reads sessions stored before these additions', () => {
    const before = JSON.stringify({
      v: 1,
      s: { kind: 'asking', topic: 'retake', fact: 'failedAttempts' },
      p: ['step1'],
      b: [[0, 0, 0]],
    });
    expect(decodeSession(before)).toEqual({
      v: 1,
      state: { kind: 'asking', topic: 'retake', fact: 'failedAttempts' },
      profile: { failedExam: 'step1' },
      unsure: [],
      undo: [{ topic: 'retake', fact: 'failedExam', wasUnsure: false }],
    });
  });

  it('resets an unknown version or a country that is no country', () => {
    expect(decodeSession(JSON.stringify({ v: 2, s: { kind: 'menu' }, p: [] })).notice).toBe(
      'reset',
    );
    expect(
      decodeSession(JSON.stringify({ v: 1, s: { kind: 'menu' }, p: [], c: 'Narnia' })).notice,
    ).toBe('reset');
  });
});

describe('the sealed stored form', () => {
  it('is checked by its seal, and a broken seal sends it through the full schema', () => {
    const session: Session = {
      ...freshSession(),
      state: { kind: 'menu' },
      profile: { failedExam: 'step1', failedAttempts: 2 },
    };
    const stored = encodeSession(session);
    expect(stored).toMatch(/\u0000[0-9a-z]+$/);
    expect(decodeSession(stored)).toEqual(session);
    // Edited in place (seal now wrong) to a value the schema rejects: read as unreadable.
    const edited = stored.replace('"p":["step1",2]', '"p":["step1",99]');
    expect(edited).not.toBe(stored);
    expect(decodeSession(edited).notice).toBe('reset');
    // Edited to a valid value: the schema accepts it.
    expect(decodeSession(stored.replace('"p":["step1",2]', '"p":["step1",3]')).profile).toEqual({
      failedExam: 'step1',
      failedAttempts: 3,
    });
  });
});
