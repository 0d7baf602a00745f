import { describe, expect, it } from 'vitest';
import { withoutRepeats } from '../../src/dialogue/repeatedLines.ts';
import { advise } from '../../src/rules/advise.ts';
import { kb } from './engineHarness.ts';

const limit = { failedExam: 'step1', failedAttempts: 4 } as const;

describe('lines said once per conversation', () => {
  it('moves a line shown by an earlier topic behind why, keeping the deciding reason', () => {
    const retake = advise('retake', limit, kb);
    const plan = advise('outlook', limit, kb);
    const shared = plan.actions.filter((a) => retake.actions.some((o) => o.text === a.text));
    expect(shared.length).toBeGreaterThan(0);
    const after = withoutRepeats(plan, ['retake'], limit, kb);
    for (const a of shared) {
      expect(after.actions.map((x) => x.text)).not.toContain(a.text);
      expect(after.more.actions.map((x) => x.text)).toContain(a.text);
    }
    expect(after.reasons[0]).toEqual(plan.reasons[0]);
  });

  it('changes nothing for the first answer, or the same topic again', () => {
    const retake = advise('retake', limit, kb);
    expect(withoutRepeats(retake, [], limit, kb)).toEqual(retake);
    expect(withoutRepeats(retake, ['retake'], limit, kb)).toEqual(retake);
  });
});

describe('an answer whose every action was said before', () => {
  it('keeps its actions rather than show nothing to do', () => {
    const retake = advise('retake', limit, kb);
    // The same actions under another topic: every one was shown by the retake answer.
    const echo = { ...retake, topic: 'plan' as const };
    const after = withoutRepeats(echo, ['retake'], limit, kb);
    expect(after.actions.length).toBeGreaterThan(0);
    expect(after.actions).toEqual(retake.actions);
  });
});
