import type { StepResult } from '../dialogue/engine.ts';
import type { PersonKey } from '../store/sessionStore.ts';

/** How a turn ended, as the person experienced it. */
export type TurnOutcome = 'ok' | 'bad_input' | 'store_down' | 'busy' | 'error';

/** One handled turn, as counted: never who, never what was said. */
export interface TurnRecord {
  /** 'telegram', 'discord' or 'console': the person key's prefix. */
  platform: string;
  outcome: TurnOutcome;
  durationMs: number;
  /** The safety tier the text was read at, when there was one. */
  safety?: StepResult['safety'];
}

/** Told about every turn the conversation handles (metrics, the per-update log line). */
export interface TurnObserver {
  turnHandled(record: TurnRecord): void;
}

/** An observer that ignores everything (the terminal chat, tests). */
export const unobserved: TurnObserver = { turnHandled: () => {} };

/** The platform part of a person key, e.g. 'telegram' for 'telegram:42'. */
export function platformOf(person: PersonKey): string {
  const colon = person.indexOf(':');
  return colon > 0 ? person.slice(0, colon) : 'unknown';
}
