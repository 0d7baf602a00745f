import type { z } from 'zod';
import { Profile } from './profile.ts';

/** The outcome of reading a profile: the profile, or one clear line per problem. */
export type ProfileReading = { ok: true; profile: Profile } | { ok: false; problems: string[] };

/** Validates untrusted profile data, naming each bad field in plain words. */
export function readProfile(data: unknown): ProfileReading {
  const parsed = Profile.safeParse(data ?? {});
  if (parsed.success) return { ok: true, profile: parsed.data };
  return { ok: false, problems: parsed.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const field = issue.path.length > 0 ? issue.path.join('.') : 'the profile';
  return `${field}: ${issue.message}`;
}
