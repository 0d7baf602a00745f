import type { FactCondition, Knowledge } from '../knowledge/schema.ts';
import type { Topic } from '../rules/advice.ts';
import type { FactName, Profile } from '../rules/profile.ts';

/**
 * The next fact a decision still needs: the first flow step whose fact is unknown,
 * not answered "not sure", and whose conditions hold. Undefined when the decision
 * can be answered.
 */
export function nextFact(
  topic: Topic,
  profile: Profile,
  unsure: readonly FactName[],
  kb: Knowledge,
): FactName | undefined {
  for (const step of kb.flows[topic] ?? []) {
    if (profile[step.fact] !== undefined || unsure.includes(step.fact)) continue;
    if (step.onlyIf && !allHold(step.onlyIf, profile)) continue;
    if (step.skipIf && anyHolds(step.skipIf, profile)) continue;
    return step.fact;
  }
  return undefined;
}

function holds(fact: FactName, expected: FactCondition[FactName], profile: Profile): boolean {
  const value = profile[fact];
  if (value === undefined || expected === undefined) return false;
  if (Array.isArray(expected)) return expected.includes(value);
  return typeof value === 'number' && value >= expected.min;
}

function allHold(condition: FactCondition, profile: Profile): boolean {
  return (Object.keys(condition) as FactName[]).every((f) => holds(f, condition[f], profile));
}

function anyHolds(condition: FactCondition, profile: Profile): boolean {
  return (Object.keys(condition) as FactName[]).some((f) => holds(f, condition[f], profile));
}
