import { z } from 'zod';
import { Topic } from '../rules/advice.ts';
import { FactName, Profile } from '../rules/profile.ts';
import { ScoreLog } from '../rules/scoreLog.ts';
import { CheckInChoice } from './checkIns.ts';
import { TimeZone } from './timeZone.ts';

/** The session format version; a stored session with another version is migrated or reset. */
export const sessionVersion = 1;

/** Where the conversation stands, without the confirm-forget detour. */
export const BaseState = z.discriminatedUnion('kind', [
  /** Nobody has been greeted yet. */
  z.object({ kind: z.literal('welcome') }),
  /** Waiting for the person to pick a decision. */
  z.object({ kind: z.literal('menu') }),
  /**
   * Waiting for the answer to one fact's question within a decision. `also` is a
   * second decision the person's message raised, offered once this one is answered.
   */
  z.object({ kind: z.literal('asking'), topic: Topic, fact: FactName, also: Topic.optional() }),
  /** An answer was given; waiting for what's next (`also` is offered among the choices). */
  z.object({ kind: z.literal('answered'), topic: Topic, also: Topic.optional() }),
]);
/** A state other than the forget confirmation. */
export type BaseState = z.infer<typeof BaseState>;

/** Where the conversation stands. */
export const State = z.union([
  BaseState,
  /** Waiting for a yes or no to deleting everything; `resume` is where to go on a no. */
  z.object({ kind: z.literal('confirm_forget'), resume: BaseState }),
  /** Crisis lines were shown without knowing the country; waiting for it, then `resume`. */
  z.object({ kind: z.literal('ask_country'), resume: BaseState }),
  /**
   * A message suggested possible risk; the bot asked directly whether the person is
   * thinking of ending their life, and waits for yes, no or not sure, then `resume`.
   */
  z.object({ kind: z.literal('safety_check'), resume: BaseState }),
  /**
   * Waiting for the person to pick one of the intents in `choices`: the best guesses
   * for an unclear message, or the decisions related to a FAQ just answered.
   */
  z.object({
    kind: z.literal('clarifying'),
    choices: z.array(z.string().max(64)).min(1).max(3),
    resume: BaseState,
  }),
  /** Waiting for the score (and day) of a practice test on `form`, then `resume`. */
  z.object({
    kind: z.literal('score_value'),
    form: z.string().regex(/^[a-z0-9_]{1,16}$/),
    resume: BaseState,
  }),
  /** The check-in offer is open: waiting for a pick (or "no thanks"), then `resume`. */
  z.object({ kind: z.literal('checkin_offer'), resume: BaseState }),
  /**
   * A check-in was picked before the person's time zone was known: waiting for the zone, then
   * the check-in is scheduled and the conversation goes back to `resume`.
   */
  z.object({ kind: z.literal('ask_time_zone'), checkIn: CheckInChoice, resume: BaseState }),
]);
/** One conversation state. */
export type State = z.infer<typeof State>;

const FactValue = z.union([z.string(), z.number(), z.boolean()]);

/** One undoable answer: the fact, its value before, and the decision it was asked in. */
export const AnswerUndo = z.object({
  topic: Topic,
  fact: FactName,
  previous: FactValue.optional(),
  wasUnsure: z.boolean(),
});
/** An undo entry for one answered question. */
export type AnswerUndo = z.infer<typeof AnswerUndo>;

/**
 * The most facts one message can change: the nine that free text is read for, plus
 * the answer to the question that was open. The bound keeps the stored form small.
 */
export const maxFactsPerMessage = 10;

/**
 * Facts picked up from one free-text message, undone together: a person who says
 * "back" after "I understood: …" means the whole reading was wrong, not one part of it.
 */
export const FactsUndo = z.object({
  facts: z
    .array(z.object({ fact: FactName, previous: FactValue.optional(), wasUnsure: z.boolean() }))
    .min(1)
    .max(maxFactsPerMessage),
});
/** An undo entry for the facts merged from one message. */
export type FactsUndo = z.infer<typeof FactsUndo>;

/** One entry of the undo stack: an answer, or the facts read from one message. */
export const UndoEntry = z.union([AnswerUndo, FactsUndo]);
/** One entry of the undo stack. */
export type UndoEntry = z.infer<typeof UndoEntry>;

/** A country with its own crisis lines (ISO 3166 alpha-2), or `other` for everywhere else. */
export const Country = z.string().regex(/^([A-Z]{2}|other)$/);

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
  /** Where the person is, once they've said, so crisis lines fit their country. */
  country: Country.optional(),
  /** The last answer given, so `why` can explain it. */
  lastAnswer: z.object({ topic: Topic, verdict: z.string() }).optional(),
  /** The topics answered in this conversation, so no line is said twice across them. */
  answered: z.array(Topic).optional(),
  /**
   * The person's time zone, once asked (for the first check-in): quiet hours, the dates shown
   * and "today" for the score log follow it; UTC until then.
   */
  timeZone: TimeZone.optional(),
  /** Practice scores, in the order added, the last 30 kept. */
  scores: ScoreLog.optional(),
  /** Set when a stored session could not be read and this one replaced it. */
  notice: z.literal('reset').optional(),
});
/** One person's session. */
export type Session = z.infer<typeof Session>;

/** A new session for someone the advisor hasn't met. */
export function freshSession(): Session {
  return { v: sessionVersion, state: { kind: 'welcome' }, profile: {}, unsure: [], undo: [] };
}
