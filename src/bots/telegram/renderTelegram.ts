import type { InlineKeyboardMarkup } from 'grammy/types';
import { adviceMarkup } from '../../dialogue/adviceCard.ts';
import type { Reply } from '../../dialogue/reply.ts';
import type { ScoreChart } from '../../dialogue/scoreChart.ts';
import { choiceKeyboard } from './choiceKeyboard.ts';
import { markupToHtml, telegramTextLimit } from './telegramHtml.ts';

/** Telegram's limit for a photo caption. */
const telegramCaptionLimit = 1024;

/** One Telegram message to send: HTML text (parse_mode HTML) and, for a question, its buttons. */
export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboardMarkup;
  /** A chart to send as a photo, `html` its caption. */
  photo?: ScoreChart;
}

/**
 * Turns a turn's replies into Telegram messages. Replies up to and including a question are
 * joined into one message carrying that question's buttons, so a turn arrives as one or two
 * notifications rather than a burst; a message over Telegram's limit is split at paragraph
 * breaks and the buttons ride on its last part.
 */
export function renderTelegram(
  replies: readonly Reply[],
  limit = telegramTextLimit,
): TelegramMessage[] {
  const messages: TelegramMessage[] = [];
  let pending: string[] = [];
  const flush = (keyboard?: InlineKeyboardMarkup) => {
    const parts = markupToHtml(pending.join('\n\n'), limit);
    pending = [];
    parts.forEach((html, i) => {
      const last = i === parts.length - 1;
      messages.push(last && keyboard ? { html, keyboard } : { html });
    });
  };
  for (const reply of replies) {
    if (reply.kind === 'text') pending.push(reply.text);
    else if (reply.kind === 'advice') pending.push(adviceMarkup(reply.advice));
    else if (reply.kind === 'chart') {
      if (pending.length > 0) flush();
      // A photo caption holds at most 1024 characters.
      const [caption = ''] = markupToHtml(reply.text, telegramCaptionLimit);
      messages.push({ html: caption, photo: reply.chart });
    } else {
      pending.push(reply.text);
      flush(reply.options.length > 0 ? choiceKeyboard(reply.id, reply.options) : undefined);
    }
  }
  flush();
  return messages;
}
