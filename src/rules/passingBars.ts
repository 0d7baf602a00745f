import { spokenMonth } from '../knowledge/checked.ts';
import type { BarExam, Knowledge, PassingBar } from '../knowledge/schema.ts';

/** The passing bar in force for one exam on one day, and where that figure comes from. */
export type PassingBarInForce = Pick<
  PassingBar,
  'exam' | 'score' | 'scale' | 'from' | 'source' | 'checked'
>;

/**
 * The bar in force for `exam` on the day `on` (YYYY-MM-DD), or the latest bar when no day
 * is given: a practice score is read against the exam still to come, so the newest bar is
 * the one that matters. Undefined when the table has no bar for the exam by that day.
 */
export function passingBar(
  kb: Pick<Knowledge, 'passingBars'>,
  exam: BarExam,
  on?: string,
): PassingBarInForce | undefined {
  let found: PassingBar | undefined;
  for (const bar of kb.passingBars) {
    if (bar.exam !== exam || (on !== undefined && bar.from > on)) continue;
    if (!found || bar.from > found.from) found = bar;
  }
  if (!found) return undefined;
  const { score, scale, from, source, checked } = found;
  return { exam, score, scale, from, source, checked };
}

/** A YYYY-MM-DD day as people write it ("1 July 2025"). */
export function spokenDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${spokenMonth(`${year}-${month}`)}`;
}

/** Placeholders a knowledge text can use for a bar: `{bar.step2ck}` and `{bar.step2ck.from}`. */
const barPlaceholder = /\{bar\.(\w+?)(\.from)?\}/g;

/**
 * A knowledge text with its `{bar.<exam>}` and `{bar.<exam>.from}` placeholders filled from
 * the table, so a figure the bot states is the same one the free-text reading compares
 * scores with. A placeholder for an exam without a bar is left as written; a knowledge
 * test makes sure none ships.
 */
export function fillPassingBars(text: string, kb: Pick<Knowledge, 'passingBars'>): string {
  return text.replace(barPlaceholder, (whole, exam: string, from: string | undefined) => {
    const bar = kb.passingBars.some((b) => b.exam === exam)
      ? passingBar(kb, exam as BarExam)
      : undefined;
    if (!bar) return whole;
    return from ? spokenDay(bar.from) : String(bar.score);
  });
}

/** The exams named by `{bar.…}` placeholders in a text, for checking they all resolve. */
export function barPlaceholders(text: string): string[] {
  return [...text.matchAll(barPlaceholder)].map((m) => m[1]!);
}
