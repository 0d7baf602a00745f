import type { Reply } from '../dialogue/reply.ts';

/**
 * What a button press did, as far as the buttons on screen are concerned:
 * - `applied`: the conversation moved on, so the pressed keyboard is spent;
 * - `stale`: the engine ignored a press from an earlier question (nothing changed);
 * - `unapplied`: the turn failed (store down, busy, an error), so the buttons stay to retry.
 */
export type PressOutcome = 'applied' | 'stale' | 'unapplied';

/** Classifies the replies to a press by the notice the first one carries. */
export function pressOutcome(replies: readonly Reply[]): PressOutcome {
  const first = replies[0];
  if (first?.kind !== 'text' || first.notice === undefined) return 'applied';
  return first.notice === 'stale_choice' ? 'stale' : 'unapplied';
}
