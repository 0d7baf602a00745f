import { MessageFlags, type MessageMentionOptions } from 'discord.js';
import { adviceMarkup } from '../../dialogue/adviceCard.ts';
import type { Reply } from '../../dialogue/reply.ts';
import type { ScoreChart } from '../../dialogue/scoreChart.ts';
import type { Advice } from '../../rules/advice.ts';
import { buttonRow, type ComponentRow, choiceComponents } from './choiceComponents.ts';
import { discordContentLimit, literalText, markupToDiscord } from './discordMarkdown.ts';

/** One Discord message to send: markdown content (≤ 2000 characters) and its component rows. */
export interface DiscordMessage {
  content: string;
  components: ComponentRow[];
  /** A chart to attach as a PNG, drawn when the message is sent. */
  chart?: ScoreChart;
}

/** A message as discord.js sends it to a channel or as an edit, pings switched off. */
export interface DiscordPayload {
  content: string;
  components: ComponentRow[];
  allowedMentions: MessageMentionOptions;
}

/** A message as an interaction's reply or follow-up, which may be shown to one person only. */
export interface InteractionPayload extends DiscordPayload {
  flags?: MessageFlags.Ephemeral;
}

/**
 * Nothing in a message may ping anyone — not `@everyone`, not a role, not a user — whatever
 * text it echoes. A fresh object each time, so no caller can change it for the others.
 */
export function noMentions(): MessageMentionOptions {
  return { parse: [] };
}

/** A rendered message as discord.js options for a channel message or an edit. */
export function toPayload(message: DiscordMessage): DiscordPayload {
  return {
    content: message.content,
    components: message.components,
    allowedMentions: noMentions(),
  };
}

/** A rendered message as an interaction reply; `ephemeral` shows it only to the person who acted. */
export function toInteractionPayload(
  message: DiscordMessage,
  ephemeral: boolean,
): InteractionPayload {
  return { ...toPayload(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

/** A plain notice (from knowledge/) as a message without components. */
export function noticeMessage(markup: string): DiscordMessage[] {
  return markupToDiscord(markup).map((content) => ({ content, components: [] }));
}

/**
 * Turns a turn's replies into Discord messages. Replies up to and including a question are
 * joined into one message carrying that question's buttons or select menu, so a turn arrives
 * as one or two messages rather than a burst; a message over 2000 characters is split at
 * paragraph breaks and the components ride on its last part.
 */
export function renderDiscord(
  replies: readonly Reply[],
  limit = discordContentLimit,
): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let pending: string[] = [];
  const flush = (components: ComponentRow[] = []) => {
    messages.push(...withComponents(markupToDiscord(pending.join('\n\n'), limit), components));
    pending = [];
  };
  for (const reply of replies) {
    if (reply.kind === 'text') pending.push(reply.text);
    else if (reply.kind === 'advice') pending.push(adviceMarkup(reply.advice));
    else if (reply.kind === 'chart') {
      if (pending.length > 0) flush();
      const [content = ''] = markupToDiscord(reply.text, limit);
      messages.push({ content, components: [], chart: reply.chart });
    } else {
      pending.push(reply.text);
      flush(choiceComponents(reply.id, reply.options));
    }
  }
  if (pending.length > 0) flush();
  return messages;
}

/**
 * A quick answer: the advice card and, when the rules still have questions (`nextQuestions`),
 * a note and the button that continues it as a guided flow. What was assumed is part of the card.
 */
export function renderQuickAnswer(
  advice: Advice,
  more: { note: string; button: { customId: string; label: string } } | undefined,
  limit = discordContentLimit,
): DiscordMessage[] {
  const markup = more ? `${adviceMarkup(advice)}\n\n_${more.note}_` : adviceMarkup(advice);
  const components = more ? [buttonRow(more.button.customId, more.button.label)] : [];
  return withComponents(markupToDiscord(markup, limit), components);
}

/**
 * The pressed message once its question is answered: the same text with the chosen option
 * under it (`✓ Step 1`) and no components, so it can't be pressed twice by accident. A message
 * too long for the mark keeps its text as it was.
 */
export function answeredMessage(content: string, chosen: string | undefined): DiscordMessage {
  const mark = chosen ? `\n\n✓ *${literalText(chosen)}*` : '';
  const fits = mark !== '' && content.length + mark.length <= discordContentLimit;
  return { content: fits ? content + mark : content, components: [] };
}

function withComponents(parts: string[], components: ComponentRow[]): DiscordMessage[] {
  if (parts.length === 0) return components.length > 0 ? [{ content: '', components }] : [];
  return parts.map((content, i) => ({
    content,
    components: i === parts.length - 1 ? components : [],
  }));
}
