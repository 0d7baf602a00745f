import { isUsmleStep, type Profile, usmleAttemptLimit } from './profile.ts';

/** Where the person stands against the USMLE attempt limit, derived from the profile. */
export interface AttemptStatus {
  /** The failed exam is a USMLE Step (or unknown, which is treated as one). */
  usmle: boolean;
  /** Failed attempts at the failed exam, taking one when unknown. */
  failures: number;
  /** Failed attempts across all USMLE Steps, taking one for the failed exam when unknown. */
  usmleFailures: number;
  /** The next attempt at this Step would be the last one allowed. */
  nextIsLast: boolean;
  /** No attempt is left at this Step and it was never passed. */
  exhausted: boolean;
  /** More than one USMLE failure in all. */
  multipleUsmleFailures: boolean;
}

/** Derives the attempt-limit picture (four attempts per Step, incomplete ones included). */
export function attemptStatus(profile: Profile): AttemptStatus {
  const usmle = profile.failedExam === undefined || isUsmleStep(profile.failedExam);
  const failures = profile.failedAttempts ?? 1;
  const usmleFailures = (usmle ? failures : 0) + (profile.otherStepFailures ?? 0);
  const passed = profile.retakePassed === true;
  return {
    usmle,
    failures,
    usmleFailures,
    nextIsLast: usmle && !passed && failures === usmleAttemptLimit - 1,
    exhausted: usmle && !passed && failures >= usmleAttemptLimit,
    multipleUsmleFailures: usmleFailures >= 2,
  };
}
