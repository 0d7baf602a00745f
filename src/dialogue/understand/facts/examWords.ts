import type { Exam } from '../../../rules/profile.ts';

/** The normalized tokens that name an exam, and the exam each names. */
export const examTokens: ReadonlyMap<string, Exam> = new Map([
  ['step1', 'step1'],
  ['step2ck', 'step2ck'],
  ['step3', 'step3'],
  ['oet', 'oet_ielts'],
  ['ielts', 'oet_ielts'],
  ['intraining', 'in_training'],
]);

/** Words that say an attempt failed. */
export const failureWords: ReadonlySet<string> = new Set([
  'failed',
  'fail',
  'fails',
  'failing',
  'failure',
  'failures',
  'unsuccessful',
]);

/** Words that say an exam is being taken again, which means an earlier attempt failed. */
export const retakeWords: ReadonlySet<string> = new Set([
  'retake',
  'retaking',
  'retook',
  'resit',
  'resitting',
  'reattempt',
]);

/** Small counting words that normalization leaves as words. */
export const timesWords: ReadonlyMap<string, number> = new Map([
  ['once', 1],
  ['twice', 2],
  ['thrice', 3],
]);

/** A number from 1st/2nd/3rd… or a plain digit string; undefined for anything else. */
export function countOf(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  const match = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(token);
  return match ? Number(match[1]) : undefined;
}
