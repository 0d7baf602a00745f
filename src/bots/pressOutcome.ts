import type { Reply } from '../dialogue/reply.ts';
import { say } from '../dialogue/say.ts';
import type { Knowledge } from '../knowledge/schema.ts';

/**
 * What a button press did, as far as the buttons on screen are concerned:
 * - `applied`: the conversation moved on, so the pressed keyboard is spent;
 * - `stale`: the engine ignored a press from an earlier question (nothing changed);
 * - `unapplied`: the turn failed (store down, busy, an error), so the buttons stay to retry.
 */
export type PressOutcome = 'applied' | 'stale' | 'unapplied';

// Conversation's replies for a turn that saved nothing.
const unappliedNotices = [
  'dialogue.store_down',
  'dialogue.busy',
  'dialogue.apology',
  'dialogue.bad_input',
];

/** Classifies the replies to a press by the notice they open with. */
export function pressOutcome(replies: readonly Reply[], kb: Knowledge): PressOutcome {
  const first = replies[0];
  if (first?.kind !== 'text') return 'applied';
  if (first.text === say(kb, 'dialogue.stale_button')) return 'stale';
  return unappliedNotices.some((id) => first.text === say(kb, id)) ? 'unapplied' : 'applied';
}
