import type { Exam, Profile } from '../../../rules/profile.ts';
import { sentenceBreak } from '../normalize.ts';
import { countOf, examTokens, failureWords, retakeWords, timesWords } from './examWords.ts';

const attemptNouns = new Set(['attempt', 'attempts', 'try', 'tries', 'time', 'times', 'x']);
const passWords = new Set(['passed', 'pass', 'cleared']);

/**
 * The exam a failure was on and how many attempts at it failed: "failed step 2 ck
 * twice", "my 2nd attempt at step 1 failed", "retaking the OET", "failed CK, passed
 * on my 3rd try" (two failed). The exam is the one nearest a failure word, looking
 * ahead first, skipping one said to be passed.
 */
export function readExamFailure(
  normalized: string,
): Pick<Profile, 'failedExam' | 'failedAttempts'> {
  // Three fact readers ask this of the same message in turn; the answer is kept for it.
  if (normalized !== lastRead.text)
    lastRead = { text: normalized, failure: Object.freeze(readFailure(normalized)) };
  return lastRead.failure;
}

let lastRead: { text?: string; failure: Pick<Profile, 'failedExam' | 'failedAttempts'> } = {
  failure: {},
};

function readFailure(normalized: string): Pick<Profile, 'failedExam' | 'failedAttempts'> {
  let exam: Exam | undefined;
  let attempts: number | undefined;
  let passedOn: number | undefined;
  let passedExam: Exam | undefined;
  for (const sentence of normalized.split(` ${sentenceBreak} `)) {
    const tokens = sentence.split(' ');
    tokens.forEach((token, i) => {
      const failed =
        failureWords.has(token) ||
        (token === 'pass' && (tokens[i - 1] === 'not' || tokens[i - 1] === 'never'));
      if (failed || retakeWords.has(token)) exam ??= examNear(tokens, i);
      if (failed) attempts ??= countNear(tokens, i);
      if (passWords.has(token) && passedOn === undefined) {
        passedOn = ordinalAfter(tokens, i);
        // "passed CK on my 2nd try" names the exam an earlier attempt failed
        if (passedOn !== undefined && passedOn >= 2)
          passedExam = examTokens.get(tokens[i + 1] ?? '');
      }
    });
  }
  if (attempts === undefined && passedOn !== undefined && passedOn >= 2) attempts = passedOn - 1;
  exam ??= passedExam;
  const facts: Pick<Profile, 'failedExam' | 'failedAttempts'> = {};
  if (exam) facts.failedExam = exam;
  if (attempts !== undefined && attempts >= 1 && attempts <= 10) facts.failedAttempts = attempts;
  return facts;
}

function examNear(tokens: readonly string[], at: number): Exam | undefined {
  // "failed step 1, passed step 2" → step 1; but in "step 1 failed, step 2 passed" the
  // exam ahead is the passed one, so the one behind wins when there is one.
  let ahead: { exam: Exam; passed: boolean } | undefined;
  for (let j = at + 1; j <= at + 5 && j < tokens.length; j++) {
    if (passWords.has(tokens[j]!)) break;
    const exam = examTokens.get(tokens[j]!);
    if (exam) {
      ahead = { exam, passed: passWords.has(tokens[j + 1] ?? '') };
      break;
    }
  }
  if (ahead && !ahead.passed) return ahead.exam;
  for (let j = at - 1; j >= at - 8 && j >= 0; j--) {
    const exam = examTokens.get(tokens[j]!);
    if (exam) return exam;
  }
  return ahead?.exam;
}

/** A count of failed attempts said around a failure word at `at`. */
function countNear(tokens: readonly string[], at: number): number | undefined {
  // "2 failed attempts", "2 fails", "my 3rd attempt failed"
  const before = countOf(tokens[at - 1]);
  if (before !== undefined && /^\d+$/.test(tokens[at - 1]!)) {
    if (tokens[at] === 'fails' || tokens[at] === 'failures') return before;
    if (attemptNouns.has(tokens[at + 1] ?? '')) return before;
  }
  // "my 2nd attempt failed", "my 3rd try at step 1 failed"
  for (let j = at - 2; j >= at - 5 && j >= 0; j--) {
    if (/^\d+(?:st|nd|rd|th)$/.test(tokens[j]!) && attemptNouns.has(tokens[j + 1] ?? ''))
      return countOf(tokens[j]);
  }
  for (let j = at + 1; j <= at + 7 && j < tokens.length; j++) {
    const token = tokens[j]!;
    if (passWords.has(token) || failureWords.has(token)) break;
    if (timesWords.has(token)) return timesWords.get(token);
    const n = countOf(token);
    if (n !== undefined && attemptNouns.has(tokens[j + 1] ?? '')) return n;
  }
  return undefined;
}

/** "passed on my 3rd attempt" → 3. */
function ordinalAfter(tokens: readonly string[], at: number): number | undefined {
  for (let j = at + 1; j <= at + 5 && j < tokens.length; j++) {
    const token = tokens[j]!;
    if (/^\d+(?:st|nd|rd|th)$/.test(token) && attemptNouns.has(tokens[j + 1] ?? ''))
      return countOf(token);
  }
  return undefined;
}
