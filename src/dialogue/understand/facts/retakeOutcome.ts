import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';
import { sentenceBreak } from '../normalize.ts';
import { readExamFailure } from './examFailure.ts';
import { examTokens, failureWords } from './examWords.ts';

// Said about the failed exam itself: "I haven't passed it yet", "my retake is in
// March", "preparing for my next attempt" all mean it is still to pass.
const notYetPatterns: readonly RegExp[] = [
  /\b(?:have not|has not|not yet|never|still not|yet to|can not seem to) (?:passed|pass)\b/,
  /\b(?:retake|resit|next attempt|2nd attempt|3rd attempt|4th attempt) (?:is|will be|date|in|on|next|coming|scheduled)\b/,
  /\b(?:retaking|resitting|reattempting|retake|resit) (?:\S+ ){0,3}?(?:in|next|on|soon|tomorrow) (?:\d+ )?(?:weeks|months|days|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)\b/,
  /\b(?:preparing|studying|prepping|prep|studying hard|getting ready|registered|scheduled) for (?:my |the |a )?(?:(?:step1|step2ck|step3|oet|ielts) )?(?:retake|resit|next attempt|2nd attempt|3rd attempt|4th attempt)\b/,
  /\bupcoming (?:retake|resit|attempt)\b/,
  /\bbefore (?:my|the) (?:retake|resit|next attempt)\b/,
  /\bfailed (?:\S+ ){0,3}?again\b/,
];

// "passed on my 2nd try", "passed it after failing once", "failed twice before
// finally passing": a pass after at least one failed attempt.
const passedOnRetry =
  /\b(?:passed|cleared) (?:\S+ ){0,3}?(?:on (?:my |the )?(?:[2-9](?:nd|rd|th)) (?:attempt|try|time)|after (?:failing|failed|a fail|1 fail))\b|\b(?:before|until|then|and) (?:finally |eventually )?passing\b/;

/**
 * Whether the failed exam has since been passed: "failed step 1 once, then passed",
 * "passed the retake", "passed it on my 2nd attempt" (yes); "haven't passed yet",
 * "my retake is next month" (no). A pass of another exam ("failed step 1, passed CK")
 * says nothing about this one.
 */
export function readRetakeOutcome(normalized: string): Pick<Profile, 'retakePassed'> {
  if (passedOnRetry.test(normalized)) return { retakePassed: true };
  const tokens = normalized.split(' ');
  const firstFailure = tokens.findIndex((t) => failureWords.has(t));
  if (firstFailure === -1) {
    if (notYet(normalized)) return { retakePassed: false };
    if (/\bpassed (?:the|my) (?:retake|resit)\b/.test(normalized)) return { retakePassed: true };
    return {};
  }
  const failedExam = readExamFailure(normalized).failedExam;
  for (let i = firstFailure + 1; i < tokens.length; i++) {
    if (tokens[i] !== 'passed' && tokens[i] !== 'cleared') continue;
    if (/^(?:not|never|yet|have not)$/.test(tokens[i - 1] ?? '')) continue;
    if (tokens[i - 2] === 'have' && tokens[i - 1] === 'not') continue;
    const next = nextExam(tokens, i) ?? examTokens.get(tokens[i - 1] ?? '');
    if (next === undefined || failedExam === undefined || next === failedExam) {
      return { retakePassed: true };
    }
  }
  return notYet(normalized) ? { retakePassed: false } : {};
}

const anyNotYet = anyPattern(notYetPatterns);

function notYet(normalized: string): boolean {
  return anyNotYet.test(normalized);
}

/** The exam named right after "passed", within the sentence. */
function nextExam(tokens: readonly string[], at: number): string | undefined {
  for (let j = at + 1; j <= at + 3 && j < tokens.length; j++) {
    if (tokens[j] === sentenceBreak) return undefined;
    const exam = examTokens.get(tokens[j]!);
    if (exam) return exam;
  }
  return undefined;
}
