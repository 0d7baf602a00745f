import { z } from 'zod';
import type { Knowledge } from '../knowledge/schema.ts';
import { ReminderKind } from '../reminders/reminderJob.ts';
import type { Profile } from '../rules/profile.ts';
import { dayNumber } from '../rules/scoreLog.ts';
import type { Reply } from './reply.ts';
import { say } from './say.ts';
import { TimeZone } from './timeZone.ts';

/** The question id of the check-in offer; its options are {@link CheckInOption}s. */
export const checkInQuestionId = 'checkin';
/** The question id of the one-time time-zone question. */
export const timeZoneQuestionId = 'time_zone';
/** The option of the time-zone question that takes UTC. */
export const useUtcOption = 'utc';
/** The option of the offer that declines. */
export const declineOption = 'none';

/** What a person picked from the offer: a kind, and for practice tests how often. */
export const CheckInChoice = z.object({
  kind: ReminderKind,
  everyDays: z.number().int().min(1).max(60).optional(),
});
/** One picked check-in. */
export type CheckInChoice = z.infer<typeof CheckInChoice>;

/**
 * What the engine asks the conversation to schedule (the engine does no I/O): the kind, how many
 * days from the turn's "today" it falls, the repeat for practice tests, and the person's zone
 * for quiet hours and for showing the time.
 */
export const CheckInRequest = CheckInChoice.extend({
  inDays: z.number().int().min(1).max(1200),
  timeZone: TimeZone,
});
/** One check-in to schedule. */
export type CheckInRequest = z.infer<typeof CheckInRequest>;

// The offer's options in the order shown; a practice test can repeat every 3 or 7 days.
const offerOptions = [
  'practice_3',
  'practice_7',
  'before_exam',
  'after_result',
  'application_season',
] as const;
type CheckInOption = (typeof offerOptions)[number];

/** When each check-in falls and the quiet hours, from `checkins.timing` in knowledge/. */
export interface CheckInTiming {
  daysBeforeExam: number;
  daysToResult: number;
  quietStart: number;
  quietEnd: number;
}

/** The timing figures in knowledge/checkIns.yaml (with the same numbers as a fallback). */
export function checkInTiming(kb: Knowledge): CheckInTiming {
  const figures = kb.entries.get('checkins.timing')?.figures ?? {};
  const number = (name: string, fallback: number) =>
    typeof figures[name] === 'number' ? figures[name] : fallback;
  return {
    daysBeforeExam: number('days_before_exam', 3),
    daysToResult: number('days_to_result', 28),
    quietStart: number('quiet_start', 21),
    quietEnd: number('quiet_end', 8),
  };
}

/**
 * The check-ins that apply to this person's plan: practice tests unless the exam is passed; the
 * exam-date ones once the weeks to the exam are known (and it is at least a week off, so
 * "a few days before" is still ahead); the season one once the months to applying are known.
 */
export function applicableCheckIns(profile: Profile): CheckInOption[] {
  return offerOptions.filter((option) => {
    switch (option) {
      case 'practice_3':
      case 'practice_7':
        return profile.retakePassed !== true;
      case 'before_exam':
        return profile.retakePassed !== true && (profile.weeksToExam ?? 0) >= 1;
      case 'after_result':
        return profile.retakePassed !== true && profile.weeksToExam !== undefined;
      case 'application_season':
        return (profile.monthsToApplication ?? 0) >= 1;
    }
    return false;
  });
}

/** The offer as a question: the check-ins that apply, then "no thanks". */
export function checkInOffer(profile: Profile, kb: Knowledge): Reply {
  return {
    kind: 'question',
    id: checkInQuestionId,
    text: say(kb, 'checkins.offer'),
    options: [...applicableCheckIns(profile), declineOption].map((id) => ({
      id,
      label: say(kb, `checkins.option.${id}`),
    })),
  };
}

/** The picked option as a check-in; undefined for an option that isn't one (or no longer applies). */
export function checkInOfOption(option: string, profile: Profile): CheckInChoice | undefined {
  if (!(applicableCheckIns(profile) as string[]).includes(option)) return undefined;
  const practice = /^practice_(\d+)$/.exec(option);
  if (practice) return { kind: 'practice', everyDays: Number(practice[1]) };
  const kind = ReminderKind.safeParse(option);
  return kind.success ? { kind: kind.data } : undefined;
}

/**
 * A typed pick: "every 5 days" (a practice test that often), or undefined to let the caller
 * read the text as one of the offer's options.
 */
export function typedPracticeEvery(said: string, profile: Profile): CheckInChoice | undefined {
  if (profile.retakePassed === true) return undefined;
  const match = /\bevery\s+(\d{1,2})\s*days?\b/i.exec(said);
  const days = Number(match?.[1]);
  if (!match || days < 1 || days > 60) return undefined;
  return { kind: 'practice', everyDays: days };
}

/**
 * The one-time time-zone question, with a button for UTC; with `unread` (what the person typed,
 * already quoted), it says that text was not a zone and asks again.
 */
export function timeZoneQuestion(kb: Knowledge, unread?: string): Reply {
  return {
    kind: 'question',
    id: timeZoneQuestionId,
    text:
      unread === undefined
        ? say(kb, 'checkins.ask_time_zone')
        : say(kb, 'checkins.bad_time_zone', { said: unread }),
    options: [{ id: useUtcOption, label: say(kb, 'checkins.use_utc') }],
  };
}

/**
 * When a check-in falls, in whole days after `today` (the person's calendar day): a practice
 * test after its interval, the exam ones counted from the weeks to the exam the person gave,
 * the season one on the same day of the month that many months on.
 */
export function checkInRequest(
  choice: CheckInChoice,
  profile: Profile,
  today: string,
  timeZone: string,
  kb: Knowledge,
): CheckInRequest {
  const timing = checkInTiming(kb);
  const examIn = (profile.weeksToExam ?? 0) * 7;
  let inDays: number;
  switch (choice.kind) {
    case 'practice':
      inDays = choice.everyDays ?? 7;
      break;
    case 'before_exam':
      inDays = examIn - timing.daysBeforeExam;
      break;
    case 'after_result':
      inDays = examIn + timing.daysToResult;
      break;
    case 'application_season':
      inDays = daysUntilMonthsOn(today, profile.monthsToApplication ?? 1);
      break;
  }
  return {
    ...choice,
    inDays: Math.min(1200, Math.max(1, inDays)),
    timeZone,
  };
}

// Calendar months, so "in 3 months" from 31 Jan is the end of April rather than 90 days.
function daysUntilMonthsOn(today: string, months: number): number {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.round(target.getTime() / 86_400_000) - dayNumber(today);
}
