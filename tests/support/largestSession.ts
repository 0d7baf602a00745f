import {
  freshSession,
  maxFactsPerMessage,
  type Session,
  undoDepth,
} from '../../src/dialogue/session.ts';
import type { Knowledge } from '../../src/knowledge/schema.ts';
import { FactName, Profile } from '../../src/rules/profile.ts';

/** The longest value a fact can take through its question (numbers at their maximum). */
function longestValue(fact: FactName, kb: Knowledge): string | number | boolean {
  const question = kb.questions.get(fact)!;
  if (question.number) return question.number.max;
  const values = question.options.map((o) => o.value);
  if (values.every((v) => typeof v === 'boolean')) return false;
  return [...values].sort((a, b) => String(b).length - String(a).length)[0]!;
}

/**
 * The largest session the engine can hold: every fact known with its longest value, a
 * full undo stack of the biggest facts-from-one-message entries, the longest detour state.
 */
export function largestSession(kb: Knowledge): Session {
  const profile: Record<string, unknown> = {};
  for (const fact of FactName.options) profile[fact] = longestValue(fact, kb);
  const biggest = FactName.options
    .map((fact) => ({ fact, previous: longestValue(fact, kb), wasUnsure: true }))
    .sort((a, b) => String(b.previous).length - String(a.previous).length)
    .slice(0, maxFactsPerMessage);
  return {
    ...freshSession(),
    profile: Profile.parse(profile),
    unsure: [],
    undo: Array.from({ length: undoDepth }, () => ({ facts: biggest })),
    state: {
      kind: 'clarifying',
      choices: ['faq.programs_think_stupid', 'faq.postpone_from_fear', 'faq.follow_forever'],
      resume: { kind: 'asking', topic: 'statement', fact: 'interviewsLastCycle' },
    },
    lastAnswer: { topic: 'statement', verdict: 'strengthen_and_apply' },
    country: 'other',
    // The longest zone name the runtime knows.
    timeZone: 'America/Argentina/Rio_Gallegos',
    notice: 'reset',
  };
}
