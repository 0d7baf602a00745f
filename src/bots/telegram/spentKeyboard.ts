import type { Api } from 'grammy';
import type { MaybeInaccessibleMessage, MessageEntity } from 'grammy/types';
import type { Logger } from '../../log.ts';
import { describeError } from './errorReport.ts';
import { telegramTextLimit } from './telegramHtml.ts';

// The mark in front of the chosen label; a symbol, not words, so it needs no translation.
const chosenMark = '✓ ';

/** The label of the button carrying `data` on a message, if it is still there. */
export function pressedLabel(
  message: MaybeInaccessibleMessage,
  data: string | undefined,
): string | undefined {
  if (message.date === 0 || data === undefined) return undefined;
  const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
  const button = buttons.find((b) => 'callback_data' in b && b.callback_data === data);
  return button?.text;
}

/**
 * Takes the buttons off a question once they are spent, so an old button can't be pressed twice
 * by accident. With a `chosen` label the question keeps a visible record of the answer
 * (`✓ Step 1`, in italics) — rebuilt from the message's own entities, so no HTML is re-parsed.
 * Failing to edit (message too old, already edited) never fails the turn: the answer is saved.
 */
export async function retireKeyboard(
  api: Api,
  message: MaybeInaccessibleMessage,
  log: Logger,
  chosen?: string,
): Promise<void> {
  if (message.date === 0) return; // Too old for Telegram to show us, so too old to edit.
  const chatId = message.chat.id;
  try {
    const text = message.text;
    const suffix = chosen ? `\n\n${chosenMark}${chosen}` : '';
    if (text && chosen && text.length + suffix.length <= telegramTextLimit) {
      const italic: MessageEntity = {
        type: 'italic',
        offset: text.length + 2,
        length: suffix.length - 2,
      };
      await api.editMessageText(chatId, message.message_id, text + suffix, {
        entities: [...(message.entities ?? []), italic],
        link_preview_options: { is_disabled: true },
      });
    } else if (message.reply_markup) {
      await api.editMessageReplyMarkup(chatId, message.message_id);
    }
  } catch (error) {
    log.warn(
      { message_id: message.message_id, err: describeError(error) },
      'could not retire a keyboard',
    );
  }
}
