import type { Knowledge } from '../../../knowledge/schema.ts';
import { passingBar } from '../../../rules/passingBars.ts';
import type { Profile } from '../../../rules/profile.ts';
import { sentenceBreak } from '../normalize.ts';
import { readExamFailure } from './examFailure.ts';

type Standing = NonNullable<Profile['practiceStanding']>;

/** Words that say a sentence is about practice tests rather than the real exam. */
const practiceCue =
  /\b(?:nbme|uwsa|cbse|cbssa|ccse|free120|free 120|fr 120|uworld|amboss|qbank|q bank|question bank|kaplan|practice (?:tests?|exams?|scores?|assessments?)|self assessments?|assessments?|mocks?|mock exams?|predicted scores?|predictors?)\b/;

const noneRecent =
  /\b(?:have not|did not|never|not|no|not yet) (?:taken |take |done |do |had |written )?(?:any |a |an |recent )?(?:nbme|uwsa|cbse|practice (?:tests?|exams?)|self assessments?|mocks?)\b/;

// Comparisons with the bar come first, most specific first ("well above passing" must
// not read as "above passing"); bare words like "failing" or "passing" only after them.
const wordings: readonly (readonly [RegExp, Standing])[] = [
  [
    /\b(?:well|way|far|comfortably|much|high|safely|\d+ points) (?:above|over|past) (?:the )?(?:pass|passing)\b/,
    'well_above',
  ],
  [/\b(?:comfortably|easily|safely) (?:passing|above)\b/, 'well_above'],
  [
    /\b(?:borderline|around (?:the )?(?:pass|passing)|near (?:the )?(?:pass|passing)|close to (?:the )?(?:pass|passing)|just (?:at|around|below|under|above|over) (?:the )?(?:pass|passing)|barely (?:passing|above)|passing but (?:just |only )?barely|right at (?:the )?(?:pass|passing)|on the edge|hovering)\b/,
    'near',
  ],
  [
    /\b(?:below|under|beneath|lower than|short of|not reaching|not at) (?:the )?(?:pass|passing)\b/,
    'below',
  ],
  [/\b(?:above|over) (?:the )?(?:pass|passing)\b/, 'above'],
  [/\b(?:failing|fails|not passing|below|low)\b/, 'below'],
  [/\b(?:passing|passes|above|good|high)\b/, 'above'],
];

const failingPractice =
  /\bfailing (?:my |all my |all the |the |every )?(?:nbme|uwsa|cbse|practice|self assessments?|mocks?)\b/;

/**
 * Where recent practice tests stand against the passing bar, from sentences that
 * mention them: "NBMEs still below passing", "UWSA 2 was borderline", "haven't taken
 * an NBME yet", or Step 2 CK three-digit scores ("ck: nbme 9 205, uwsa 2 218" → near,
 * reading the last one as the most recent). Scores are measured against the latest
 * Step 2 CK bar in knowledge/passingBars.yaml, the same figure the advice states.
 */
export function readPracticeScores(
  normalized: string,
  known: Profile,
  kb: Pick<Knowledge, 'passingBars'>,
): Pick<Profile, 'practiceStanding'> {
  if (noneRecent.test(normalized)) return { practiceStanding: 'none_recent' };
  if (failingPractice.test(normalized)) return { practiceStanding: 'below' };
  // Most messages name no practice test, and only a sentence that does is read on.
  if (!practiceCue.test(normalized)) return {};
  // Scores are only placed on Step 2 CK's scale when the message or what was said
  // before is about Step 2 CK: the same three digits mean something else for Step 1.
  const named = readExamFailure(normalized).failedExam;
  const mentioned = mentionedStep(normalized);
  const step2 = mentioned === 'step2ck' || (named ?? known.failedExam) === 'step2ck';
  const exam = step2 ? 'step2ck' : (named ?? mentioned ?? known.failedExam);
  for (const sentence of normalized.split(` ${sentenceBreak} `)) {
    const cue = practiceCue.exec(sentence);
    if (!cue) continue;
    // The mention of the practice test and what follows it are about the test; a
    // failure said well before it ("failed step 1 in may, nbmes now above passing")
    // is about the exam.
    const about = sentence
      .slice(0, cue.index)
      .split(' ')
      .slice(-6)
      .concat(sentence.slice(cue.index))
      .join(' ');
    for (const [pattern, standing] of wordings) {
      if (pattern.test(about)) return { practiceStanding: standing };
    }
    const standing = numericStanding(about, exam, kb);
    if (standing) return { practiceStanding: standing };
  }
  return {};
}

/** The one Step a message names, if it names exactly one. */
function mentionedStep(normalized: string): Profile['failedExam'] {
  const steps = stepNames.filter((s) => s.pattern.test(normalized));
  return steps.length === 1 ? steps[0]!.step : undefined;
}

const stepNames = (['step1', 'step2ck', 'step3'] as const).map((step) => ({
  step,
  pattern: new RegExp(`\\b${step}\\b`),
}));

// Form names carry numbers that are not results: "nbme 12", "uwsa 2", "free 120".
const formNumber =
  /\b(?:(?:nbme|uwsa|cbse|cbssa|ccse|form|block|test|assessment) \d{1,2}|(?:free|fr) 120)\b/g;
// Banks and the Free 120 report a share correct, so a bare two-digit number there is one.
const percentScale = /\b(?:uworld|amboss|qbank|q bank|question bank|kaplan|free 120|fr 120)\b/;

/**
 * Practice results given as numbers, the most recent (last) one read: a percentage
 * against the USMLE's typical share correct, a three-digit score against the named
 * exam's passing bar. Both bars come from knowledge/passingBars.yaml.
 */
function numericStanding(
  about: string,
  exam: Profile['failedExam'],
  kb: Pick<Knowledge, 'passingBars'>,
): Standing | undefined {
  const results = about.replace(formNumber, ' ');
  const percents = [...results.matchAll(/\b([1-9]\d) percent\b/g)].map((m) => Number(m[1]));
  if (percents.length === 0 && percentScale.test(results))
    percents.push(...[...results.matchAll(/\b([2-9]\d)\b/g)].map((m) => Number(m[1])));
  const scaled = [...results.matchAll(/\b(1[4-9]\d|2[0-9]\d)\b/g)].map((m) => Number(m[1]));
  const examBar = exam === 'step1' || exam === 'step2ck' || exam === 'step3' ? exam : undefined;
  const bar = examBar ? passingBar(kb, examBar)?.score : undefined;
  if (scaled.length > 0 && bar !== undefined) return standingOf(scaled.at(-1)!, bar, 20);
  const share = passingBar(kb, 'usmle_percent_correct')?.score;
  if (percents.length > 0 && share !== undefined) return standingOf(percents.at(-1)!, share, 15);
  return undefined;
}

// Within five points either side of the bar is "around" it; `clear` above it (twenty
// scaled points, fifteen percentage points) is comfortably clear, a margin that
// survives the usual gap between practice and real results. The bot's own reasoning,
// not an official rule.
function standingOf(result: number, bar: number, clear: number): Standing {
  if (result < bar - 5) return 'below';
  if (result <= bar + 5) return 'near';
  if (result < bar + clear) return 'above';
  return 'well_above';
}
