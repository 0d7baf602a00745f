import { z } from 'zod';
import { Topic } from '../rules/advice.ts';
import { Profile } from '../rules/profile.ts';

/** Commands every channel understands, typed (`/why`, "why") or from a button. */
export const CommandName = z.enum([
  'start',
  'menu',
  'help',
  'back',
  'restart',
  'why',
  'plan',
  'profile',
  'forget',
  'retake',
  'statement',
  'step3',
  'cycles',
  'outlook',
  'scores',
  'reminders',
]);
/** One of the commands in {@link CommandName}. */
export type CommandName = z.infer<typeof CommandName>;

/** The longest text the engine reads; adapters may receive more, the rest is ignored. */
export const maxTextLength = 4000;

/** What a person did, as every adapter reports it to the engine. */
export const Input = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('choice'), question: z.string().max(64), option: z.string().max(64) }),
  z.object({ kind: z.literal('command'), name: z.string().max(64), args: z.string().optional() }),
  /** Facts the person already gave elsewhere (e.g. slash-command options), then a decision to continue. */
  z.object({ kind: z.literal('facts'), facts: Profile, topic: Topic }),
]);
/** One input to the engine. */
export type Input = z.infer<typeof Input>;
