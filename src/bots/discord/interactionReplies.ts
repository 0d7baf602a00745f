import type { RepliableInteraction } from 'discord.js';
import { withChart } from './chartAttachment.ts';
import { type DiscordMessage, toInteractionPayload, toPayload } from './renderDiscord.ts';

/**
 * How an interaction has been acknowledged so far — Discord takes exactly one acknowledgement:
 * - `none`: not yet; the first message goes in the callback itself (`reply`);
 * - `deferred`: a "thinking…" reply was sent (`deferReply`), the first message fills it;
 * - `updated`: the pressed message was updated or its update deferred, so every new message is
 *   a follow-up.
 */
export type Acknowledgement = 'none' | 'deferred' | 'updated';

/** Discord drops an interaction that isn't acknowledged within 3 s; answering faster than this needs no deferral. */
export const defaultDeferAfterMs = 1000;

/** The work's value if it settles within `ms`, or `pending` (the work carries on). */
export async function settleWithin<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ settled: true; value: T } | { settled: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ settled: false }>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ settled: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends messages in answer to an interaction, in order, acknowledging it only if that hasn't
 * happened yet. With `ephemeral` only the person who acted sees them (what a server needs for
 * anything personal); follow-ups carry the flag themselves, a filled deferral keeps its own.
 */
export async function sendInteractionMessages(
  interaction: RepliableInteraction,
  messages: readonly DiscordMessage[],
  options: { ephemeral: boolean; acknowledged: Acknowledgement },
): Promise<void> {
  const [first, ...rest] = messages;
  if (!first) {
    if (options.acknowledged === 'none')
      throw new Error('an interaction got no message to answer with');
    return;
  }
  if (options.acknowledged === 'none')
    await interaction.reply(await withChart(toInteractionPayload(first, options.ephemeral), first));
  else if (options.acknowledged === 'deferred')
    await interaction.editReply(await withChart(toPayload(first), first));
  else
    await interaction.followUp(
      await withChart(toInteractionPayload(first, options.ephemeral), first),
    );
  for (const message of rest)
    await interaction.followUp(
      await withChart(toInteractionPayload(message, options.ephemeral), message),
    );
}

/**
 * Answers an interaction with the messages `work` produces, within Discord's 3-second window:
 * directly in the callback when the work is done within `deferAfterMs`, otherwise with a
 * deferred reply first (Discord shows "thinking…") that the messages then fill. Either way the
 * interaction is acknowledged exactly once.
 */
export async function replyInTime(
  interaction: RepliableInteraction,
  work: Promise<DiscordMessage[]>,
  options: { ephemeral: boolean; deferAfterMs: number },
): Promise<void> {
  const early = await settleWithin(work, options.deferAfterMs);
  // Drawing a chart takes a moment of its own: defer first so the 3-second window holds.
  if (early.settled && !early.value.some((m) => m.chart)) {
    await sendInteractionMessages(interaction, early.value, {
      ephemeral: options.ephemeral,
      acknowledged: 'none',
    });
    return;
  }
  await interaction.deferReply(options.ephemeral ? { flags: 'Ephemeral' } : {});
  await sendInteractionMessages(interaction, early.settled ? early.value : await work, {
    ephemeral: options.ephemeral,
    acknowledged: 'deferred',
  });
}
