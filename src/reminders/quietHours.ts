import { z } from 'zod';

/**
 * When a person doesn't want to be written to, in their own time zone: from `start` to `end`
 * (whole hours, 0–23; a window past midnight has start > end).
 */
export const QuietHours = z.object({
  timeZone: z.string().min(1).max(64),
  start: z.number().int().min(0).max(23),
  end: z.number().int().min(0).max(23),
});
/** A person's quiet hours. */
export type QuietHours = z.infer<typeof QuietHours>;

/** Whether `timeZone` is one the runtime knows (an IANA name such as "Asia/Kolkata"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The hour and minute of a moment on the person's clock. */
function localTime(at: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: get('hour'), minute: get('minute') };
}

function isQuiet(hour: number, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? hour >= quiet.start && hour < quiet.end
    : hour >= quiet.start || hour < quiet.end;
}

/**
 * The first moment at or after `at` outside the quiet hours, on the hour the quiet hours end
 * (stepping by the hour, so a daylight-saving change is crossed correctly).
 */
export function outsideQuietHours(at: Date, quiet: QuietHours): Date {
  let moment = new Date(at);
  const first = localTime(moment, quiet.timeZone);
  if (!isQuiet(first.hour, quiet)) return moment;
  // To the top of the next local hour, then an hour at a time until the window ends.
  moment = new Date(moment.getTime() + (60 - first.minute) * 60_000);
  moment.setUTCSeconds(0, 0);
  for (let i = 0; i < 24 && isQuiet(localTime(moment, quiet.timeZone).hour, quiet); i++)
    moment = new Date(moment.getTime() + 3_600_000);
  return moment;
}
