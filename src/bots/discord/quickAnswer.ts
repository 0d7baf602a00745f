import type { Knowledge } from '../../knowledge/schema.ts';
import type { Advice } from '../../rules/advice.ts';
import { advise } from '../../rules/advise.ts';
import { Profile } from '../../rules/profile.ts';
import type { QuickOption, QuickTopic } from './commandDefinitions.ts';

/** An option as a slash command delivers it (discord.js `CommandInteractionOption`). */
export interface GivenOption {
  name: string;
  value?: string | number | boolean | null | undefined;
}

/**
 * A quick answer, or why there is none: options this version of the command doesn't have, or
 * values outside its choices — what an outdated registration or a forged interaction sends.
 */
export type QuickAnswer =
  | { ok: true; topic: QuickTopic; facts: Profile; advice: Advice }
  | { ok: false; problems: string[] };

/**
 * The stateless answer to a quick-answer command: each option fills the fact it stands for,
 * the facts are validated with the profile schema and the rules core answers. Nothing is read
 * from or written to the person's session.
 */
export function quickAnswer(
  topic: QuickTopic,
  definitions: readonly QuickOption[],
  given: readonly GivenOption[],
  kb: Knowledge,
): QuickAnswer {
  const facts = readFacts(definitions, given);
  if (!facts.ok) return facts;
  return { ok: true, topic, facts: facts.profile, advice: advise(topic, facts.profile, kb) };
}

/** Slash options → profile facts, accepting only the options and choices the command offers. */
export function readFacts(
  definitions: readonly QuickOption[],
  given: readonly GivenOption[],
): { ok: true; profile: Profile } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const facts: Record<string, unknown> = {};
  for (const option of given) {
    const definition = definitions.find((d) => d.name === option.name);
    if (!definition) {
      problems.push(`unknown option "${option.name}"`);
      continue;
    }
    if (!fitsDefinition(definition, option.value)) {
      problems.push(`"${String(option.value)}" is not a choice of option "${option.name}"`);
      continue;
    }
    facts[definition.fact] = option.value;
  }
  if (problems.length > 0) return { ok: false, problems };
  const profile = Profile.safeParse(facts);
  if (!profile.success) return { ok: false, problems: profile.error.issues.map((i) => i.message) };
  return { ok: true, profile: profile.data };
}

function fitsDefinition(definition: QuickOption, value: GivenOption['value']): boolean {
  if (definition.type === 'boolean') return typeof value === 'boolean';
  return definition.choices.some((c) => c.value === value);
}
