import type { Knowledge } from '../../../knowledge/schema.ts';
import { passingBar } from '../../../rules/passingBars.ts';
import type { Profile } from '../../../rules/profile.ts';
import { sentenceBreak } from '../normalize.ts';
import { readExamFailure } from './examFailure.ts';

type Standing = NonNullable<Profile['practiceStanding']>;

/** Words that say a sentence is about practice tests rather than the real exam. */
const practiceCue =
  /\b(?:nbme|uwsa|cbse|ccse|free120|practice (?:tests?|exams?|scores?|assessments?)|self assessments?|assessments?|mocks?|mock exams?|predicted scores?|predictors?)\b/;

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
  // Scores are only placed on Step 2 CK's scale when the message or what was said
  // before is about Step 2 CK: the same three digits mean something else for Step 1.
  const named = readExamFailure(normalized).failedExam;
  const step2 =
    (/\bstep2ck\b/.test(normalized) && !/\b(?:step1|step3)\b/.test(normalized)) ||
    (named ?? known.failedExam) === 'step2ck';
  if (failingPractice.test(normalized)) return { practiceStanding: 'below' };
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
    const bar = step2 ? passingBar(kb, 'step2ck')?.score : undefined;
    if (bar !== undefined) {
      const scores = [...about.matchAll(/\b(1[6-9]\d|2[0-7]\d)\b/g)].map((m) => Number(m[1]));
      const last = scores.at(-1);
      if (last !== undefined) return { practiceStanding: standingOf(last, bar) };
    }
  }
  return {};
}

// Within five points either side of the bar is "around" it; twenty above is comfortably
// clear of it, a margin that survives the usual gap between practice and real scores.
function standingOf(score: number, bar: number): Standing {
  if (score < bar - 5) return 'below';
  if (score <= bar + 5) return 'near';
  if (score < bar + 20) return 'above';
  return 'well_above';
}
