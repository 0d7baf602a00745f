import type { Knowledge } from '../knowledge/schema.ts';
import type { Topic } from '../rules/advice.ts';
import type { Profile } from '../rules/profile.ts';
import { standingOf } from '../rules/standing.ts';
import { say } from './say.ts';

/** A question that deserves a straight answer before any follow-up question. */
export type DirectQuestion = 'is_it_over' | 'fired';

const isItOver =
  /\b(?:is it (?:all )?over|is (?:my|this|it) (?:career|dream|future|life)? ?(?:over|ruined|finished|done)|(?:have|did) i (?:ruin|ruined|destroy|destroyed) (?:my|everything)|does (?:this|it) ruin|am i (?:done|finished)|is there (?:any|still) hope|should i give up)\b/;
const fired =
  /\b(?:will|could|can|would|am) i (?:going to )?(?:get|be) (?:fired|dismissed|kicked out|terminated)|(?:lose|losing) my (?:position|residency|spot|job)\b/;

/**
 * The direct question in a normalized message, if any. "Is it over for me?" asked
 * after three failures used to get "I understood" and the menu; a frightened
 * question gets its answer first, then the questions that sharpen it.
 */
export function directQuestionOf(normalized: string): DirectQuestion | undefined {
  if (fired.test(normalized)) return 'fired';
  if (isItOver.test(normalized)) return 'is_it_over';
  return undefined;
}

/**
 * The straight answer for this person's standing, and the topic that goes on from
 * it (the outlook: it says what remains, or for a resident what the exam means).
 */
export function directAnswer(
  question: DirectQuestion,
  profile: Profile,
  kb: Knowledge,
): { text: string; topic: Topic } {
  const standing = standingOf(profile);
  if (question === 'fired') return { text: say(kb, 'direct.fired'), topic: 'outlook' };
  if (standing.role === 'resident' && profile.failedExam === 'in_training')
    return { text: say(kb, 'direct.is_it_over.resident'), topic: 'outlook' };
  const which = standing.routeClosed
    ? 'direct.is_it_over.route_closed'
    : standing.attempts === 'next_is_last'
      ? 'direct.is_it_over.last_attempt'
      : 'direct.is_it_over.open';
  return { text: say(kb, which), topic: 'outlook' };
}
