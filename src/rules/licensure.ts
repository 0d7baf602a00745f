import type { Topic } from './advice.ts';
import type { DecisionDraft } from './decisionDraft.ts';
import { isUsmleStep, type Profile } from './profile.ts';

/**
 * Some state boards cap attempts per Step for licensure (Texas: each part within three
 * attempts; Maryland: a year of training after three failures), so two or more failures
 * on one Step earn a caution — worded as depending on the state and the count — and the
 * FSMB pointer, even when the Step is later passed.
 */
export function licensureCaution<T extends Topic>(d: DecisionDraft<T>, profile: Profile): void {
  const exam = profile.failedExam;
  if (exam === undefined || !isUsmleStep(exam)) return;
  if ((profile.failedAttempts ?? 1) < 2) return;
  d.caution(
    `${d.topic}.state_licensure`,
    ['failedExam', 'failedAttempts'],
    'rules.state_licensure',
  );
  d.act('rules.state_licensure_pointer');
}
