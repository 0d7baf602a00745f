import { z } from 'zod';
import { type Decision, Topic } from './advice.ts';
import { decide } from './advise.ts';
import { FactName, type Profile } from './profile.ts';
import { Standing, standingOf } from './standing.ts';

/**
 * What must hold between the topics for one person, written as data so that a new
 * rule is one line. `when` picks the people it is about (standing fields and profile
 * facts, each one of the listed values); then on the listed topics (all by default)
 * the verdict must be one of `verdicts`, no reason or action may use a `never`
 * id and every `always` id must appear. An id ending in `*` is a prefix.
 */
export const ConsistencyRule = z
  .object({
    id: z.string(),
    /** Why the rule exists, said once so a failing check explains itself. */
    why: z.string(),
    when: z
      .object({
        standing: z.partialRecord(
          Standing.keyof(),
          z.array(z.union([z.string(), z.number(), z.boolean()])),
        ),
        profile: z.partialRecord(FactName, z.array(z.union([z.string(), z.number(), z.boolean()]))),
      })
      .partial(),
    topics: z.array(Topic).optional(),
    verdicts: z.array(z.string()).optional(),
    never: z.array(z.string()).optional(),
    always: z.array(z.string()).optional(),
  })
  .strict();
/** One consistency rule. */
export type ConsistencyRule = z.infer<typeof ConsistencyRule>;

const yes = [true];
const anyMonths = Array.from({ length: 37 }, (_, i) => i);
const applicantAdvice = [
  'cycles.act.*',
  'plan.counterweight.*',
  'plan.apply_or_delay*',
  'outlook.aim.*',
  'program_type.*',
  'program_reaction.*',
  'statement.act.interview_honesty',
  'retake.act.build_counterweight',
];

/** The rules every set of six answers must keep. */
// biome-ignore format: one rule per line, so that a new rule is one more line
export const consistencyRules: readonly ConsistencyRule[] = [
  { id: 'closed.no_retake_way', why: 'no attempt is left, so no topic may point to a retake', when: { standing: { routeClosed: yes } }, never: ['retake.act.take_practice_test', 'retake.act.reschedule_deliberately', 'retake.act.target_margin', 'retake.act.keep_sharpening', 'outlook.not_yet_passed', 'outlook.impact.before_pass', 'improve.strong_retake', 'statement.no_pass_yet', 'step3.act.follow_retake_advice', 'step3.pass_failed_exam_first', 'plan.schedule.*', 'plan.track.retake_first'] },
  { id: 'closed.no_applying', why: 'no attempt is left, so no topic may speak of applying', when: { standing: { routeClosed: yes } }, never: applicantAdvice },
  { id: 'closed.real_options', why: 'the outlook turns to the routes that remain', when: { standing: { routeClosed: yes } }, topics: ['outlook'], always: ['options.act.look_at_routes', 'options.act.ask_ecfmg'] },
  { id: 'closed.plan_steps', why: 'the plan takes steps on those routes', when: { standing: { routeClosed: yes } }, topics: ['plan'], always: ['plan.routes.*'] },
  { id: 'closed.say_why_not', why: 'statement, Step 3 and cycles say they don’t apply now', when: { standing: { routeClosed: yes } }, topics: ['statement', 'step3', 'cycles'], verdicts: ['not_applicable'] },
  { id: 'closed.verdicts', why: 'the retake, outlook and plan verdicts say the route is closed', when: { standing: { routeClosed: yes } }, topics: ['retake', 'outlook', 'plan'], verdicts: ['no_attempts_left', 'route_closed', 'other_routes'] },
  { id: 'last.said_plainly', why: 'after three failures the retake says what the last attempt means', when: { standing: { attempts: ['next_is_last'] } }, topics: ['retake'], always: ['retake.last_attempt_means'] },
  { id: 'last.in_outlook', why: 'the outlook says it too, instead of a generic "strong retake"', when: { standing: { attempts: ['next_is_last'] }, profile: { failedExam: ['step1', 'step2ck', 'step3'] } }, topics: ['outlook'], always: ['retake.last_attempt_means'], never: ['outlook.not_yet_passed'] },
  { id: 'second_fail.only_after_one', why: '"a second failure" is only true after exactly one', when: { standing: { failures: [2, 3, 4, 5, 6, 7, 8, 9, 10] } }, never: ['retake.second_fail_costs_more'] },
  { id: 'resident.no_applicant_advice', why: 'residents never get applicant advice', when: { standing: { role: ['resident'] } }, never: applicantAdvice },
  { id: 'resident.own_verdicts', why: 'statement and cycles don’t apply to a resident; the plan is a resident’s', when: { standing: { role: ['resident'] } }, topics: ['statement', 'cycles', 'plan'], verdicts: ['not_applicable', 'resident_remediation', 'other_routes'] },
  { id: 'first_days.only_recent', why: 'first-days advice is for a fresh failure only', when: { standing: { failure: ['old', 'unknown'] } }, never: ['plan.first_days'] },
  { id: 'passed.no_retake', why: 'a passed exam has no retake to plan', when: { standing: { passed: ['yes'] } }, never: ['outlook.not_yet_passed', 'statement.no_pass_yet', 'plan.schedule.*', 'outlook.impact.before_pass'] },
  { id: 'done.scores', why: 'never recommend what is done: better scores', when: { profile: { scoresImproved: yes } }, never: ['cycles.act.strengthen_scores'] },
  { id: 'done.usce', why: 'never recommend what is done: real US experience', when: { profile: { usce: ['hands_on', 'long_observership'] } }, never: ['cycles.act.strengthen_usce', 'plan.counterweight.usce'] },
  { id: 'done.letters', why: 'never recommend what is done: strong letters', when: { profile: { usLetters: ['strong'] } }, never: ['cycles.act.strengthen_letters', 'plan.counterweight.letters'] },
  { id: 'done.community_list', why: 'never recommend what is done: a community-heavy, realistic list', when: { profile: { programMix: ['mostly_community'], strategyRealistic: yes } }, never: ['cycles.act.rebalance_list', 'cycles.act.apply_broadly', 'plan.counterweight.program_list'] },
  { id: 'known.season', why: 'no "if the season is near" when the months are known', when: { profile: { monthsToApplication: anyMonths } }, never: ['plan.apply_or_delay', 'cycles.act.decide_apply_or_delay'] },
  { id: 'never_applied.no_again', why: 'someone who never applied isn’t told to apply "again" or to review a last cycle', when: { profile: { cyclesApplied: [0] } }, never: ['cycles.after_one_cycle', 'cycles.realistic_version_untested', 'cycles.act.review_last_cycle', 'cycles.act.interview_skills'] },
];

/** One broken rule: which, on which topic, and what broke it. */
export interface Inconsistency {
  rule: string;
  topic: Topic;
  problem: string;
}

/** Every id a decision speaks with: its reasons' knowledge and its actions. */
function spokenIds(decision: Decision): string[] {
  return [...decision.reasons.map((r) => r.knowledge), ...decision.actions.map((a) => a.knowledge)];
}

function matches(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
}

function applies(rule: ConsistencyRule, standing: Standing, profile: Profile): boolean {
  const standingHolds = Object.entries(rule.when.standing ?? {}).every(([key, values]) =>
    values?.includes(standing[key as keyof Standing] as string | number | boolean),
  );
  const profileHolds = Object.entries(rule.when.profile ?? {}).every(([fact, values]) =>
    values?.includes(profile[fact as keyof Profile] as string | number | boolean),
  );
  return standingHolds && profileHolds;
}

/**
 * Checks the six decisions for one profile against the rules; empty when they tell
 * one story. Decisions can be passed in (a test proving the check can fail does).
 */
export function inconsistencies(
  profile: Profile,
  rules: readonly ConsistencyRule[] = consistencyRules,
  decisions: Partial<Record<Topic, Decision>> = {},
): Inconsistency[] {
  const standing = standingOf(profile);
  const found: Inconsistency[] = [];
  for (const topic of Topic.options) {
    const decision = decisions[topic] ?? decide[topic](profile, standing);
    const ids = spokenIds(decision);
    for (const rule of rules) {
      if (rule.topics && !rule.topics.includes(topic)) continue;
      if (!applies(rule, standing, profile)) continue;
      if (rule.verdicts && !rule.verdicts.includes(decision.verdict))
        found.push({ rule: rule.id, topic, problem: `verdict ${decision.verdict}` });
      for (const pattern of rule.never ?? []) {
        const hit = ids.find((id) => matches(pattern, id));
        if (hit) found.push({ rule: rule.id, topic, problem: `says ${hit}` });
      }
      for (const pattern of rule.always ?? []) {
        if (!ids.some((id) => matches(pattern, id)))
          found.push({ rule: rule.id, topic, problem: `lacks ${pattern}` });
      }
    }
  }
  return found;
}
