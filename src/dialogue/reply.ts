import { z } from 'zod';
import { Advice } from '../rules/advice.ts';
import { ScoreChart } from './scoreChart.ts';

/** A button or numbered choice offered with a question. */
export const ReplyOption = z.object({ id: z.string(), label: z.string() });
/** One option in a question reply. */
export type ReplyOption = z.infer<typeof ReplyOption>;

/**
 * What the engine says, platform-neutral. Text uses the light markup `**bold**`
 * and `• ` bullets; adapters render it (and escape anything a person typed).
 */
export const Reply = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string(),
    /**
     * Marks a reply to a turn that changed nothing, so adapters can treat the button
     * that was pressed accordingly: `stale_choice` — a button from an earlier question,
     * ignored; `not_applied` — the turn could not be carried out (store down, bad input,
     * an error) and may be retried.
     */
    notice: z.enum(['stale_choice', 'not_applied']).optional(),
  }),
  z.object({
    kind: z.literal('question'),
    /** A fact name, or `menu`, `next` or `forget`; a choice must name it back. */
    id: z.string(),
    text: z.string(),
    options: z.array(ReplyOption),
  }),
  z.object({ kind: z.literal('advice'), advice: Advice }),
  /** A chart of the score log: a picture where the platform shows one, else its `text` (caption and sparkline). */
  z.object({ kind: z.literal('chart'), chart: ScoreChart, text: z.string() }),
]);
/** One reply from the engine. */
export type Reply = z.infer<typeof Reply>;
