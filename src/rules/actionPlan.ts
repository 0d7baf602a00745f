import type { Decision, Verdict } from './advice.ts';
import { cycles } from './cycles.ts';
import { DecisionDraft } from './decisionDraft.ts';
import { disclosure } from './disclosure.ts';
import { causeActions } from './failureCause.ts';
import type { Profile } from './profile.ts';
import { retakeTiming } from './retakeTiming.ts';
import { step3 } from './step3.ts';

/**
 * The person's 3–6 month plan, built from the other decisions: a few days to feel
 * it, then a deliberate retake date, a diagnosis of why, a changed method, and the
 * apply-or-delay call — or, already applying, honesty and a backup plan.
 */
export function actionPlan(profile: Profile): Decision {
  const retake = retakeTiming(profile);
  const cycle = cycles(profile);
  const statement = disclosure(profile);
  const counterweight = step3(profile);
  const d = new DecisionDraft('plan', profile);

  d.decide(planTrack(profile, retake, cycle), `plan.track.${planTrack(profile, retake, cycle)}`, [
    'retakePassed',
    'applyingThisCycle',
  ]);
  d.act('plan.first_days', 'first_days');

  switch (d.current) {
    case 'rethink':
      d.absorb(cycle);
      d.act('plan.rethink.take_stock', 'weeks_1_2')
        .act('cycles.act.pivot_abroad', 'months_1_3')
        .act('cycles.act.pivot_nonclinical', 'months_1_3')
        .act('cycles.act.pivot_back_door', 'months_3_6');
      break;
    case 'already_applying':
      d.absorb(statement);
      d.act('plan.applying.honest_interviews', 'weeks_1_2')
        .act('plan.applying.show_growth', 'months_1_3')
        .act('plan.applying.backup_plan', 'months_3_6');
      retakeSteps(d, profile, retake);
      break;
    case 'retake_first':
      d.absorb(retake);
      retakeSteps(d, profile, retake);
      d.act('plan.apply_or_delay', 'months_3_6');
      break;
    default:
      d.absorb(statement).absorb(counterweight).absorb(cycle);
      d.act('plan.counterweight.usce', 'months_1_3')
        .act('plan.counterweight.letters', 'months_1_3')
        .act('plan.counterweight.program_list', 'months_3_6')
        .act(`plan.statement.${statement.verdict}`, 'months_3_6')
        .act(`plan.step3.${counterweight.verdict}`, 'months_3_6');
  }
  return d.finish();
}

function planTrack(profile: Profile, retake: Decision, cycle: Decision): Verdict<'plan'> {
  if (retake.verdict === 'no_attempts_left' || cycle.verdict === 'consider_pivot') return 'rethink';
  if (profile.applyingThisCycle === true) return 'already_applying';
  if (retake.verdict === 'already_passed' || profile.failedExam === 'in_training') {
    return 'strengthen_and_apply';
  }
  return 'retake_first';
}

function retakeSteps(d: DecisionDraft<'plan'>, profile: Profile, retake: Decision): void {
  if (retake.verdict === 'already_passed') return;
  d.act(`plan.schedule.${retake.verdict}`, 'weeks_1_2').act('plan.diagnose', 'weeks_1_2');
  const byCause = causeActions(profile);
  if (byCause.length === 0) d.act('plan.change_method', 'months_1_3');
  for (const action of byCause) d.act(action, 'months_1_3');
}
