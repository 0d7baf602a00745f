import type { Api } from 'grammy';
import type { InlineKeyboardMarkup, Message, ReplyParameters } from 'grammy/types';
import type { TelegramMessage } from './renderTelegram.ts';

/** Extra placement for the first message, e.g. replying to the message that addressed the bot. */
export interface SendPlacement {
  replyTo?: number;
}

/**
 * Sends rendered messages one after the other, so they arrive in order. Link previews are off:
 * advice texts name sources, and a preview card would push the buttons off screen.
 */
export async function sendMessages(
  api: Api,
  chatId: number,
  messages: readonly TelegramMessage[],
  placement: SendPlacement = {},
): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const [i, message] of messages.entries()) {
    const replyParameters: ReplyParameters | undefined =
      i === 0 && placement.replyTo !== undefined
        ? { message_id: placement.replyTo, allow_sending_without_reply: true }
        : undefined;
    sent.push(
      await api.sendMessage(chatId, message.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.keyboard ? { reply_markup: message.keyboard as InlineKeyboardMarkup } : {}),
        ...(replyParameters ? { reply_parameters: replyParameters } : {}),
      }),
    );
  }
  return sent;
}
