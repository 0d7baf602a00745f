import type { Knowledge, PracticeExam, PracticeForm } from '../knowledge/schema.ts';
import { PracticeExam as PracticeExamSchema } from '../knowledge/schema.ts';
import { passingBar } from './passingBars.ts';
import type { Profile } from './profile.ts';
import { byDay, dayNumber, dayOfNumber, type ScoreEntry, type ScoreLog } from './scoreLog.ts';
import { theilSen } from './theilSen.ts';

/** What a practice score is measured on. */
export type Scale = PracticeForm['scale'];

/** The bar and the ready line for one scale. */
export interface ScaleBar {
  scale: Scale;
  bar: number;
  margin: number;
  /** bar + margin: a test at or above it counts toward "ready". */
  target: number;
}

/** Where the trend says the target would be reached, with the spread the scores allow. */
export type Projection =
  | { kind: 'date'; central: string; early: string; late?: string }
  | { kind: 'no_rise' }
  | { kind: 'far' };

/** A log judged against the bar for one exam. */
export interface Readiness {
  exam: PracticeExam;
  /** The exam's scored tests, by day. */
  tests: { entry: ScoreEntry; form: PracticeForm; bar: ScaleBar }[];
  /** Tests logged for other exams, kept but not judged. */
  otherExams: PracticeExam[];
  run: number;
  /** How many of the last `run` tests are at or above their target. */
  met: number;
  ready: boolean;
  /** The scale the trend is fitted on: the latest test's. */
  trendBar: ScaleBar;
  /** The trend over the last tests on that scale, from three of them on. */
  trend?: {
    count: number;
    perWeek: number;
    perWeekLow: number;
    perWeekHigh: number;
    /** The fitted line, score against day number, for drawing the projection. */
    line: { slope: number; intercept: number };
  };
  /** Only when not ready and the trend exists. */
  projection?: Projection;
}

/** The farthest ahead a projection names a date; beyond it the answer is "too far to say". */
const horizonDays = 365;

/**
 * The log judged for the exam the person is preparing (their failed Step if it is one, else
 * the exam of their latest test). Ready means the last `run` tests each at least the margin
 * above the bar of their own scale (kb.readiness); the trend is a Theil–Sen fit over the last
 * `window` tests on the latest test's scale, and a date is projected only from three or more.
 * Undefined when nothing in the log can be judged (no rule, no bar, no test for the exam).
 */
export function readiness(
  log: ScoreLog,
  profile: Pick<Profile, 'failedExam'>,
  kb: Pick<Knowledge, 'practiceForms' | 'readiness' | 'passingBars'>,
): Readiness | undefined {
  const rule = kb.readiness;
  if (!rule || log.length === 0) return undefined;
  const forms = new Map(kb.practiceForms.map((f) => [f.id, f]));
  const known = byDay(log).flatMap((entry) => {
    const form = forms.get(entry.form);
    return form ? [{ entry, form }] : [];
  });
  const named = PracticeExamSchema.safeParse(profile.failedExam);
  const exam = named.success ? named.data : known.at(-1)?.form.exam;
  if (!exam) return undefined;
  const bars = new Map<Scale, ScaleBar | undefined>();
  const barOf = (scale: Scale) => {
    if (!bars.has(scale)) bars.set(scale, scaleBar(scale, exam, rule.margin[scale], kb));
    return bars.get(scale);
  };
  const tests = known.flatMap(({ entry, form }) => {
    const bar = form.exam === exam ? barOf(form.scale) : undefined;
    return bar ? [{ entry, form, bar }] : [];
  });
  const latest = tests.at(-1);
  if (!latest) return undefined;
  const otherExams = [...new Set(known.map((k) => k.form.exam).filter((e) => e !== exam))];
  const last = tests.slice(-rule.run);
  const met = last.filter((t) => t.entry.score >= t.bar.target).length;
  const ready = tests.length >= rule.run && met === rule.run;
  const trendBar = latest.bar;
  const points = tests
    .filter((t) => t.form.scale === trendBar.scale)
    .slice(-rule.window)
    .map((t) => ({ x: dayNumber(t.entry.day), y: t.entry.score }));
  const result: Readiness = { exam, tests, otherExams, run: rule.run, met, ready, trendBar };
  if (points.length < 3) return result;
  const fit = theilSen(points);
  if (!fit) return result;
  result.trend = {
    count: points.length,
    perWeek: fit.slope * 7,
    perWeekLow: fit.slopeLow * 7,
    perWeekHigh: fit.slopeHigh * 7,
    line: { slope: fit.slope, intercept: fit.intercept },
  };
  if (!ready) result.projection = project(points, fit, trendBar.target);
  return result;
}

function scaleBar(
  scale: Scale,
  exam: PracticeExam,
  margin: number,
  kb: Pick<Knowledge, 'passingBars'>,
): ScaleBar | undefined {
  const bar = passingBar(kb, scale === 'percent' ? 'usmle_percent_correct' : exam)?.score;
  return bar === undefined ? undefined : { scale, bar, margin, target: bar + margin };
}

/**
 * The day each line through the scores reaches the target: the fitted slope for the central
 * date, the faster and slower quartile slopes for the band. A line anchored on the scores'
 * median, so the band widens the further out the date is, as it should.
 */
function project(
  points: readonly { x: number; y: number }[],
  fit: { slope: number; slopeLow: number; slopeHigh: number },
  target: number,
): Projection {
  if (fit.slope <= 0) return { kind: 'no_rise' };
  const lastX = Math.max(...points.map((p) => p.x));
  const reach = (slope: number): number | undefined => {
    if (slope <= 0) return undefined;
    const intercepts = points.map((p) => p.y - slope * p.x).sort((a, b) => a - b);
    const intercept = intercepts[Math.floor((intercepts.length - 1) / 2)]!;
    return Math.max(lastX, Math.ceil((target - intercept) / slope));
  };
  const central = reach(fit.slope)!;
  if (central - lastX > horizonDays) return { kind: 'far' };
  const early = reach(fit.slopeHigh) ?? central;
  const late = reach(fit.slopeLow);
  return {
    kind: 'date',
    central: dayOfNumber(central),
    early: dayOfNumber(Math.min(early, central)),
    ...(late !== undefined && late - lastX <= horizonDays
      ? { late: dayOfNumber(Math.max(late, central)) }
      : {}),
  };
}

/**
 * The practice standing a log gives the retake decision, so it reads the log instead of asking:
 * ready is well above; otherwise the latest test below the bar is below, anything else near.
 */
export function loggedStanding(judged: Readiness): NonNullable<Profile['practiceStanding']> {
  if (judged.ready) return 'well_above';
  const latest = judged.tests.at(-1)!;
  return latest.entry.score < latest.bar.bar ? 'below' : 'near';
}
