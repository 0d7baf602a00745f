import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';

const exam = '(?:exam|test|retake|step\\S*|ck|date|sitting|attempt|nbme)';
const span = '(\\d{1,3}) (days?|weeks?|months?)';
const patterns: readonly RegExp[] = [
  new RegExp(`\\b${exam}\\b(?: \\S+){0,4}? in (?:about |around |like |roughly |just )?${span}\\b`),
  new RegExp(`\\b${span} (?:left |away |to go )?(?:until|before|to|till) (?:my |the )?${exam}\\b`),
  new RegExp(`\\b${exam} is ${span} away\\b`),
];

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anyDate = anyPattern(patterns);

/** Weeks in a span of days, weeks or months, rounded so "10 days" is one week, not zero. */
function weeks(count: number, unit: string): number {
  if (unit.startsWith('day')) return Math.round(count / 7);
  if (unit.startsWith('month')) return Math.round((count * 52) / 12);
  return count;
}

/**
 * Weeks to the booked exam from "my exam is in 3 weeks", "retake in 2 months", "10
 * days until my exam". A calendar date ("on March 3") is left alone: the engine has no
 * clock, so it can't turn a date into weeks; the question asks instead.
 */
export function readExamDate(normalized: string): Pick<Profile, 'weeksToExam'> {
  if (!anyDate.test(normalized)) return {};
  for (const pattern of patterns) {
    const match = pattern.exec(normalized);
    if (!match) continue;
    const value = weeks(Number(match[1]), match[2] ?? 'weeks');
    if (value >= 0 && value <= 104) return { weeksToExam: value };
  }
  return {};
}
