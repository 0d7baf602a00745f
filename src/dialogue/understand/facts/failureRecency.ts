import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';

const recent =
  /\b(?:just|recently) (?:failed|got (?:my |the )?(?:result|results|score))|\bfailed (?:\S+ ){0,3}?(?:today|yesterday|this week|last week|days ago|(?:a|1|2|3) weeks? ago)\b|\b(?:result|results|score) (?:came )?(?:out )?(?:today|yesterday|this week)\b/;
const old =
  /\bfailed (?:\S+ ){0,3}?(?:last years|years ago|\d+ years ago|(?:[2-9]|1\d) months ago|months ago|a while ago|long ago)\b/;

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anyRecency = anyPattern([recent, old]);

/**
 * Whether the failure is fresh ("just failed", "failed yesterday", "results came out
 * this week") or further back ("failed last year", "failed 6 months ago"): only a
 * fresh one gets the first-days advice.
 */
export function readFailureRecency(normalized: string): Pick<Profile, 'failureRecency'> {
  if (!anyRecency.test(normalized)) return {};
  if (recent.test(normalized)) return { failureRecency: 'recent' };
  if (old.test(normalized)) return { failureRecency: 'old' };
  return {};
}
