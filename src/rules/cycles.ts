import type { Decision } from './advice.ts';
import { attemptStatus } from './attemptStatus.ts';
import { DecisionDraft } from './decisionDraft.ts';
import type { Profile } from './profile.ts';
import { type Standing, standingOf } from './standing.ts';

/**
 * The article's frame: two or three realistic cycles (right specialties, broad list,
 * improved scores, solid US experience) that still bring nothing are the point to
 * rethink. The person's own count is measured against it.
 */
export const realisticCycleFrame = 3;

/**
 * How many Match cycles before pivoting. Two or three realistic cycles with better
 * scores and strong US experience that still bring nothing mean it is time to
 * rethink; an unrealistic strategy has to change before cycles count at all.
 */
export function cycles(profile: Profile, standing: Standing = standingOf(profile)): Decision {
  const d = new DecisionDraft('cycles', profile);
  const attempts = attemptStatus(profile);
  const cyclesApplied = profile.cyclesApplied;

  if (standing.role === 'resident') {
    return d
      .decide('not_applicable', 'cycles.resident', ['role', 'failedExam'])
      .act('resident.act.talk_to_pd')
      .finish();
  }
  if (standing.routeClosed) {
    return d
      .decide('not_applicable', 'cycles.attempt_limit_reached', ['failedExam', 'failedAttempts'])
      .basis('cycles.attempt_limit_rule', [], 'rules.usmle_attempt_limit')
      .act('options.act.instead_of_cycles')
      .finish();
  }
  if (profile.strain === 'severe') {
    d.decide('consider_pivot', 'cycles.severe_strain', ['strain']);
  } else if (attempts.multipleUsmleFailures && profile.scoresImproved === false) {
    d.decide('consider_pivot', 'cycles.repeated_failures_no_trend', [
      'failedAttempts',
      'otherStepFailures',
      'scoresImproved',
    ]);
  } else if (standing.passed !== 'yes' && attempts.usmle && (cyclesApplied ?? 0) === 0) {
    // Nobody has applied yet and the Step isn't passed: "apply again" would be wrong twice.
    d.decide('pass_first', 'cycles.pass_before_applying', ['retakePassed', 'monthsToApplication']);
    if (standing.passed === 'unknown') d.ask('retakePassed');
    d.act(seasonAction(profile)).act('cycles.act.decide_how_many');
  } else if (profile.strategyRealistic === false || profile.programMix === 'mostly_university') {
    d.decide('apply_with_changes', 'cycles.unrealistic_strategy', [
      'strategyRealistic',
      'programMix',
    ]);
    d.act('cycles.act.rebalance_list');
  } else if (cyclesApplied !== undefined && cyclesApplied >= 2) {
    realisticCycles(d, profile);
  } else if (cyclesApplied === 1) {
    d.decide('apply_with_changes', 'cycles.after_one_cycle', ['cyclesApplied']);
    d.act('cycles.act.review_last_cycle');
    strengthen(d, profile);
  } else {
    d.decide('apply', 'cycles.first_cycle', ['cyclesApplied']);
    if (cyclesApplied === undefined) d.assume('cyclesApplied', 'cycles.assume.first_cycle');
    if (profile.strategyRealistic !== true && profile.programMix !== 'mostly_community')
      d.act('cycles.act.apply_broadly');
    d.act('cycles.act.decide_how_many');
  }

  if (cyclesApplied !== undefined && cyclesApplied >= 1 && d.current !== 'pass_first') {
    frame(d, cyclesApplied);
  }
  if (d.current === 'consider_pivot') {
    d.act('cycles.act.personal_decision').act('options.act.look_at_routes');
  }
  // A certificate from a Pathway can lapse while cycles go by without a match.
  if (cyclesApplied !== undefined && cyclesApplied >= 1 && d.current !== 'consider_pivot') {
    d.caution('cycles.certificate_validity', ['cyclesApplied'], 'rules.ecfmg_pathway_validity');
  }
  if (profile.yearsSinceGraduation !== undefined && profile.yearsSinceGraduation >= 7) {
    d.risk('cycles.risk.graduation_year', ['yearsSinceGraduation'], 'risk.graduation_year');
  }
  if (profile.usce === 'none') d.risk('cycles.risk.no_usce', ['usce'], 'risk.no_usce');
  if (profile.strategyRealistic === undefined && (cyclesApplied ?? 0) >= 1)
    d.ask('strategyRealistic');
  if (cyclesApplied === undefined) d.ask('cyclesApplied');
  return d.finish();
}

/**
 * The person's cycles against the frame: how many realistic ones are left by it,
 * and from the second cycle on a plan B built alongside rather than after.
 */
function frame(d: DecisionDraft<'cycles'>, cyclesApplied: number): void {
  const left = realisticCycleFrame - cyclesApplied;
  if (left >= 2) d.basis('cycles.frame.room', ['cyclesApplied']);
  else if (left === 1) d.basis('cycles.frame.one_more', ['cyclesApplied']);
  else d.basis('cycles.frame.past', ['cyclesApplied']);
  if (left <= 1 && d.current !== 'consider_pivot') d.act('cycles.act.parallel_plan_b');
}

/** What to strengthen before the next cycle, leaving out what is already done. */
function strengthen(d: DecisionDraft<'cycles'>, profile: Profile): void {
  if (profile.scoresImproved !== true) d.act('cycles.act.strengthen_scores');
  if (profile.usce !== 'hands_on' && profile.usce !== 'long_observership')
    d.act('cycles.act.strengthen_usce');
  if (profile.usLetters !== 'strong') d.act('cycles.act.strengthen_letters');
}

/** The application-season action that fits what is known about the season. */
function seasonAction(profile: Profile): string {
  const months = profile.monthsToApplication;
  if (months === undefined) return 'cycles.act.decide_apply_or_delay';
  return months <= 3 ? 'cycles.act.season_near' : 'cycles.act.season_far';
}

function realisticCycles(d: DecisionDraft<'cycles'>, profile: Profile): void {
  const strongUsce = profile.usce === 'hands_on' || profile.usce === 'long_observership';
  const gaps: ('scoresImproved' | 'usce' | 'strategyRealistic')[] = [];
  if (profile.scoresImproved !== true) gaps.push('scoresImproved');
  if (!strongUsce) gaps.push('usce');
  if (profile.strategyRealistic !== true && profile.programMix !== 'mostly_community')
    gaps.push('strategyRealistic');

  if (profile.interviewsLastCycle !== undefined && profile.interviewsLastCycle > 0) {
    d.decide('apply_with_changes', 'cycles.interviews_without_match', [
      'cyclesApplied',
      'interviewsLastCycle',
    ]);
    d.act('cycles.act.interview_skills');
    return;
  }
  if (gaps.length > 0) {
    d.decide('apply_with_changes', 'cycles.realistic_version_untested', ['cyclesApplied', ...gaps]);
    for (const gap of gaps) d.ask(gap);
    d.act('cycles.act.review_last_cycle');
    strengthen(d, profile);
    return;
  }
  d.decide('consider_pivot', 'cycles.realistic_cycles_no_result', [
    'cyclesApplied',
    'scoresImproved',
    'usce',
    'strategyRealistic',
    'interviewsLastCycle',
  ]);
  if (profile.interviewsLastCycle === undefined) {
    d.assume('interviewsLastCycle', 'cycles.assume.no_interviews');
  }
}
