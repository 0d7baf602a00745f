import { z } from 'zod';
import { CalendarDay } from '../knowledge/schema.ts';
import type { Readiness } from '../rules/readiness.ts';
import { dayNumber, dayOfNumber } from '../rules/scoreLog.ts';

/**
 * What a chart of the score log shows, platform-neutral: the scores on one scale over time, the
 * passing bar as a line, the margin above it as a band, the exam day as a marker and the
 * projection as a dashed segment. Adapters draw it (a PNG on Telegram and Discord, a sparkline
 * in the terminal); nothing here draws.
 */
export const ScoreChart = z.object({
  title: z.string(),
  scale: z.enum(['three_digit', 'percent']),
  bar: z.number(),
  target: z.number(),
  points: z.array(z.object({ day: CalendarDay, score: z.number(), label: z.string() })).max(30),
  examDay: CalendarDay.optional(),
  projection: z
    .object({
      from: z.object({ day: CalendarDay, score: z.number() }),
      to: z.object({ day: CalendarDay, score: z.number() }),
    })
    .optional(),
  /** The scores as a one-line text sparkline, for places that can't show a picture. */
  sparkline: z.string(),
});
/** One chart of a score log. */
export type ScoreChart = z.infer<typeof ScoreChart>;

const ticks = '▁▂▃▄▅▆▇█';

/**
 * The scores as block characters, lowest to highest, with the bar's height marked by the
 * scale either side ("205 ▁▃▅▆█ 240"): a look at the shape in a line of text.
 */
export function sparkline(scores: readonly number[], bar: number): string {
  if (scores.length === 0) return '';
  const low = Math.min(...scores, bar);
  const high = Math.max(...scores, bar);
  const span = high - low || 1;
  const marks = scores.map((s) => ticks[Math.round(((s - low) / span) * (ticks.length - 1))]);
  return `${Math.min(...scores)} ${marks.join('')} ${Math.max(...scores)}`;
}

/**
 * The chart of a judged log: the tests on the trend's scale (the latest test's), the exam
 * day `weeksToExam` from `today` when known, and the projection from the fitted line's value
 * on the last test's day to the target on the central projected day.
 */
export function scoreChart(
  judged: Readiness,
  today: string,
  weeksToExam: number | undefined,
  title: string,
): ScoreChart {
  const bar = judged.trendBar;
  const tests = judged.tests.filter((t) => t.form.scale === bar.scale);
  const points = tests.map(({ entry, form }) => ({
    day: entry.day,
    score: entry.score,
    label: entry.number !== undefined ? `${form.label} #${entry.number}` : form.label,
  }));
  const chart: ScoreChart = {
    title,
    scale: bar.scale,
    bar: bar.bar,
    target: bar.target,
    points,
    sparkline: sparkline(
      points.map((p) => p.score),
      bar.bar,
    ),
  };
  if (weeksToExam !== undefined) chart.examDay = dayOfNumber(dayNumber(today) + weeksToExam * 7);
  const line = judged.trend?.line;
  const last = points.at(-1);
  if (line && last && judged.projection?.kind === 'date') {
    const x = dayNumber(last.day);
    chart.projection = {
      from: { day: last.day, score: Math.round((line.intercept + line.slope * x) * 10) / 10 },
      to: { day: judged.projection.central, score: bar.target },
    };
  }
  return chart;
}
