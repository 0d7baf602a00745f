import { z } from 'zod';
import { attemptStatus } from './attemptStatus.ts';
import { type Profile, usmleAttemptLimit } from './profile.ts';

/**
 * Where the person stands, computed once per profile and read by every topic. Each
 * topic used to work this out for itself, and they disagreed: at the attempt limit
 * one topic said "no more attempts" while another spoke of a strong retake. One
 * picture, read by all, is what keeps the six answers telling one story.
 */
export const Standing = z.object({
  /**
   * Against the USMLE attempt limit: `open` (more than one attempt left),
   * `next_is_last`, `none_left`, or `not_capped` (passed, or not a USMLE Step).
   */
  attempts: z.enum(['open', 'next_is_last', 'none_left', 'not_capped']),
  /** Attempts still allowed at the failed Step; absent when not capped. */
  attemptsLeft: z.number().int().min(0).optional(),
  /** Failed attempts at the failed exam (one when unknown). */
  failures: z.number().int().min(1),
  /** Whether the failed exam has been passed since; `unknown` when not said. */
  passed: z.enum(['yes', 'no', 'unknown']),
  /**
   * Applicant, resident or other. An in-training exam is only sat in residency, and
   * an IMG can't be in ACGME residency without Step 1 and Step 2 CK behind them, so a
   * Step 1, Step 2 CK or English-test failure means an applicant unless said otherwise.
   */
  role: z.enum(['applicant', 'resident', 'other']),
  /** Whether the role was said (or implied by the exam), or assumed. */
  roleKnown: z.boolean(),
  /** Match cycles applied in without matching, when known. */
  cycles: z.number().int().min(0).optional(),
  /** Years since graduation, when known. */
  yearsOut: z.number().int().min(0).optional(),
  /** A fresh failure (weeks), an old one (months or more, or already acted on), or unknown. */
  failure: z.enum(['recent', 'old', 'unknown']),
  /**
   * The US residency route is closed for now: no attempt left at a required Step that
   * was never passed. Every topic reads this before anything else.
   */
  routeClosed: z.boolean(),
});
/** One person's standing, as every topic reads it. */
export type Standing = z.infer<typeof Standing>;

/** Computes the standing from the profile. Pure; the same profile gives the same standing. */
export function standingOf(profile: Profile): Standing {
  const status = attemptStatus(profile);
  const passed =
    profile.retakePassed === true ? 'yes' : profile.retakePassed === false ? 'no' : 'unknown';
  const attempts =
    !status.usmle || passed === 'yes'
      ? 'not_capped'
      : status.exhausted
        ? 'none_left'
        : status.nextIsLast
          ? 'next_is_last'
          : 'open';
  const role = roleOf(profile);
  return {
    attempts,
    ...(attempts === 'not_capped'
      ? {}
      : { attemptsLeft: Math.max(0, usmleAttemptLimit - status.failures) }),
    failures: status.failures,
    passed,
    role: role.role,
    roleKnown: role.known,
    ...(profile.cyclesApplied !== undefined ? { cycles: profile.cyclesApplied } : {}),
    ...(profile.yearsSinceGraduation !== undefined
      ? { yearsOut: profile.yearsSinceGraduation }
      : {}),
    failure: recencyOf(profile),
    routeClosed: attempts === 'none_left',
  };
}

function roleOf(profile: Profile): { role: Standing['role']; known: boolean } {
  if (profile.role !== undefined) return { role: profile.role, known: true };
  if (profile.failedExam === 'in_training') return { role: 'resident', known: true };
  // Only a Step 3 failure leaves the role open: residents sit Step 3 too.
  const exam = profile.failedExam;
  return { role: 'applicant', known: exam !== undefined && exam !== 'step3' };
}

/** A failure already retaken, passed or followed by a Match cycle is not a fresh one. */
function recencyOf(profile: Profile): Standing['failure'] {
  if (profile.failureRecency !== undefined) return profile.failureRecency;
  if (profile.retakePassed === true || (profile.cyclesApplied ?? 0) >= 1) return 'old';
  return 'unknown';
}
