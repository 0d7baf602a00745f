import type { Decision } from './advice.ts';
import { attemptStatus } from './attemptStatus.ts';
import { DecisionDraft } from './decisionDraft.ts';
import type { Profile } from './profile.ts';

/**
 * How many Match cycles before pivoting. Two or three realistic cycles with better
 * scores and strong US experience that still bring nothing mean it is time to
 * rethink; an unrealistic strategy has to change before cycles count at all.
 */
export function cycles(profile: Profile): Decision {
  const d = new DecisionDraft('cycles', profile);
  const attempts = attemptStatus(profile);
  const cyclesApplied = profile.cyclesApplied;
  const strongUsce = profile.usce === 'hands_on' || profile.usce === 'long_observership';

  if (attempts.exhausted) {
    d.decide('consider_pivot', 'cycles.attempt_limit_reached', ['failedExam', 'failedAttempts']);
    d.basis('cycles.attempt_limit_rule', [], 'rules.usmle_attempt_limit');
  } else if (profile.strain === 'severe') {
    d.decide('consider_pivot', 'cycles.severe_strain', ['strain']);
  } else if (attempts.multipleUsmleFailures && profile.scoresImproved === false) {
    d.decide('consider_pivot', 'cycles.repeated_failures_no_trend', [
      'failedAttempts',
      'otherStepFailures',
      'scoresImproved',
    ]);
  } else if (profile.strategyRealistic === false || profile.programMix === 'mostly_university') {
    d.decide('apply_with_changes', 'cycles.unrealistic_strategy', [
      'strategyRealistic',
      'programMix',
    ]);
    d.act('cycles.act.rebalance_list').act('cycles.act.apply_broadly');
  } else if (cyclesApplied !== undefined && cyclesApplied >= 2) {
    realisticCycles(d, profile, strongUsce);
  } else if (cyclesApplied === 1) {
    d.decide('apply_with_changes', 'cycles.after_one_cycle', ['cyclesApplied']);
    d.act('cycles.act.review_last_cycle').act('cycles.act.strengthen_file');
  } else if (profile.retakePassed === false && attempts.usmle) {
    d.decide('apply_with_changes', 'cycles.pass_before_applying', [
      'retakePassed',
      'monthsToApplication',
    ]);
    d.act('cycles.act.decide_apply_or_delay');
  } else {
    d.decide('apply', 'cycles.first_cycle', ['cyclesApplied']);
    if (cyclesApplied === undefined) d.assume('cyclesApplied', 'cycles.assume.first_cycle');
    d.act('cycles.act.apply_broadly').act('cycles.act.decide_how_many');
  }

  if (d.current === 'consider_pivot') {
    d.act('cycles.act.personal_decision')
      .act('cycles.act.pivot_abroad')
      .act('cycles.act.pivot_nonclinical')
      .act('cycles.act.pivot_back_door');
  }
  // A certificate from a Pathway can lapse while cycles go by without a match.
  if (cyclesApplied !== undefined && cyclesApplied >= 1 && d.current !== 'consider_pivot') {
    d.caution('cycles.certificate_validity', ['cyclesApplied'], 'rules.ecfmg_pathway_validity');
  }
  if (profile.yearsSinceGraduation !== undefined && profile.yearsSinceGraduation >= 7) {
    d.risk('cycles.risk.graduation_year', ['yearsSinceGraduation'], 'risk.graduation_year');
  }
  if (profile.usce === 'none') d.risk('cycles.risk.no_usce', ['usce'], 'risk.no_usce');
  if (profile.strategyRealistic === undefined) d.ask('strategyRealistic');
  if (cyclesApplied === undefined) d.ask('cyclesApplied');
  return d.finish();
}

function realisticCycles(d: DecisionDraft<'cycles'>, profile: Profile, strongUsce: boolean): void {
  const gaps: ('scoresImproved' | 'usce' | 'strategyRealistic')[] = [];
  if (profile.scoresImproved !== true) gaps.push('scoresImproved');
  if (!strongUsce) gaps.push('usce');
  if (profile.strategyRealistic !== true) gaps.push('strategyRealistic');

  if (gaps.length > 0) {
    d.decide('apply_with_changes', 'cycles.realistic_version_untested', ['cyclesApplied', ...gaps]);
    for (const gap of gaps) d.ask(gap);
    d.act('cycles.act.strengthen_file').act('cycles.act.review_last_cycle');
    return;
  }
  if (profile.interviewsLastCycle !== undefined && profile.interviewsLastCycle > 0) {
    d.decide('apply_with_changes', 'cycles.interviews_without_match', [
      'cyclesApplied',
      'interviewsLastCycle',
    ]);
    d.act('cycles.act.interview_skills').act('cycles.act.apply_broadly');
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
