import type { Decision } from './advice.ts';
import { attemptStatus } from './attemptStatus.ts';
import { DecisionDraft } from './decisionDraft.ts';
import { causeActions } from './failureCause.ts';
import { licensureCaution } from './licensure.ts';
import type { Profile } from './profile.ts';

/**
 * When to sit the failed exam again. Readiness decides, never fear: practice
 * scores under the bar mean postpone and fix, no recent practice test means
 * measure first, and a last allowed attempt needs a wider margin.
 */
export function retakeTiming(profile: Profile): Decision {
  const d = new DecisionDraft('retake', profile);
  const attempts = attemptStatus(profile);

  if (profile.failedExam === undefined) d.assume('failedExam', 'retake.assume.usmle');
  if (profile.retakePassed === true) {
    return d
      .decide('already_passed', 'retake.already_passed', ['failedExam', 'retakePassed'])
      .act('retake.act.build_counterweight')
      .finish();
  }
  if (attempts.exhausted) {
    return d
      .decide('no_attempts_left', 'retake.attempt_limit_reached', ['failedExam', 'failedAttempts'])
      .basis('retake.attempt_limit_rule', [], 'rules.usmle_attempt_limit')
      .act('retake.act.confirm_with_usmle')
      .act('retake.act.weigh_pivot')
      .finish();
  }
  if (profile.failedAttempts === undefined) d.assume('failedAttempts', 'retake.assume.one_failure');
  if (profile.retakePassed === undefined) d.assume('retakePassed', 'retake.assume.not_passed');
  if (attempts.nextIsLast) {
    d.caution('retake.last_attempt', ['failedExam', 'failedAttempts'], 'rules.usmle_attempt_limit');
    d.caution('retake.spacing', ['failedAttempts'], 'rules.usmle_retake_spacing');
  }

  const standing = profile.practiceStanding;
  if (standing === undefined || standing === 'none_recent') {
    d.decide('assess_first', 'retake.no_recent_practice', ['practiceStanding']);
    d.act('retake.act.take_practice_test').act('retake.act.diagnose').ask('practiceStanding');
  } else if (standing === 'below' || standing === 'near') {
    d.decide('postpone_and_fix', standing === 'below' ? 'retake.below_bar' : 'retake.near_bar', [
      'practiceStanding',
    ]);
    d.basis('retake.second_fail_costs_more', []);
    if (profile.extraTimeUseful === false) {
      d.caution('retake.time_not_useful', ['extraTimeUseful']);
      d.act('retake.act.restructure_time');
    } else if (profile.extraTimeUseful === undefined) {
      d.assume('extraTimeUseful', 'retake.assume.time_useful');
    }
    d.act('retake.act.reschedule_deliberately').act('retake.act.target_margin');
  } else if (standing === 'above' && attempts.nextIsLast) {
    d.decide('postpone_and_fix', 'retake.last_attempt_needs_margin', [
      'practiceStanding',
      'failedAttempts',
    ]);
    d.act('retake.act.reschedule_deliberately').act('retake.act.target_margin');
  } else {
    d.decide('keep_date', standing === 'above' ? 'retake.above_bar' : 'retake.well_above_bar', [
      'practiceStanding',
    ]);
    d.act('retake.act.keep_sharpening').act('retake.act.final_check');
  }

  if (profile.fearOfFailing === true) {
    if (d.current === 'keep_date') {
      d.basis('retake.fear_not_a_reason', ['fearOfFailing', 'practiceStanding']);
    } else {
      d.caution('retake.readiness_not_fear', ['fearOfFailing']);
    }
    d.act('retake.act.anxiety_support');
  }
  examRules(d, profile);
  licensureCaution(d, profile);
  for (const action of causeActions(profile)) d.act(action);
  if (d.current !== 'assess_first') d.ask('failureCause');
  return d.finish();
}

/** The official figures and clocks that bear on retaking this particular exam. */
function examRules(d: DecisionDraft<'retake'>, profile: Profile): void {
  const exam = profile.failedExam;
  if (exam === 'step2ck')
    d.caution('retake.step2ck_bar', ['failedExam'], 'rules.step2ck_passing_score');
  if (exam === 'oet_ielts') d.caution('retake.oet_minimums', ['failedExam'], 'rules.oet_minimums');
  // Two different clocks run against a postponed Step: ECFMG's, which covers only the
  // exams certification needs (Step 1 and Step 2 CK), and the state boards', which
  // cover all three Steps. Step 3 is outside ECFMG's, so it gets only the boards'.
  if (d.current === 'postpone_and_fix' && exam === 'step2ck') {
    d.caution('retake.ecfmg_time_limit', ['failedExam'], 'rules.ecfmg_time_limit');
  }
  if (d.current === 'postpone_and_fix' && (exam === 'step2ck' || exam === 'step3')) {
    d.caution('retake.licensure_time_limit', ['failedExam'], 'rules.licensure_time_limit');
  }
}
