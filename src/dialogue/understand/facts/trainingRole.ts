import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';

// Residents say where they are in training ("pgy 1", "an intern", "my program
// director"); a worry about losing the position only makes sense in residency.
const resident =
  /\b(?:pgy ?\d|i am (?:a |an |currently a )?(?:resident|intern)\b|already (?:a )?resident|(?:in|during) (?:my )?(?:residency|intern years?)\b(?! (?:application|applications|interview))|(?:1st|2nd|3rd|first|second|third) years? resident|my (?:program director|pd|residency program)|(?:get|be|being) (?:fired|dismissed|kicked out)|(?:lose|losing) my (?:position|residency|spot|job))/;
const applicant =
  /\b(?:i am (?:an? )?(?:img )?applicant|applying (?:to|for) (?:residency|the match)|(?:not|never) (?:yet )?matched|did not match|unmatched|(?:residency|match) applicant)\b/;

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anyRole = anyPattern([resident, applicant]);

/**
 * Where the person is in training: "I'm a PGY1", "already a resident", "will I get
 * fired?" read as a resident; "applying to residency", "unmatched" as an applicant.
 * A resident reading wins when both appear ("unmatched twice, now a PGY1").
 */
export function readTrainingRole(normalized: string): Pick<Profile, 'role'> {
  if (!anyRole.test(normalized)) return {};
  if (resident.test(normalized)) return { role: 'resident' };
  if (applicant.test(normalized)) return { role: 'applicant' };
  return {};
}
