import type { Decision } from './advice.ts';
import { DecisionDraft } from './decisionDraft.ts';
import type { FactName, Profile } from './profile.ts';
import { type Standing, standingOf } from './standing.ts';

/**
 * Whether to take Step 3 as a counterweight. It helps only with time to prepare,
 * earlier attempts turned into solid passes and a realistic shot at well above
 * passing; a rushed or mediocre Step 3 makes the file worse.
 */
export function step3(profile: Profile, standing: Standing = standingOf(profile)): Decision {
  const d = new DecisionDraft('step3', profile);
  // Without Step 1 and Step 2 CK there is no Step 3 to sit, and no application for it to help.
  if (standing.routeClosed && profile.failedExam !== 'step3') {
    return d
      .decide('not_applicable', 'step3.route_closed', ['failedExam', 'failedAttempts'])
      .basis('step3.eligibility', [], 'rules.step3_eligibility')
      .act('options.act.instead_of_step3')
      .finish();
  }
  // For a resident Step 3 is a step to licensure on the program's timeline, not a counterweight.
  if (standing.role === 'resident' && profile.failedExam !== 'step3') {
    return d
      .decide('in_residency', 'step3.resident', ['role', 'failedExam'], 'step3.resident')
      .act('step3.act.plan_with_pd')
      .finish();
  }
  visaCautions(d, profile);

  if (profile.failedExam === 'step3') {
    if (profile.retakePassed === true) {
      d.decide('skip', 'step3.already_passed', ['failedExam', 'retakePassed']);
      d.act('step3.act.invest_elsewhere');
    } else {
      if (standing.routeClosed) {
        d.decide('not_applicable', 'step3.route_closed', ['failedExam', 'failedAttempts']);
        d.act('options.act.instead_of_step3');
      } else {
        d.decide('not_yet', 'step3.is_the_failed_exam', ['failedExam', 'retakePassed']);
        d.act('step3.act.follow_retake_advice');
      }
    }
    return d.finish();
  }

  // Certification itself needs the failed Step, so nothing about it is assumed before the pass.
  if (profile.retakePassed === false) {
    d.decide('not_yet', 'step3.pass_failed_exam_first', ['failedExam', 'retakePassed']);
    return d.act('step3.act.follow_retake_advice').act('step3.act.revisit').finish();
  }
  if (profile.ecfmgCertified === false) {
    d.decide('not_yet', 'step3.not_eligible', ['ecfmgCertified'], 'rules.step3_eligibility');
    return d.act('step3.act.finish_certification').act('step3.act.revisit').finish();
  }
  if (profile.ecfmgCertified === undefined) d.assume('ecfmgCertified', 'step3.assume.certified');
  if (profile.failedExam === undefined) d.assume('failedExam', 'step3.assume.exam');

  if (profile.retakePassed === undefined) d.assume('retakePassed', 'step3.assume.passed');

  // An H-1B residency can't start without Step 3 passed, so reasons that would
  // otherwise say "skip it" only change how to prepare, not whether to take it.
  const visaNeedsStep3 = profile.visa === 'h1b';
  if (profile.retakeStrength === 'barely') {
    if (visaNeedsStep3) return takeForVisa(d, 'step3.h1b_outweighs_narrow_pass', 'retakeStrength');
    d.decide('skip', 'step3.prior_pass_not_solid', ['retakeStrength']);
    return d.act('step3.act.invest_elsewhere').finish();
  }
  if (profile.step3Confident === false) {
    if (visaNeedsStep3) return takeForVisa(d, 'step3.h1b_outweighs_margin', 'step3Confident');
    d.decide('skip', 'step3.no_realistic_margin', ['step3Confident']);
    return d.act('step3.act.invest_elsewhere').finish();
  }
  if (profile.step3Time === 'none' || profile.step3Time === 'under_3_months') {
    d.decide('not_yet', 'step3.too_little_time', ['step3Time']);
    if (visaNeedsStep3) return d.act('step3.act.plan_for_visa').act('step3.act.revisit').finish();
    return d.act('step3.act.revisit').act('step3.act.invest_elsewhere').finish();
  }
  if (profile.step3Time === undefined) {
    d.decide('not_yet', 'step3.time_unknown', []);
    d.assume('step3Time', 'step3.assume.time_unknown');
    return d.act('step3.act.revisit').finish();
  }

  d.decide('take_step3', 'step3.conditions_met', ['step3Time', 'retakeStrength', 'step3Confident']);
  d.basis('step3.reassures_board_risk', []);
  if (profile.retakeStrength === undefined) d.assume('retakeStrength', 'step3.assume.solid_pass');
  if (profile.step3Confident === undefined) d.assume('step3Confident', 'step3.assume.confident');
  if (visaNeedsStep3) d.act('step3.act.plan_for_visa');
  return d.act('step3.act.prepare_like_a_retake').act('step3.act.sit_when_ready').finish();
}

/** Take Step 3 because the H-1B needs it, though `fact` would otherwise argue for skipping. */
function takeForVisa(d: DecisionDraft<'step3'>, rule: string, fact: FactName): Decision {
  d.decide('take_step3', rule, ['visa', fact]);
  return d
    .act('step3.act.plan_for_visa')
    .act('step3.act.prepare_like_a_retake')
    .act('step3.act.sit_when_ready')
    .finish();
}

function visaCautions(d: DecisionDraft<'step3'>, profile: Profile): void {
  if (profile.visa === 'h1b') d.caution('step3.h1b', ['visa'], 'rules.step3_h1b');
  else if (profile.visa === 'j1') d.caution('step3.j1', ['visa'], 'rules.step3_j1');
  else d.ask('visa');
}
