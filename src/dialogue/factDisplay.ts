import type { Knowledge } from '../knowledge/schema.ts';
import type { FactName } from '../rules/profile.ts';
import { say } from './say.ts';

/** A fact's label as people read it ("Exam failed"). */
export function factLabel(fact: FactName, kb: Knowledge): string {
  return kb.questions.get(fact)?.label ?? fact;
}

/** A fact's value as people read it: the option label, or the number itself. */
export function factValue(fact: FactName, value: string | number | boolean, kb: Knowledge): string {
  const option = kb.questions.get(fact)?.options.find((o) => o.value === value);
  return option ? option.label : String(value);
}

/** "Label: value" for each fact given, in the order the questions are defined. */
export function describeFacts(
  facts: Partial<Record<FactName, string | number | boolean>>,
  kb: Knowledge,
): string[] {
  return describeProfile(facts, [], kb);
}

/** Everything known about the person, "not sure" answers included. */
export function describeProfile(
  profile: Partial<Record<FactName, string | number | boolean>>,
  unsure: readonly FactName[],
  kb: Knowledge,
): string[] {
  const lines: string[] = [];
  for (const fact of kb.questions.keys()) {
    const value = profile[fact];
    if (value !== undefined) lines.push(`${factLabel(fact, kb)}: ${factValue(fact, value, kb)}`);
    else if (unsure.includes(fact))
      lines.push(`${factLabel(fact, kb)}: ${say(kb, 'dialogue.profile.unsure')}`);
  }
  return lines;
}
