import { describe, expect, it } from 'vitest';
import {
  freshSession,
  maxFactsPerMessage,
  type Session,
  undoDepth,
} from '../../../src/dialogue/session.ts';
import { decodeSession, encodeSession } from '../../../src/dialogue/sessionCodec.ts';
import { FactName, Profile } from '../../../src/rules/profile.ts';
import { kb } from '../engineHarness.ts';

/** Each fact's longest allowed value, so the stored form is as big as it can get. */
function longestValue(fact: FactName): string | number | boolean {
  const question = kb.questions.get(fact)!;
  if (question.number) return question.number.max;
  const values = question.options.map((o) => o.value);
  if (values.every((v) => typeof v === 'boolean')) return false;
  return [...values].sort((a, b) => String(b).length - String(a).length)[0]!;
}

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
    const profile: Record<string, unknown> = {};
    for (const fact of FactName.options) profile[fact] = longestValue(fact);
    const biggest = FactName.options
      .map((fact) => ({ fact, previous: longestValue(fact), wasUnsure: true }))
      .sort((a, b) => String(b.previous).length - String(a.previous).length)
      .slice(0, maxFactsPerMessage);
    const worst: Session = {
      ...freshSession(),
      profile: Profile.parse(profile),
      unsure: [],
      // Every entry as full as one message can make it, with the longest earlier values.
      undo: Array.from({ length: undoDepth }, () => ({ facts: biggest })),
      state: {
        kind: 'clarifying',
        choices: ['faq.programs_think_stupid', 'faq.postpone_from_fear', 'faq.follow_forever'],
        resume: { kind: 'asking', topic: 'statement', fact: 'interviewsLastCycle' },
      },
      lastAnswer: { topic: 'statement', verdict: 'strengthen_and_apply' },
      country: 'other',
      notice: 'reset',
    };
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
