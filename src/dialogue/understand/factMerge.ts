import type { FactName, Profile } from '../../rules/profile.ts';
import { type FactsUndo, maxFactsPerMessage, type Session, undoDepth } from '../session.ts';

/** A session with facts merged in, and the facts that changed. */
export interface MergedFacts {
  session: Session;
  changed: FactName[];
}

/**
 * Merges facts read from a message into the profile. What someone states outright
 * overrides an earlier answer or "not sure": the newest statement is the one they
 * mean. Facts that change nothing are left out, and all the changes go on the undo
 * stack as one entry, so "back" undoes the whole reading.
 */
export function mergeFacts(session: Session, facts: Profile): MergedFacts {
  const changes: FactsUndo['facts'] = [];
  const profile: Record<string, unknown> = { ...session.profile };
  let unsure = session.unsure;
  for (const [name, value] of Object.entries(facts) as [FactName, unknown][]) {
    if (value === undefined || changes.length === maxFactsPerMessage) continue;
    const wasUnsure = unsure.includes(name);
    if (profile[name] === value && !wasUnsure) continue;
    const previous = session.profile[name];
    changes.push({ fact: name, wasUnsure, ...(previous !== undefined ? { previous } : {}) });
    profile[name] = value;
    if (wasUnsure) unsure = unsure.filter((f) => f !== name);
  }
  if (changes.length === 0) return { session, changed: [] };
  return {
    session: {
      ...session,
      profile: profile as Profile,
      unsure,
      undo: [...session.undo, { facts: changes }].slice(-undoDepth),
    },
    changed: changes.map((c) => c.fact),
  };
}

/** Puts back what one facts entry changed. */
export function unmergeFacts(session: Session, entry: FactsUndo): Session {
  const profile: Record<string, unknown> = { ...session.profile };
  let unsure = session.unsure;
  for (const change of entry.facts) {
    if (change.previous === undefined) delete profile[change.fact];
    else profile[change.fact] = change.previous;
    unsure = unsure.filter((f) => f !== change.fact);
    if (change.wasUnsure) unsure = [...unsure, change.fact];
  }
  return { ...session, profile: profile as Profile, unsure };
}
