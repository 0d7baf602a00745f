import type { Decision, Verdict } from './advice.ts';
import { attemptStatus } from './attemptStatus.ts';
import { DecisionDraft } from './decisionDraft.ts';
import { licensureCaution } from './licensure.ts';
import type { Exam, Profile, Specialty } from './profile.ts';

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
export function outlook(profile: Profile): Decision {
  const d = new DecisionDraft('outlook', profile);
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
  } else {
    d.decide(impactByExam[exam], `outlook.impact.${exam}`, ['failedExam'], `impact.${exam}`);
  }
  if (attempts.exhausted)
    d.risk('outlook.risk.attempt_limit', ['failedAttempts'], 'rules.usmle_attempt_limit');
  if (attempts.usmle && profile.retakePassed === false) {
    d.caution('outlook.not_yet_passed', ['retakePassed']);
  }

  if (attempts.usmle) {
    d.caution('outlook.screen_out', [], 'program_reaction.screen_out');
    d.basis('outlook.case_by_case', [], 'program_reaction.case_by_case');
  }
  licensureCaution(d, profile);
  riskFactors(d, profile);
  counterweights(d, profile);

  d.basis('outlook.program_types', [], 'program_type.pure_community');
  d.act('outlook.aim.community_programs');
  const target = profile.targetSpecialty;
  if (target === undefined) {
    d.act('outlook.aim.open_specialties');
    d.ask('targetSpecialty');
  } else if (openSpecialties.includes(target)) {
    d.basis('outlook.specialty_open', ['targetSpecialty']);
  } else {
    d.caution('outlook.specialty_hard', ['targetSpecialty']);
    d.act('outlook.aim.open_specialties');
  }
  d.caution('outlook.match_rates', [], 'match.img_rates');
  d.basis('outlook.long_term', [], 'long_term.residency_then_fades');
  for (const fact of ['retakePassed', 'usce', 'yearsSinceGraduation', 'english'] as const)
    d.ask(fact);
  return d.finish();
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
