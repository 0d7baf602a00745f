import { Topic } from '../rules/advice.ts';
import { FactName } from '../rules/profile.ts';
import { freshSession, type Session, Session as SessionSchema, sessionVersion } from './session.ts';

const facts = FactName.options;
const topics = Topic.options;

/**
 * Stored form of a session: profile facts by position, "not sure" facts as a
 * bitmask, undo entries as short tuples. Keeps a full session well under 1 KiB.
 */
interface Stored {
  v: number;
  s: Session['state'];
  p: (string | number | boolean | null)[];
  u?: number;
  b?: [number, number, number, (string | number | boolean)?][];
  l?: [number, string];
  n?: 'reset';
}

/** Encodes a session for the store. */
export function encodeSession(session: Session): string {
  const p = facts.map((f) => session.profile[f] ?? null);
  while (p.length > 0 && p.at(-1) === null) p.pop();
  const stored: Stored = { v: session.v, s: session.state, p };
  const unsure = session.unsure.reduce((mask, f) => mask | (1 << facts.indexOf(f)), 0);
  if (unsure) stored.u = unsure;
  if (session.undo.length > 0) {
    stored.b = session.undo.map((e) => {
      const entry: [number, number, number, (string | number | boolean)?] = [
        topics.indexOf(e.topic),
        facts.indexOf(e.fact),
        e.wasUnsure ? 1 : 0,
      ];
      if (e.previous !== undefined) entry.push(e.previous);
      return entry;
    });
  }
  if (session.lastAnswer)
    stored.l = [topics.indexOf(session.lastAnswer.topic), session.lastAnswer.verdict];
  if (session.notice) stored.n = session.notice;
  return JSON.stringify(stored);
}

/**
 * Decodes a stored session. Anything unreadable — corrupt JSON, an unknown
 * version, a value the schema rejects — becomes a fresh session flagged `reset`,
 * so the person is told and the conversation goes on.
 */
export function decodeSession(raw: string): Session {
  try {
    const stored = JSON.parse(raw) as Stored;
    if (stored?.v !== sessionVersion) return resetSession();
    const profile: Record<string, unknown> = {};
    (stored.p ?? []).forEach((value, i) => {
      if (value !== null && facts[i]) profile[facts[i]] = value;
    });
    const session = {
      v: stored.v,
      state: stored.s,
      profile,
      unsure: facts.filter((_, i) => ((stored.u ?? 0) >> i) & 1),
      undo: (stored.b ?? []).map(([t, f, wasUnsure, previous]) => ({
        topic: topics[t],
        fact: facts[f],
        wasUnsure: wasUnsure === 1,
        ...(previous !== undefined ? { previous } : {}),
      })),
      ...(stored.l ? { lastAnswer: { topic: topics[stored.l[0]], verdict: stored.l[1] } } : {}),
      ...(stored.n ? { notice: stored.n } : {}),
    };
    const parsed = SessionSchema.safeParse(session);
    return parsed.success ? parsed.data : resetSession();
  } catch {
    return resetSession();
  }
}

function resetSession(): Session {
  return { ...freshSession(), notice: 'reset' };
}

/** The codec the session stores use. */
export const sessionCodec = { encode: encodeSession, decode: decodeSession };
