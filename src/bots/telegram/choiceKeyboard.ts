import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ReplyOption } from '../../dialogue/reply.ts';
import { encodeChoice } from './callbackData.ts';

/** Telegram shows at most this many buttons side by side. */
export const maxButtonsPerRow = 8;

// Roughly what fits across a phone screen before Telegram starts truncating labels; each
// button also costs some padding.
const rowWidth = 32;
const buttonPadding = 3;

/**
 * The options of a question as inline buttons in a tidy grid, in their order: as many columns as
 * the longest label allows (Telegram gives every button in a row the same width), rows balanced
 * so the last one isn't a lone straggler. Yes/no questions sit on one or two rows, long labels
 * get a row each.
 */
export function choiceKeyboard(
  questionId: string,
  options: readonly ReplyOption[],
): InlineKeyboardMarkup {
  const buttons: InlineKeyboardButton[] = options.map((option) => ({
    text: option.label,
    callback_data: encodeChoice(questionId, option.id),
  }));
  const widest = Math.max(0, ...options.map((o) => [...o.label].length));
  const fit = Math.min(
    maxButtonsPerRow,
    Math.max(1, Math.floor(rowWidth / (widest + buttonPadding))),
  );
  const rowCount = Math.ceil(buttons.length / fit);
  const perRow = Math.ceil(buttons.length / Math.max(1, rowCount));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return { inline_keyboard: rows };
}

/** A single button opening a private chat with the bot, for the notice shown in groups. */
export function privateChatKeyboard(botUsername: string, label: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [[{ text: label, url: `https://t.me/${encodeURIComponent(botUsername)}` }]],
  };
}
