import type { Decision } from './advice.ts';
import { attemptStatus } from './attemptStatus.ts';
import { DecisionDraft } from './decisionDraft.ts';
import type { Profile } from './profile.ts';
import { type Standing, standingOf } from './standing.ts';

/**
 * Whether to address the failure in the personal statement. A USMLE failure is on
 * the transcript every program sees, so it gets one short, owned paragraph; an
 * English test or an in-training exam weighs far less.
 */
export function disclosure(profile: Profile, standing: Standing = standingOf(profile)): Decision {
  const d = new DecisionDraft('statement', profile);
  const exam = profile.failedExam;

  // A statement is written for an application; with none ahead it isn't the question.
  if (standing.role === 'resident') {
    return d
      .decide('not_applicable', 'statement.resident', ['failedExam', 'role'])
      .basis('statement.fellowship_later', [], 'long_term.fellowship')
      .act('resident.act.talk_to_pd')
      .finish();
  }
  if (standing.routeClosed) {
    return d
      .decide('not_applicable', 'statement.route_closed', ['failedExam', 'failedAttempts'])
      .act('statement.act.other_routes_own_forms')
      .finish();
  }

  if (exam === 'oet_ielts') {
    d.decide('brief_optional', 'statement.english_test', ['failedExam']);
    d.caution('statement.english_test_reporting', [], 'rules.oet_reporting_unknown');
    if (profile.english === 'needs_work') {
      d.caution('statement.english_still_weak', ['english']);
      d.act('statement.act.show_communication');
    } else if (profile.english === undefined) {
      d.ask('english');
    }
    d.act('statement.act.one_sentence').act('statement.act.focus_on_change');
    return d.finish();
  }

  if (exam === 'in_training') {
    // Reached only when someone in an in-training exam says they aren't a resident.
    if (profile.scoresImproved === true || profile.retakePassed === true) {
      d.decide('not_needed', 'statement.in_training_improved', [
        'failedExam',
        'scoresImproved',
        'retakePassed',
      ]);
      d.act('statement.act.ready_if_asked');
    } else {
      d.decide('brief_optional', 'statement.in_training_no_trend', [
        'failedExam',
        'scoresImproved',
      ]);
      if (profile.scoresImproved === undefined)
        d.assume('scoresImproved', 'statement.assume.no_trend');
      d.act('statement.act.one_sentence').act('statement.act.show_later_performance');
    }
    return d.finish();
  }

  if (exam === undefined) d.assume('failedExam', 'statement.assume.usmle');
  d.decide('address_briefly', 'statement.usmle_visible', ['failedExam']);
  d.basis('statement.recovery_matters', [], 'program_view.recovery');
  if (exam === 'step1')
    d.basis('statement.step1_pass_fail', ['failedExam'], 'rules.step1_pass_fail');
  if (attemptStatus(profile).multipleUsmleFailures) {
    d.basis('statement.pattern_question', ['failedAttempts', 'otherStepFailures']);
  }
  d.act('statement.act.one_paragraph')
    .act('statement.act.own_it')
    .act('statement.act.focus_on_change')
    .act('statement.act.no_blame');
  if (profile.retakePassed === true) {
    d.act('statement.act.show_later_performance');
  } else if (profile.retakePassed === false) {
    d.caution('statement.no_pass_yet', ['retakePassed']);
    if (standing.attempts === 'next_is_last') d.act('statement.act.wait_for_result');
  } else {
    d.ask('retakePassed');
  }
  if (profile.applyingThisCycle === true) d.act('statement.act.interview_honesty');
  return d.finish();
}
