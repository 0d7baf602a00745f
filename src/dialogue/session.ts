import { z } from 'zod';
import { Topic } from '../rules/advice.ts';
import { FactName, Profile } from '../rules/profile.ts';

/** The session format version; a stored session with another version is migrated or reset. */
export const sessionVersion = 1;

/** Where the conversation stands, without the confirm-forget detour. */
export const BaseState = z.discriminatedUnion('kind', [
  /** Nobody has been greeted yet. */
  z.object({ kind: z.literal('welcome') }),
  /** Waiting for the person to pick a decision. */
  z.object({ kind: z.literal('menu') }),
  /** Waiting for the answer to one fact's question within a decision. */
  z.object({ kind: z.literal('asking'), topic: Topic, fact: FactName }),
  /** An answer was given; waiting for what's next. */
  z.object({ kind: z.literal('answered'), topic: Topic }),
]);
/** A state other than the forget confirmation. */
export type BaseState = z.infer<typeof BaseState>;

/** Where the conversation stands. */
export const State = z.union([
  BaseState,
  /** Waiting for a yes or no to deleting everything; `resume` is where to go on a no. */
  z.object({ kind: z.literal('confirm_forget'), resume: BaseState }),
]);
/** One conversation state. */
export type State = z.infer<typeof State>;

/** One undoable answer: the fact, its value before, and the decision it was asked in. */
export const UndoEntry = z.object({
  topic: Topic,
  fact: FactName,
  previous: z.union([z.string(), z.number(), z.boolean()]).optional(),
  wasUnsure: z.boolean(),
});
/** One entry of the undo stack. */
export type UndoEntry = z.infer<typeof UndoEntry>;

/** How many answers `back` can undo. */
export const undoDepth = 5;

/**
 * Everything remembered about one person: facts, state and a short undo stack —
 * never a transcript, so a session stays small and every turn costs the same.
 */
export const Session = z.object({
  v: z.literal(sessionVersion),
  state: State,
  profile: Profile,
  /** Facts answered "not sure", so they aren't asked again. */
  unsure: z.array(FactName),
  undo: z.array(UndoEntry).max(undoDepth),
  /** The last answer given, so `why` can explain it. */
  lastAnswer: z.object({ topic: Topic, verdict: z.string() }).optional(),
  /** Set when a stored session could not be read and this one replaced it. */
  notice: z.literal('reset').optional(),
});
/** One person's session. */
export type Session = z.infer<typeof Session>;

/** A new session for someone the advisor hasn't met. */
export function freshSession(): Session {
  return { v: sessionVersion, state: { kind: 'welcome' }, profile: {}, unsure: [], undo: [] };
}
