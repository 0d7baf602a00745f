import { z } from 'zod';
import { Profile } from './profile.ts';

/** The outcome of reading a profile: the profile, or one clear line per problem. */
export type ProfileReading = { ok: true; profile: Profile } | { ok: false; problems: string[] };

// YAML 1.2 reads `yes` and `no` as strings, but people write them for true and false.
const booleanWords: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  on: true,
  no: false,
  n: false,
  false: false,
  off: false,
};

/** The yes/no facts of the profile, whose string answers are read as booleans. */
const booleanFacts = new Set(
  Object.entries(Profile.shape)
    .filter(([, schema]) => schema.unwrap() instanceof z.ZodBoolean)
    .map(([name]) => name),
);

/** The data with `yes`/`no` (any case) turned into booleans on yes/no facts only. */
function withBooleanWords(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      const word = typeof value === 'string' ? booleanWords[value.trim().toLowerCase()] : undefined;
      return [key, booleanFacts.has(key) && word !== undefined ? word : value];
    }),
  );
}

/**
 * Validates untrusted profile data, naming each bad field in plain words. Yes/no
 * facts accept `yes` and `no` as well as `true` and `false`.
 */
export function readProfile(data: unknown): ProfileReading {
  const parsed = Profile.safeParse(withBooleanWords(data ?? {}));
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
