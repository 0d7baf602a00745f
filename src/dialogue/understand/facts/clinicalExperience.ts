import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';

type Usce = NonNullable<Profile['usce']>;

const handsOn =
  /\b(?:externships?|handson|subi|sub internships?|clerkships?|us rotations?|rotations? in the us|electives? in the us|us electives?)\b/g;
const observership = /\b(?:observerships?|shadowing|shadowed)\b/g;
const longObservership =
  /\b(?:long|longer|long term|longterm|extended|(?:[3-9]|1[0-2]) months?(?: long)?|(?:a|1|2) years?)(?: of)?(?: (?:an|a|us|unpaid|research))? (?:observerships?|observing|usce)\b|\bobservership(?:s)? (?:for|of|lasting) (?:[3-9]|1[0-2]) months\b/g;
const noUsce =
  /\b(?:no|zero|without|lack|lacking|not have any|not have|never had|never done|none) (?:any )?(?:us )?(?:usce|clinical experience|observerships?|us experience|externships?)\b/;
// A mention that is denied or only hoped for: "no externship", "planning to do an
// observership", "looking for observerships".
const negation =
  /\b(?:no|not|never|without|zero|lack|lacking)\s+(?:(?!only\b|but\b|just\b|except\b)\S+\s+){0,2}$|\b(?:planning|plan|want|wanting|hoping|hope|trying|going|need|needs) to (?:\S+\s+){0,3}$|\b(?:looking|searching|applying|apply) for (?:\S+\s+){0,2}$/;

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anyExperience = anyPattern([handsOn, longObservership, observership, noUsce]);

/**
 * The best US clinical experience mentioned: hands-on (externship, sub-I) over a long
 * observership (three months or more, or said to be long) over short observerships;
 * "no USCE" when that is all that is said. A negated mention ("no externship, two
 * observerships") doesn't count.
 */
export function readClinicalExperience(normalized: string): Pick<Profile, 'usce'> {
  if (!anyExperience.test(normalized)) return {};
  const mentioned = (pattern: RegExp): boolean => {
    for (const match of normalized.matchAll(pattern)) {
      if (!negation.test(normalized.slice(Math.max(0, match.index - 30), match.index))) return true;
    }
    return false;
  };
  let usce: Usce | undefined;
  if (mentioned(handsOn)) usce = 'hands_on';
  else if (mentioned(longObservership)) usce = 'long_observership';
  else if (mentioned(observership)) usce = 'short_observership';
  else if (noUsce.test(normalized)) usce = 'none';
  return usce ? { usce } : {};
}
