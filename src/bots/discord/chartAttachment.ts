import type { AttachmentPayload } from 'discord.js';
import type { DiscordMessage } from './renderDiscord.ts';

/**
 * A payload with the message's chart attached as `scores.png`, drawn in this process; the
 * payload as it was when the message has no chart.
 */
export async function withChart<T extends object>(
  payload: T,
  message: DiscordMessage,
): Promise<T & { files?: AttachmentPayload[] }> {
  if (!message.chart) return payload;
  // Loaded on first use: Vega and resvg are heavy, and most processes never draw.
  const { chartPng } = await import('../../chart/renderScoreChart.ts');
  const png = await chartPng(message.chart);
  return { ...payload, files: [{ attachment: png, name: 'scores.png' }] };
}
