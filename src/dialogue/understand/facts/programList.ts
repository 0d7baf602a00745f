import type { Profile } from '../../../rules/profile.ts';
import { anyPattern } from '../joinedPatterns.ts';

const community =
  /\b(?:mostly|mainly|all|largely|primarily|heavy on|lots of|many) (?:\S+ ){0,2}?community\b|\bcommunity (?:heavy|based list|programs mostly)\b/;
const university =
  /\b(?:mostly|mainly|all|largely|primarily|heavy on|lots of|many) (?:\S+ ){0,2}?(?:university|academic|big name)\b/;
const mixed = /\b(?:a )?mix(?:ed)? of (?:community and university|university and community|both)\b/;

// Most messages state none of this: one joined scan says so before the patterns one by one.
const anyMix = anyPattern([mixed, community, university]);

/**
 * Where the program list is concentrated, from "150 programs, mostly community",
 * "mainly university programs", "a mix of community and university". Read so the
 * cycles answer never asks what the person has just said.
 */
export function readProgramList(normalized: string): Pick<Profile, 'programMix'> {
  if (!anyMix.test(normalized)) return {};
  if (mixed.test(normalized)) return { programMix: 'mixed' };
  if (community.test(normalized)) return { programMix: 'mostly_community' };
  if (university.test(normalized)) return { programMix: 'mostly_university' };
  return {};
}
