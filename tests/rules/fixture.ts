import { loadKnowledge } from '../../src/knowledge/load.ts';
import type { Topic } from '../../src/rules/advice.ts';
import { advise } from '../../src/rules/advise.ts';
import type { Profile } from '../../src/rules/profile.ts';

/** The shipped knowledge base, loaded once per test file. */
export const kb = loadKnowledge();

/**
 * Advice on a topic for a profile, with shortcuts for what tests assert most. `rules`
 * and `actions` cover the whole answer, what fits the screen and what waits behind `why`.
 */
export function ask(topic: Topic, profile: Profile) {
  const advice = advise(topic, profile, kb);
  return {
    advice,
    verdict: advice.verdict,
    rules: [...advice.reasons, ...advice.more.reasons].map((r) => r.rule),
    actions: [...advice.actions, ...advice.more.actions].map((a) => a.id),
    assumed: advice.assumptions.map((a) => a.fact),
    asks: advice.nextQuestions,
  };
}
