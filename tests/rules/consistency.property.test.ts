import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Topic } from '../../src/rules/advice.ts';
import { advise, decide, screenLimits } from '../../src/rules/advise.ts';
import { consistencyRules, inconsistencies } from '../../src/rules/consistency.ts';
import { kb } from './fixture.ts';
import { anyProfile } from './profileArbitrary.ts';

describe('the six topics, for any profile', () => {
  it('keep every consistency rule', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        expect(inconsistencies(profile)).toEqual([]);
      }),
      { numRuns: 4000 },
    );
  });

  it('fit one phone screen: at most four reasons and three actions, each said once', () => {
    fc.assert(
      fc.property(anyProfile, fc.constantFrom(...Topic.options), (profile, topic) => {
        const advice = advise(topic, profile, kb);
        expect(advice.reasons.length).toBeLessThanOrEqual(screenLimits.reasons);
        expect(advice.actions.length).toBeLessThanOrEqual(screenLimits.actions);
        const texts = [...advice.reasons, ...advice.more.reasons].map((r) => r.text);
        expect(new Set(texts).size).toBe(texts.length);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('the consistency check', () => {
  const limit = { failedExam: 'step1', failedAttempts: 4, retakePassed: false } as const;

  it('catches a topic that contradicts the standing', () => {
    // The outlook as it was before the standing: a strong retake at the attempt limit.
    const old = {
      ...decide.outlook(limit),
      verdict: 'severe',
      reasons: [
        {
          rule: 'outlook.not_yet_passed',
          kind: 'caution' as const,
          facts: {},
          knowledge: 'outlook.not_yet_passed',
        },
      ],
      actions: [{ knowledge: 'outlook.aim.community_programs' }],
    };
    expect(inconsistencies(limit, consistencyRules, { outlook: old })).toEqual([
      { rule: 'closed.no_retake_way', topic: 'outlook', problem: 'says outlook.not_yet_passed' },
      {
        rule: 'closed.no_applying',
        topic: 'outlook',
        problem: 'says outlook.aim.community_programs',
      },
      {
        rule: 'closed.real_options',
        topic: 'outlook',
        problem: 'lacks options.act.look_at_routes',
      },
      { rule: 'closed.real_options', topic: 'outlook', problem: 'lacks options.act.ask_ecfmg' },
      { rule: 'closed.verdicts', topic: 'outlook', problem: 'verdict severe' },
    ]);
  });

  it('takes a new rule as one more line of data', () => {
    const rule = {
      id: 'test.never_outlook_routes',
      why: 'a rule the current answers break, to show a line is enough',
      when: { standing: { routeClosed: [true] } },
      topics: ['outlook' as const],
      never: ['options.*'],
    };
    expect(inconsistencies(limit, [rule]).map((i) => i.rule)).toContain(rule.id);
  });
});
