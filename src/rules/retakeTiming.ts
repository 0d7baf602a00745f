import type { Decision } from './advice.ts';
import { DecisionDraft } from './decisionDraft.ts';
import { causeActions } from './failureCause.ts';
import { licensureCaution } from './licensure.ts';
import type { Profile } from './profile.ts';
import { type Standing, standingOf } from './standing.ts';

/** Weeks to a booked date under which a score below the bar can't honestly be fixed in time. */
const shortRunWeeks = 6;

/**
 * When to sit the failed exam again. Readiness decides, never fear: practice
 * scores under the bar mean postpone and fix, no recent practice test means
 * measure first, and a last allowed attempt needs a wider margin.
 */
export function retakeTiming(profile: Profile, standing: Standing = standingOf(profile)): Decision {
  const d = new DecisionDraft('retake', profile);

  if (profile.failedExam === 'in_training') return inTraining(d);
  if (profile.failedExam === undefined) d.assume('failedExam', 'retake.assume.usmle');
  if (standing.passed === 'yes') {
    d.decide('already_passed', 'retake.already_passed', ['failedExam', 'retakePassed']);
    // Counterweight is for an application; a resident's next step is with the program.
    return d
      .act(
        standing.role === 'resident' ? 'step3.act.plan_with_pd' : 'retake.act.build_counterweight',
      )
      .finish();
  }
  if (standing.routeClosed) {
    return d
      .decide('no_attempts_left', 'retake.attempt_limit_reached', ['failedExam', 'failedAttempts'])
      .basis('retake.attempt_limit_rule', [], 'rules.usmle_attempt_limit')
      .act('options.act.ask_ecfmg')
      .act('retake.act.weigh_pivot')
      .finish();
  }
  if (profile.failedAttempts === undefined) d.assume('failedAttempts', 'retake.assume.one_failure');
  if (profile.retakePassed === undefined) d.assume('retakePassed', 'retake.assume.not_passed');
  if (standing.attempts === 'next_is_last') {
    // Said plainly and first: what "the last attempt" means is the one thing this
    // person must not learn from a footnote.
    d.basis('retake.last_attempt', ['failedExam', 'failedAttempts'], 'retake.last_attempt_means');
    d.caution('retake.spacing', ['failedAttempts'], 'rules.usmle_retake_spacing');
  }

  const practice = profile.practiceStanding;
  if (practice === undefined || practice === 'none_recent') {
    d.decide('assess_first', 'retake.no_recent_practice', ['practiceStanding']);
    d.act('retake.act.take_practice_test').act('retake.act.diagnose').ask('practiceStanding');
  } else if (practice === 'below' || practice === 'near') {
    d.decide('postpone_and_fix', practice === 'below' ? 'retake.below_bar' : 'retake.near_bar', [
      'practiceStanding',
    ]);
    costOfAnotherFailure(d, standing);
    if (profile.extraTimeUseful === false) {
      d.caution('retake.time_not_useful', ['extraTimeUseful']);
      d.act('retake.act.restructure_time');
    } else if (profile.extraTimeUseful === undefined) {
      d.assume('extraTimeUseful', 'retake.assume.time_useful');
    }
    d.act('retake.act.reschedule_deliberately').act('retake.act.target_margin');
  } else if (practice === 'above' && standing.attempts === 'next_is_last') {
    d.decide('postpone_and_fix', 'retake.last_attempt_needs_margin', [
      'practiceStanding',
      'failedAttempts',
    ]);
    d.act('retake.act.reschedule_deliberately').act('retake.act.target_margin');
  } else {
    d.decide('keep_date', practice === 'above' ? 'retake.above_bar' : 'retake.well_above_bar', [
      'practiceStanding',
    ]);
    d.act('retake.act.keep_sharpening').act('retake.act.final_check');
  }
  examDate(d, profile);
  if (standing.attempts === 'next_is_last') d.act('retake.act.plan_b_alongside');

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

/**
 * What one more failure would cost depends on how many came before: the article's
 * "a second failure hurts more than a delay" is only true after exactly one.
 */
function costOfAnotherFailure(d: DecisionDraft<'retake'>, standing: Standing): void {
  if (standing.attempts === 'next_is_last') return; // said already, and more plainly
  if (standing.failures === 1) d.basis('retake.second_fail_costs_more', ['failedAttempts']);
  else d.basis('retake.another_fail_costs_more', ['failedAttempts']);
}

/** A booked date changes the advice only when it is known; then it is used, not asked about. */
function examDate(d: DecisionDraft<'retake'>, profile: Profile): void {
  const weeks = profile.weeksToExam;
  if (weeks === undefined) {
    if (d.current === 'postpone_and_fix') d.ask('weeksToExam');
    return;
  }
  if (d.current === 'postpone_and_fix') {
    if (weeks <= shortRunWeeks)
      d.basis('retake.date_too_close', ['weeksToExam', 'practiceStanding']);
    else d.basis('retake.date_has_room', ['weeksToExam', 'practiceStanding']);
    d.act('retake.act.move_date_practicalities');
  } else if (d.current === 'keep_date') {
    d.basis('retake.date_fits', ['weeksToExam', 'practiceStanding']);
  } else if (d.current === 'assess_first' && weeks <= shortRunWeeks) {
    d.caution('retake.date_soon_measure_now', ['weeksToExam']);
  }
}

/** The in-training exam has no retake to time; what matters is the program's remediation. */
function inTraining(d: DecisionDraft<'retake'>): Decision {
  return d
    .decide('not_a_retake', 'retake.in_training', ['failedExam'])
    .basis('resident.ite_purpose', [], 'resident.ite_purpose')
    .act('resident.act.talk_to_pd')
    .act('resident.act.remediation_plan')
    .finish();
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
