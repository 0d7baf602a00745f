import { describe, expect, it } from 'vitest';
import { Standing, standingOf } from '../../src/rules/standing.ts';

describe('standing', () => {
  it('counts attempts against the limit of four', () => {
    expect(standingOf({ failedExam: 'step1', failedAttempts: 1 })).toMatchObject({
      attempts: 'open',
      attemptsLeft: 3,
      routeClosed: false,
    });
    expect(standingOf({ failedExam: 'step1', failedAttempts: 3 })).toMatchObject({
      attempts: 'next_is_last',
      attemptsLeft: 1,
    });
    expect(standingOf({ failedExam: 'step2ck', failedAttempts: 4 })).toMatchObject({
      attempts: 'none_left',
      attemptsLeft: 0,
      routeClosed: true,
    });
  });

  it('is not capped once passed, or for an exam that is not a Step', () => {
    expect(
      standingOf({ failedExam: 'step1', failedAttempts: 4, retakePassed: true }),
    ).toMatchObject({ attempts: 'not_capped', routeClosed: false, passed: 'yes' });
    expect(standingOf({ failedExam: 'oet_ielts', failedAttempts: 5 }).attempts).toBe('not_capped');
    expect(standingOf({ failedExam: 'oet_ielts' })).not.toHaveProperty('attemptsLeft');
  });

  it('reads the role: said, implied by an in-training exam, open only for Step 3', () => {
    expect(standingOf({ role: 'other' })).toMatchObject({ role: 'other', roleKnown: true });
    expect(standingOf({ failedExam: 'in_training' })).toMatchObject({
      role: 'resident',
      roleKnown: true,
    });
    expect(standingOf({ failedExam: 'step1' })).toMatchObject({
      role: 'applicant',
      roleKnown: true,
    });
    expect(standingOf({ failedExam: 'step3' })).toMatchObject({
      role: 'applicant',
      roleKnown: false,
    });
  });

  it('tells a fresh failure from an old one', () => {
    expect(standingOf({ failureRecency: 'recent' }).failure).toBe('recent');
    expect(standingOf({ retakePassed: true }).failure).toBe('old');
    expect(standingOf({ cyclesApplied: 2 }).failure).toBe('old');
    expect(standingOf({}).failure).toBe('unknown');
  });

  it('carries cycles and years out when known, and is always schema-valid', () => {
    const s = standingOf({ cyclesApplied: 3, yearsSinceGraduation: 8 });
    expect(s).toMatchObject({ cycles: 3, yearsOut: 8 });
    expect(Standing.parse(s)).toEqual(s);
    expect(standingOf({})).not.toHaveProperty('cycles');
  });
});
