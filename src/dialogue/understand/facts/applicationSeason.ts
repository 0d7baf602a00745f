import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';

const season =
  '(?:eras|the season|application season|applications?|application cycle|match season|match cycle|applying|apply|the cycle|the next cycle|next cycle|submission)';

const patterns: readonly (readonly [RegExp, (m: RegExpExecArray) => number])[] = [
  [
    new RegExp(
      `\\b${season} (?:\\S+ ){0,2}?(?:in|within) (?:about |around |roughly |only |just )?(\\d{1,2}) (months|weeks)\\b`,
    ),
    (m) => inMonths(m[1]!, m[2]!),
  ],
  [
    new RegExp(
      `\\b(\\d{1,2}) (months|weeks) (?:left )?(?:until|till|til|before|to|away from|from) ${season}\\b`,
    ),
    (m) => inMonths(m[1]!, m[2]!),
  ],
  [new RegExp(`\\b${season} (?:\\S+ ){0,2}?next months\\b`), () => 1],
];

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anySeason = anyPattern(patterns.map(([pattern]) => pattern));

function inMonths(count: string, unit: string): number {
  const n = Number(count);
  return unit === 'weeks' ? Math.round(n / 4.3) : n;
}

/**
 * Months until the application season from "ERAS opens in 4 months", "3 months before
 * applications", "applying in 6 weeks". A named month ("this September") is left alone:
 * the engine has no clock.
 */
export function readApplicationSeason(normalized: string): Pick<Profile, 'monthsToApplication'> {
  if (!anySeason.test(normalized)) return {};
  for (const [pattern, value] of patterns) {
    const match = pattern.exec(normalized);
    if (!match) continue;
    const months = value(match);
    if (months >= 0 && months <= 36) return { monthsToApplication: months };
  }
  return {};
}
