import type { Decision, Verdict } from './advice.ts';
import { attemptStatus } from './attemptStatus.ts';
import { DecisionDraft } from './decisionDraft.ts';
import { licensureCaution } from './licensure.ts';
import type { Exam, Profile, Specialty } from './profile.ts';
import { type Standing, standingOf } from './standing.ts';

/** The article's impact level of a single failure, by exam, then pass. */
const impactByExam: Record<Exam, Verdict<'outlook'>> = {
  step1: 'moderate_to_high',
  step2ck: 'very_high',
  step3: 'moderate_to_high',
  oet_ielts: 'mild_to_moderate',
  in_training: 'minor',
};

/** Specialties the article and NRMP data show taking the most IMGs with a failure. */
const openSpecialties: readonly Specialty[] = [
  'internal_medicine',
  'family_medicine',
  'pediatrics',
  'psychiatry',
  'neurology',
  'pathology',
];

/**
 * The overall picture: how much the failure weighs (the verdict), which risk
 * factors are present, what already counts in the person's favour, and the
 * programs and specialties worth aiming at.
 */
export function outlook(profile: Profile, standing: Standing = standingOf(profile)): Decision {
  const d = new DecisionDraft('outlook', profile);
  if (standing.routeClosed) return routeClosed(d);
  if (standing.role === 'resident') return resident(d, profile, standing);
  const attempts = attemptStatus(profile);
  const exam = profile.failedExam;

  if (attempts.multipleUsmleFailures) {
    d.decide(
      'severe',
      'outlook.impact.multiple_usmle',
      ['failedExam', 'failedAttempts', 'otherStepFailures'],
      'impact.multiple_usmle',
    );
  } else if (exam === undefined) {
    d.decide('moderate_to_high', 'outlook.impact.step1', [], 'impact.step1');
    d.assume('failedExam', 'outlook.assume.single_step');
  } else if (standing.passed !== 'yes' && attempts.usmle) {
    // The article's weights are for a failure followed by a pass; before the pass the
    // person hears what the pass will be worth, not a weight that presumes it.
    d.decide(
      impactByExam[exam],
      `outlook.impact.${exam}`,
      ['failedExam'],
      'outlook.impact.before_pass',
    );
  } else {
    d.decide(impactByExam[exam], `outlook.impact.${exam}`, ['failedExam'], `impact.${exam}`);
  }
  if (standing.attempts === 'next_is_last') {
    d.basis('outlook.last_attempt', ['failedAttempts'], 'retake.last_attempt_means');
    d.act('retake.act.plan_b_alongside');
  } else if (attempts.usmle && standing.passed === 'no') {
    d.caution('outlook.not_yet_passed', ['retakePassed']);
  }

  // One estimate, said once: the screen-out share is the risk worth knowing.
  if (attempts.usmle) d.caution('outlook.screen_out', [], 'program_reaction.screen_out');
  riskFactors(d, profile);
  counterweights(d, profile);

  d.basis('outlook.program_types', [], 'program_type.pure_community');
  const target = profile.targetSpecialty;
  if (target === undefined) {
    d.act('outlook.aim.open_specialties');
    d.ask('targetSpecialty');
  } else if (openSpecialties.includes(target)) {
    d.basis('outlook.specialty_open', ['targetSpecialty']);
    d.act('outlook.aim.community_programs');
  } else {
    d.caution('outlook.specialty_hard', ['targetSpecialty']);
    d.act('outlook.aim.open_specialties');
  }
  // After the aims: where to apply matters before which states license.
  licensureCaution(d, profile);
  d.caution('outlook.match_rates', [], 'match.img_rates');
  d.basis('outlook.long_term', [], 'long_term.residency_then_fades');
  for (const fact of ['retakePassed', 'usce', 'yearsSinceGraduation'] as const) d.ask(fact);
  return d.finish();
}

/**
 * No attempt left at a required Step: the outlook is the routes that remain, each
 * concrete and sourced, opened by a plain and kind statement of what has closed.
 */
function routeClosed(d: DecisionDraft<'outlook'>): Decision {
  return d
    .decide('route_closed', 'outlook.route_closed', ['failedExam', 'failedAttempts'])
    .basis('outlook.not_the_end', [], 'options.not_the_end')
    .basis('outlook.routes_abroad', [], 'options.routes_abroad')
    .basis('outlook.other_careers', [], 'options.other_careers')
    .basis('outlook.abroad_uk', [], 'options.abroad_uk')
    .basis('outlook.abroad_australia', [], 'options.abroad_australia')
    .basis('outlook.abroad_canada', [], 'options.abroad_canada')
    .basis('outlook.attempt_limit', [], 'rules.usmle_attempt_limit')
    .act('options.act.ask_ecfmg')
    .act('options.act.look_at_routes')
    .act('options.act.talk_it_through')
    .finish();
}

/** A resident's outlook: what the in-training exam is for and what actually protects the position. */
function resident(d: DecisionDraft<'outlook'>, profile: Profile, standing: Standing): Decision {
  d.decide('minor', 'outlook.resident', ['failedExam', 'role'], 'resident.outlook');
  // A resident who failed a Step (Step 3, most often) hears its attempt limit too.
  if (standing.attempts === 'next_is_last')
    d.basis('outlook.last_attempt', ['failedAttempts'], 'retake.last_attempt_means');
  licensureCaution(d, profile);
  return d
    .basis('outlook.ite_purpose', [], 'resident.ite_purpose')
    .basis('outlook.position', [], 'resident.position')
    .caution('outlook.board_pass_rates', [], 'resident.board_pass_rates')
    .act('resident.act.talk_to_pd')
    .act('resident.act.ask_criteria')
    .finish();
}

function riskFactors(d: DecisionDraft<'outlook'>, profile: Profile): void {
  if (profile.yearsSinceGraduation !== undefined && profile.yearsSinceGraduation >= 7) {
    d.risk('outlook.risk.graduation_year', ['yearsSinceGraduation'], 'risk.graduation_year');
  }
  if (profile.english === 'needs_work') d.risk('outlook.risk.english', ['english'], 'risk.english');
  if (profile.usce === 'none') d.risk('outlook.risk.no_usce', ['usce'], 'risk.no_usce');
  if (profile.strategyRealistic === false || profile.programMix === 'mostly_university') {
    d.risk(
      'outlook.risk.strategy',
      ['strategyRealistic', 'programMix'],
      'risk.unrealistic_strategy',
    );
  }
}

function counterweights(d: DecisionDraft<'outlook'>, profile: Profile): void {
  if (profile.retakePassed === true && profile.retakeStrength === 'strong') {
    d.basis(
      'outlook.strength.strong_retake',
      ['retakePassed', 'retakeStrength'],
      'improve.strong_retake',
    );
  }
  if (profile.usce === 'hands_on' || profile.usce === 'long_observership') {
    d.basis('outlook.strength.usce', ['usce'], 'improve.real_usce');
  }
  if (profile.usLetters === 'strong')
    d.basis('outlook.strength.letters', ['usLetters'], 'improve.strong_letters');
  if (profile.scoresImproved === true)
    d.basis('outlook.strength.trend', ['scoresImproved'], 'improve.consistency');
}
