import type { Decision, Verdict } from './advice.ts';
import { cycles } from './cycles.ts';
import { DecisionDraft } from './decisionDraft.ts';
import { disclosure } from './disclosure.ts';
import { causeActions } from './failureCause.ts';
import type { Profile } from './profile.ts';
import { retakeTiming } from './retakeTiming.ts';
import { type Standing, standingOf } from './standing.ts';
import { step3 } from './step3.ts';

/**
 * The person's 3–6 month plan, built from the other decisions on the same standing:
 * a deliberate retake date, a diagnosis of why, a changed method and the
 * apply-or-delay call; or, already applying, honesty and a backup plan; or, with the
 * US route closed, the routes that remain. A few days to feel it come first only
 * when the failure is fresh.
 */
export function actionPlan(profile: Profile, standing: Standing = standingOf(profile)): Decision {
  const retake = retakeTiming(profile, standing);
  const cycle = cycles(profile, standing);
  const statement = disclosure(profile, standing);
  const counterweight = step3(profile, standing);
  const d = new DecisionDraft('plan', profile);
  const track = planTrack(profile, standing, retake, cycle);

  d.decide(track, `plan.track.${track}`, trackFacts[track]);
  if (standing.failure === 'recent') d.act('plan.first_days', 'first_days');

  switch (track) {
    case 'other_routes':
      d.basis('plan.attempt_limit', ['failedAttempts'], 'rules.usmle_attempt_limit');
      // Phased steps of its own: the outlook already named the routes and the letter.
      d.act('plan.routes.shortlist', 'weeks_1_2')
        .act('plan.routes.first_step', 'months_1_3')
        .act('plan.routes.meanwhile', 'months_3_6');
      break;
    case 'resident_remediation':
      d.basis('plan.ite_purpose', [], 'resident.ite_purpose');
      d.act('resident.act.talk_to_pd', 'weeks_1_2')
        .act('resident.act.remediation_plan', 'weeks_1_2')
        .act('resident.act.board_style_practice', 'months_1_3');
      if (profile.failedExam !== 'in_training') retakeSteps(d, profile, retake);
      break;
    case 'rethink':
      headOf(d, cycle);
      d.act('plan.rethink.take_stock', 'weeks_1_2').act('options.act.look_at_routes', 'months_1_3');
      break;
    case 'already_applying':
      headOf(d, statement);
      d.act('plan.applying.honest_interviews', 'weeks_1_2')
        .act('plan.applying.show_growth', 'months_1_3')
        .act('plan.applying.backup_plan', 'months_3_6');
      retakeSteps(d, profile, retake);
      break;
    case 'retake_first':
      headOf(d, retake);
      retakeSteps(d, profile, retake);
      d.act(applyOrDelay(profile), 'months_3_6');
      break;
    default:
      headOf(d, counterweight);
      counterweightSteps(d, profile);
      d.act(`plan.statement.${statement.verdict}`, 'months_3_6').act(
        `plan.step3.${counterweight.verdict}`,
        'months_3_6',
      );
  }
  return d.finish();
}

/** The facts each track is decided on, so `why` names only what mattered. */
const trackFacts: Record<Verdict<'plan'>, Parameters<DecisionDraft<'plan'>['decide']>[2]> = {
  retake_first: ['retakePassed'],
  strengthen_and_apply: ['retakePassed'],
  already_applying: ['applyingThisCycle'],
  rethink: ['cyclesApplied', 'strain'],
  other_routes: ['failedExam', 'failedAttempts'],
  resident_remediation: ['failedExam', 'role'],
};

function planTrack(
  profile: Profile,
  standing: Standing,
  retake: Decision,
  cycle: Decision,
): Verdict<'plan'> {
  if (standing.routeClosed) return 'other_routes';
  if (standing.role === 'resident') return 'resident_remediation';
  if (cycle.verdict === 'consider_pivot') return 'rethink';
  if (profile.applyingThisCycle === true) return 'already_applying';
  if (retake.verdict === 'already_passed' || profile.failedExam === 'in_training') {
    return 'strengthen_and_apply';
  }
  return 'retake_first';
}

/**
 * Takes only the deciding reason of a decision the plan builds on, and its questions:
 * the plan's `why` is the plan's, not a second copy of the retake answer.
 */
function headOf(d: DecisionDraft<'plan'>, other: Decision): void {
  d.absorb({ ...other, reasons: other.reasons.slice(0, 1) });
}

/** Counterweight steps, leaving out what the person already has. */
function counterweightSteps(d: DecisionDraft<'plan'>, profile: Profile): void {
  if (profile.usce !== 'hands_on' && profile.usce !== 'long_observership')
    d.act('plan.counterweight.usce', 'months_1_3');
  if (profile.usLetters !== 'strong') d.act('plan.counterweight.letters', 'months_1_3');
  if (profile.programMix !== 'mostly_community' || profile.strategyRealistic === false)
    d.act('plan.counterweight.program_list', 'months_3_6');
}

/** The apply-or-delay step, worded for what is known about the season. */
function applyOrDelay(profile: Profile): string {
  const months = profile.monthsToApplication;
  if (months === undefined) return 'plan.apply_or_delay';
  return months <= 3 ? 'plan.apply_or_delay.season_near' : 'plan.apply_or_delay.season_far';
}

function retakeSteps(d: DecisionDraft<'plan'>, profile: Profile, retake: Decision): void {
  if (retake.verdict === 'already_passed' || retake.verdict === 'not_a_retake') return;
  d.act(`plan.schedule.${retake.verdict}`, 'weeks_1_2');
  if (retake.actions.some((a) => a.knowledge === 'retake.act.plan_b_alongside'))
    d.act('retake.act.plan_b_alongside', 'months_1_3');
  d.act('plan.diagnose', 'weeks_1_2');
  const byCause = causeActions(profile);
  if (byCause.length === 0) d.act('plan.change_method', 'months_1_3');
  for (const action of byCause) d.act(action, 'months_1_3');
}
