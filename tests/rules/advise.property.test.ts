import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Advice, Topic, verdictsByTopic } from '../../src/rules/advice.ts';
import { advise } from '../../src/rules/advise.ts';
import { kb } from './fixture.ts';
import { anyProfile } from './profileArbitrary.ts';

describe('advise, for any valid profile', () => {
  it('answers every topic with a schema-valid advice and a known verdict', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        for (const topic of Topic.options) {
          const advice = advise(topic, profile, kb);
          expect(Advice.parse(advice)).toEqual(advice);
          expect(advice.topic).toBe(topic);
          expect(verdictsByTopic[topic]).toContain(advice.verdict);
          expect(advice.headline.length).toBeGreaterThan(0);
          expect(advice.reasons.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same profile the same answer every time', () => {
    fc.assert(
      fc.property(anyProfile, fc.constantFrom(...Topic.options), (profile, topic) => {
        expect(advise(topic, structuredClone(profile), kb)).toEqual(advise(topic, profile, kb));
      }),
      { numRuns: 500 },
    );
  });

  it('cites only facts the profile holds, with the values it holds', () => {
    fc.assert(
      fc.property(anyProfile, fc.constantFrom(...Topic.options), (profile, topic) => {
        for (const reason of advise(topic, profile, kb).reasons) {
          for (const [fact, value] of Object.entries(reason.facts)) {
            expect(profile[fact as keyof typeof profile]).toBe(value);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('asks only for facts that are unknown, and assumes only unknown facts', () => {
    fc.assert(
      fc.property(anyProfile, fc.constantFrom(...Topic.options), (profile, topic) => {
        const advice = advise(topic, profile, kb);
        for (const fact of advice.nextQuestions) expect(profile[fact]).toBeUndefined();
        for (const a of advice.assumptions) expect(profile[a.fact]).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('never lets fear alone change the retake verdict', () => {
    fc.assert(
      fc.property(anyProfile, (profile) => {
        const afraid = advise('retake', { ...profile, fearOfFailing: true }, kb).verdict;
        const calm = advise('retake', { ...profile, fearOfFailing: false }, kb).verdict;
        expect(afraid).toBe(calm);
      }),
      { numRuns: 500 },
    );
  });

  it('reaches every verdict of every topic for some profile', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(anyProfile, (profile) => {
        for (const topic of Topic.options)
          reached.add(`${topic}.${advise(topic, profile, kb).verdict}`);
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    const all = Topic.options.flatMap((t) => verdictsByTopic[t].map((v) => `${t}.${v}`));
    expect([...reached].sort()).toEqual(all.sort());
  });
});
