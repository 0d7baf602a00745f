import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';

const patterns: readonly (readonly [RegExp, (m: RegExpExecArray) => number])[] = [
  [
    /\b(\d{1,2}) (?:\+ )?years? (?:out|since (?:i )?(?:graduation|graduating|graduated|med school|medical school|mbbs|md)|post ?(?:graduation|grad|graduated|mbbs)|after (?:graduation|graduating|med school|medical school|mbbs)|from graduation|out of (?:med|medical) school|of graduation gap|gap|graduation gap)\b/,
    (m) => Number(m[1]),
  ],
  [
    /\bgraduated (?:from (?:med |medical )?school |from mbbs |mbbs |md )?(?:about |around |almost |over |nearly |roughly )?(\d{1,2}) years? ago\b/,
    (m) => Number(m[1]),
  ],
  [
    /\b(?:year of graduation|graduation) (?:was |is )?(?:about |around )?(\d{1,2}) years? ago\b/,
    (m) => Number(m[1]),
  ],
  [/\bgraduated last years\b/, () => 1],
  [
    /\b(?:just|recently|freshly) graduated\b|\bgraduated this years\b|\bfresh graduated?\b/,
    () => 0,
  ],
];

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anyGraduation = anyPattern(patterns.map(([pattern]) => pattern));

/**
 * Years since medical school from "8 years out", "graduated 6 years ago", "a 10 year
 * gap since graduation", "graduated last year". A graduation year ("YOG 2016") is left
 * alone: the engine has no clock, so it cannot turn a year into years since.
 */
export function readGraduation(normalized: string): Pick<Profile, 'yearsSinceGraduation'> {
  if (!anyGraduation.test(normalized)) return {};
  for (const [pattern, value] of patterns) {
    const match = pattern.exec(normalized);
    if (!match) continue;
    const years = value(match);
    if (years >= 0 && years <= 50) return { yearsSinceGraduation: years };
  }
  return {};
}
