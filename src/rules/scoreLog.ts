import { z } from 'zod';
import { CalendarDay } from '../knowledge/schema.ts';

/** The most practice scores a session keeps; older ones drop off so a session stays small. */
export const maxScoreEntries = 30;

/**
 * One logged practice test: the form (an id from knowledge/practiceScores.yaml), its number
 * where the form is numbered ("NBME 31"), the score on the form's own scale, and the day.
 */
export const ScoreEntry = z.object({
  form: z.string().regex(/^[a-z0-9_]{1,16}$/),
  number: z.number().int().min(1).max(60).optional(),
  score: z.number().int().min(0).max(300),
  day: CalendarDay,
});
/** One logged practice score. */
export type ScoreEntry = z.infer<typeof ScoreEntry>;

/** The log in the order the scores were added (so "undo" takes back the last one added). */
export const ScoreLog = z.array(ScoreEntry).max(maxScoreEntries);
/** A person's practice-score log. */
export type ScoreLog = z.infer<typeof ScoreLog>;

/** The log with `entry` added, the oldest dropped past {@link maxScoreEntries}. */
export function addScore(log: ScoreLog, entry: ScoreEntry): { log: ScoreLog; dropped: boolean } {
  const next = [...log, entry];
  const dropped = next.length > maxScoreEntries;
  return { log: dropped ? next.slice(-maxScoreEntries) : next, dropped };
}

/**
 * The log as people read it: by day, ties in the order added. Numbers shown to the person
 * ("delete 3") index this order.
 */
export function byDay(log: ScoreLog): ScoreEntry[] {
  return log
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => a.entry.day.localeCompare(b.entry.day) || a.i - b.i)
    .map((x) => x.entry);
}

/** The log without the `n`th entry (1-based) of {@link byDay}, or undefined if there is none. */
export function deleteScore(
  log: ScoreLog,
  n: number,
): { log: ScoreLog; removed: ScoreEntry } | undefined {
  const removed = byDay(log)[n - 1];
  if (!removed) return undefined;
  const at = log.indexOf(removed);
  return { log: [...log.slice(0, at), ...log.slice(at + 1)], removed };
}

/** Days since 1970-01-01 of a YYYY-MM-DD day: pure arithmetic, no clock. */
export function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Math.round(Date.UTC(y!, m! - 1, d!) / 86_400_000);
}

/** The YYYY-MM-DD day of a day number. */
export function dayOfNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}
