import { type Knowledge, PracticeExam, type PracticeForm } from '../knowledge/schema.ts';
import { dayNumber, dayOfNumber, type ScoreEntry } from '../rules/scoreLog.ts';
import { examTokens } from './understand/facts/examWords.ts';
import { normalizeText } from './understand/normalize.ts';

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthWord = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';

/** The score range a form's scale allows. */
export function scoreRange(form: PracticeForm): { min: number; max: number } {
  return form.scale === 'percent' ? { min: 1, max: 100 } : { min: 100, max: 300 };
}

/**
 * A day named in normalized text — "today", "yesterday", "tomorrow", "3 days ago", "28 nov", "nov 28",
 * "2026 11 28" — resolved against `today`; a day-and-month without a year is the latest such
 * day not after today. Returns the day and the text with the date words removed.
 */
export function readDay(normalized: string, today: string): { day?: string; rest: string } {
  const todayN = dayNumber(today);
  const rules: [RegExp, (m: RegExpExecArray) => number | undefined][] = [
    [/\b(20\d\d) (\d{1,2}) (\d{1,2})\b/, (m) => validDay(+m[1]!, +m[2]!, +m[3]!)],
    [
      new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?${monthWord}\\b`),
      (m) => recentDay(+m[1]!, m[2]!, todayN),
    ],
    [
      new RegExp(`\\b${monthWord} (\\d{1,2})(?:st|nd|rd|th)?\\b`),
      (m) => recentDay(+m[2]!, m[1]!, todayN),
    ],
    [/\b(\d{1,2}) days? ago\b/, (m) => todayN - +m[1]!],
    [/\byesterday\b/, () => todayN - 1],
    [/\btomorrow\b/, () => todayN + 1],
    [/\btoday\b/, () => todayN],
  ];
  for (const [pattern, resolve] of rules) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    const n = resolve(m);
    const rest = `${normalized.slice(0, m.index)} ${normalized.slice(m.index + m[0].length)}`;
    return n === undefined ? { rest } : { day: dayOfNumber(n), rest };
  }
  return { rest: normalized };
}

function validDay(y: number, m: number, d: number): number | undefined {
  const n = dayNumber(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  return Number.isNaN(n) ||
    dayOfNumber(n) !== `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    ? undefined
    : n;
}

function recentDay(d: number, month: string, todayN: number): number | undefined {
  const m = months.indexOf(month.slice(0, 3)) + 1;
  const year = Number(dayOfNumber(todayN).slice(0, 4));
  const thisYear = validDay(year, m, d);
  if (thisYear !== undefined && thisYear <= todayN) return thisYear;
  return validDay(year - 1, m, d);
}

/** A score, form number and day read from what someone typed for a known form. */
export type ScoreValue =
  | { kind: 'value'; score: number; number?: number; day: string }
  | { kind: 'future' }
  | { kind: 'unparsed' };

/**
 * Reads the reply to "what did you score?": a score in the form's range, a form number for a
 * numbered form (the smaller number), and a day (today when none is given).
 */
export function readScoreValue(text: string, form: PracticeForm, today: string): ScoreValue {
  const { day, rest } = readDay(normalizeText(text, 200), today);
  if (day !== undefined && day > today) return { kind: 'future' };
  const numbers = [...rest.matchAll(/\b(\d{1,3})\b/g)].map((m) => Number(m[1]));
  const range = scoreRange(form);
  const scores = numbers.filter((n) => n >= range.min && n <= range.max);
  const score = form.scale === 'percent' ? scores.at(-1) : scores[0];
  if (score === undefined) return { kind: 'unparsed' };
  const others = numbers.filter((n) => n !== score && n >= 1 && n <= 60);
  const number = form.numbered ? others[0] : undefined;
  return { kind: 'value', score, day: day ?? today, ...(number !== undefined ? { number } : {}) };
}

/**
 * The Step a normalized message names, if exactly one. Read with the understanding's own exam
 * words (its normalizer already turns "ck", "step 2" and "s2" into "step2ck"), so the log and
 * the facts never disagree about which exam a message is about.
 */
function namedExam(normalized: string): PracticeExam | undefined {
  const named = new Set<PracticeExam>();
  for (const token of normalized.split(' ')) {
    const exam = PracticeExam.safeParse(examTokens.get(token));
    if (exam.success) named.add(exam.data);
  }
  return named.size === 1 ? [...named][0] : undefined;
}

/**
 * Practice scores stated in a message — "nbme 31 today 221", "ck: nbme 9 205, uwsa 2 218 on
 * 28 nov", "65% on the free 120 yesterday" — as log entries for the exam the message names
 * or, failing that, `exam`. Only a form name with a score in its range close after it (or,
 * for the first form, just before it) counts, so a story that merely mentions NBMEs logs
 * nothing. The day is the one the message names, else today; nothing is read for a future day.
 */
export function readScoreEntries(
  text: string,
  exam: PracticeExam | undefined,
  today: string,
  kb: Pick<Knowledge, 'practiceForms'>,
): ScoreEntry[] {
  const normalized = normalizeText(text, 1000);
  const forExam = namedExam(normalized) ?? exam;
  if (!forExam) return [];
  const forms = kb.practiceForms
    .filter((f) => f.exam === forExam)
    .flatMap((form) => form.words.map((w) => ({ form, word: normalizeText(w, 40) })))
    .sort((a, b) => b.word.length - a.word.length);
  if (forms.length === 0) return [];
  const alternatives = forms.map((f) => f.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const mentions = [...normalized.matchAll(new RegExp(`\\b(?:${alternatives})s?\\b`, 'g'))];
  const { day, rest: _rest } = readDay(normalized, today);
  if (day !== undefined && day > today) return [];
  const entries: ScoreEntry[] = [];
  mentions.forEach((m, i) => {
    const word = m[0].replace(/s$/, '');
    const form = (forms.find((f) => f.word === word) ?? forms.find((f) => f.word === m[0]))?.form;
    if (!form) return;
    const end = mentions[i + 1]?.index ?? normalized.length;
    const after = readDay(normalized.slice(m.index + m[0].length, end), today).rest;
    const words = after.split(' ').filter((w) => w !== '');
    const range = scoreRange(form);
    let number: number | undefined;
    let score: number | undefined;
    for (const [at, w] of words.slice(0, 6).entries()) {
      if (!/^\d{1,3}$/.test(w)) continue;
      const n = Number(w);
      if (form.numbered && at === 0 && n >= 1 && n <= 60 && number === undefined) {
        // "nbme 31 221": the first number right after the name is the form's.
        const next = words
          .slice(1, 6)
          .some((x) => /^\d{1,3}$/.test(x) && inRange(Number(x), range));
        if (next || !inRange(n, range)) {
          number = n;
          continue;
        }
      }
      if (inRange(n, range)) {
        score = n;
        break;
      }
    }
    if (score === undefined && i === 0 && form.scale === 'percent') {
      const before = /\b(\d{1,3}) percent\b(?:\W+\w+){0,3}\W*$/.exec(normalized.slice(0, m.index));
      if (before && inRange(Number(before[1]), range)) score = Number(before[1]);
    }
    if (score === undefined) return;
    entries.push({
      form: form.id,
      score,
      day: day ?? today,
      ...(number !== undefined ? { number } : {}),
    });
  });
  return entries;
}

function inRange(n: number, range: { min: number; max: number }): boolean {
  return n >= range.min && n <= range.max;
}
