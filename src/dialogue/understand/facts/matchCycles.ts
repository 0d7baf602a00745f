import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';
import { timesWords } from './examWords.ts';

const times = '(once|twice|thrice|(\\d{1,2}) (?:times|x|cycles|seasons|years))';

const patterns: readonly (readonly [RegExp, (m: RegExpExecArray) => number | undefined])[] = [
  [/\b(?:never|not yet|have not|did not|yet to) (?:applied|apply)\b/, () => 0],
  [
    /\b(?:1st time|1st cycle) (?:applying|applicant|in the match)\b|\bapplying for the 1st time\b/,
    () => 0,
  ],
  [
    new RegExp(
      `\\b(?:applied|apply|applying|been applying|went unmatched|unmatched|did not match|not matched|failed to match|without matching) (?:\\S+ ){0,3}?${times}`,
    ),
    (m) => count(m),
  ],
  [
    /\b(?<!more )(?<!another )(\d{1,2}) (?:unsuccessful |failed |previous |prior |past |straight |unmatched |application |match |residency |eras )*(?:cycles|application cycles|match cycles|matches|seasons)\b(?! (?:more|left))/,
    (m) => Number(m[1]),
  ],
  [
    /\b(\d{1,2})(?:st|nd|rd|th) (?:cycle|application cycle|match cycle|time applying|match|season)\b|\bapplying (?:for )?(?:the )?(\d{1,2})(?:st|nd|rd|th) time\b/,
    (m) => Number(m[1] ?? m[2]) - 1,
  ],
  [/\b(?:did not|not) match (?:\S+ )?last years\b|\bunmatched last years\b/, () => 1],
];

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anyCycles = anyPattern(patterns.map(([pattern]) => pattern));

function count(m: RegExpExecArray): number | undefined {
  const word = m[1] ?? '';
  return timesWords.get(word) ?? (m[2] !== undefined ? Number(m[2]) : undefined);
}

/**
 * Match cycles already applied in without matching: "applied 2 cycles", "went
 * unmatched twice", "3 unsuccessful cycles", "this is my 3rd cycle" (two before it),
 * "haven't applied yet" (none).
 */
export function readMatchCycles(normalized: string): Pick<Profile, 'cyclesApplied'> {
  if (!anyCycles.test(normalized)) return {};
  for (const [pattern, value] of patterns) {
    const match = pattern.exec(normalized);
    if (!match) continue;
    const cycles = value(match);
    if (cycles !== undefined && cycles >= 0 && cycles <= 15) return { cyclesApplied: cycles };
  }
  return {};
}
