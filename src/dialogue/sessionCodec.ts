import { z } from 'zod';
import { Topic } from '../rules/advice.ts';
import { FactName, Profile } from '../rules/profile.ts';
import { dayNumber, dayOfNumber } from '../rules/scoreLog.ts';
import {
  freshSession,
  type Session,
  Session as SessionSchema,
  sessionVersion,
  type UndoEntry,
} from './session.ts';

const facts = FactName.options;
const topics = Topic.options;

type Value = string | number | boolean;

/** An answer's undo entry: topic index, fact index, 1 if it was "not sure", the value before. */
type StoredAnswer = [number, number, number, Value?];

/**
 * A facts undo entry: the marker -1, a bitmask of which facts were "not sure", then
 * pairs of fact index and the value before (null if unknown), enum values by index.
 */
type StoredFacts = [-1, number, ...(number | boolean | null)[]];

/**
 * Stored form of a session: profile facts by position, "not sure" facts as a
 * bitmask, undo entries as short tuples. Keeps a full session well under 1 KiB.
 * Fields added later (`c`, facts undo entries) are optional, so sessions stored
 * before them still decode.
 */
interface Stored {
  v: number;
  s: Session['state'];
  p: (Value | null)[];
  u?: number;
  b?: (StoredAnswer | StoredFacts)[];
  l?: [number, string];
  c?: string;
  n?: 'reset';
  /** The topics answered, as a bitmask by position. */
  a?: number;
  /** Practice scores in the order added: form id, score, day number, form number if any. */
  g?: StoredScore[];
  /** The person's time zone (an IANA name, at most 64 characters). */
  z?: string;
}

/** A logged score: form id, score, days since 1970-01-01, and the form number if it has one. */
type StoredScore = [string, number, number, number?];

/** A profile as values by fact position, trailing unknowns dropped. */
export function packProfile(profile: Profile): (Value | null)[] {
  const p = facts.map((f) => profile[f] ?? null);
  while (p.length > 0 && p.at(-1) === null) p.pop();
  return p;
}

/** The profile {@link packProfile} packed; not validated, so only for data this codec wrote. */
export function unpackProfile(packed: readonly (Value | null)[]): Profile {
  const profile: Record<string, unknown> = {};
  packed.forEach((value, i) => {
    if (value !== null && facts[i]) profile[facts[i]] = value;
  });
  return profile as Profile;
}

/** Encodes a session for the store, sealed with a checksum (see decodeSession). */
export function encodeSession(session: Session): string {
  const p = packProfile(session.profile);
  const stored: Stored = { v: session.v, s: session.state, p };
  const unsure = session.unsure.reduce((mask, f) => mask | (1 << facts.indexOf(f)), 0);
  if (unsure) stored.u = unsure;
  if (session.undo.length > 0) stored.b = session.undo.map(encodeUndo);
  if (session.lastAnswer)
    stored.l = [topics.indexOf(session.lastAnswer.topic), session.lastAnswer.verdict];
  if (session.country) stored.c = session.country;
  if (session.notice) stored.n = session.notice;
  if (session.answered?.length)
    stored.a = session.answered.reduce((mask, t) => mask | (1 << topics.indexOf(t)), 0);
  if (session.timeZone) stored.z = session.timeZone;
  if (session.scores?.length)
    stored.g = session.scores.map((e) => {
      const packed: StoredScore = [e.form, e.score, dayNumber(e.day)];
      if (e.number !== undefined) packed.push(e.number);
      return packed;
    });
  const json = JSON.stringify(stored);
  return `${json}${SEAL}${checksum(json)}`;
}

// The seal separates the JSON from its checksum; '\u0000' never appears in JSON.stringify output.
const SEAL = '\u0000';

/** FNV-1a over the UTF-16 code units, base 36: about a microsecond for a whole session. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function encodeUndo(entry: UndoEntry): StoredAnswer | StoredFacts {
  if ('facts' in entry) {
    const stored: StoredFacts = [-1, 0];
    entry.facts.forEach((change, i) => {
      if (change.wasUnsure) stored[1] |= 1 << i;
      const index = facts.indexOf(change.fact);
      stored.push(
        index,
        change.previous === undefined ? null : packValue(change.fact, change.previous),
      );
    });
    return stored;
  }
  const stored: StoredAnswer = [
    topics.indexOf(entry.topic),
    facts.indexOf(entry.fact),
    entry.wasUnsure ? 1 : 0,
  ];
  if (entry.previous !== undefined) stored.push(entry.previous);
  return stored;
}

/**
 * Decodes a stored session. Anything unreadable — corrupt JSON, an unknown
 * version, a value the schema rejects — becomes a fresh session flagged `reset`,
 * so the person is told and the conversation goes on.
 *
 * The hot path skips the full schema parse: a session of this version whose checksum
 * matches is exactly what `encodeSession` wrote from a valid session. Unsealed data (stored
 * before the seal, or edited by hand) and a broken seal take the zod path.
 */
export function decodeSession(raw: string): Session {
  const at = raw.lastIndexOf(SEAL);
  const json = at < 0 ? raw : raw.slice(0, at);
  const sealed = at >= 0 && raw.slice(at + 1) === checksum(json);
  try {
    const stored = JSON.parse(json) as Stored;
    if (stored?.v !== sessionVersion) return resetSession();
    const profile = unpackProfile(stored.p ?? []);
    const session = {
      v: stored.v,
      state: stored.s,
      profile,
      unsure: facts.filter((_, i) => ((stored.u ?? 0) >> i) & 1),
      undo: (stored.b ?? []).map(decodeUndo),
      ...(stored.l ? { lastAnswer: { topic: topics[stored.l[0]], verdict: stored.l[1] } } : {}),
      ...(stored.c ? { country: stored.c } : {}),
      ...(stored.n ? { notice: stored.n } : {}),
      ...(stored.a ? { answered: topics.filter((_, i) => ((stored.a ?? 0) >> i) & 1) } : {}),
      ...(stored.g?.length ? { scores: stored.g.map(decodeScore) } : {}),
      ...(stored.z ? { timeZone: stored.z } : {}),
    };
    if (sealed) return session as Session;
    const parsed = SessionSchema.safeParse(session);
    return parsed.success ? parsed.data : resetSession();
  } catch {
    return resetSession();
  }
}

function decodeScore([form, score, day, number]: StoredScore): unknown {
  return {
    form,
    score,
    day: typeof day === 'number' ? dayOfNumber(day) : day,
    ...(number !== undefined ? { number } : {}),
  };
}

function decodeUndo(stored: StoredAnswer | StoredFacts): unknown {
  if (stored[0] === -1) {
    const [, unsureMask, ...pairs] = stored as StoredFacts;
    const changes = [];
    for (let i = 0; i * 2 < pairs.length; i++) {
      const fact = facts[pairs[i * 2] as number];
      const packed = pairs[i * 2 + 1];
      changes.push({
        fact,
        wasUnsure: ((unsureMask >> i) & 1) === 1,
        ...(packed === null || packed === undefined || fact === undefined
          ? {}
          : { previous: unpackValue(fact, packed) }),
      });
    }
    return { facts: changes };
  }
  const [t, f, wasUnsure, previous] = stored as StoredAnswer;
  return {
    topic: topics[t],
    fact: facts[f],
    wasUnsure: wasUnsure === 1,
    ...(previous !== undefined ? { previous } : {}),
  };
}

/** The allowed values of an enum fact, or undefined for numbers and yes/no facts. */
function enumValues(fact: FactName): readonly string[] | undefined {
  const inner = Profile.shape[fact].unwrap();
  return inner instanceof z.ZodEnum ? (inner.options as string[]) : undefined;
}

// Enum values by position: a facts entry can hold several of them, and five such
// entries must still fit beside a full profile in under 1 KiB.
function packValue(fact: FactName, value: Value): number | boolean {
  const values = enumValues(fact);
  if (values && typeof value === 'string') return values.indexOf(value);
  return typeof value === 'string' ? -1 : value;
}

function unpackValue(fact: FactName, packed: number | boolean): Value | undefined {
  const values = enumValues(fact);
  if (values && typeof packed === 'number') return values[packed];
  return packed;
}

function resetSession(): Session {
  return { ...freshSession(), notice: 'reset' };
}

/** The codec the session stores use. */
export const sessionCodec = { encode: encodeSession, decode: decodeSession };
