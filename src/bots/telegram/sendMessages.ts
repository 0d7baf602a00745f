import { type Api, InputFile } from 'grammy';
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
    if (message.photo) {
      // Drawn here, in this process, from data: no network but Telegram's own.
      // Loaded on first use: Vega and resvg are heavy, and most processes never draw.
      const { chartPng } = await import('../../chart/renderScoreChart.ts');
      const png = await chartPng(message.photo);
      await api.sendPhoto(chatId, new InputFile(png, 'scores.png'), {
        caption: message.html,
        parse_mode: 'HTML',
      });
      continue;
    }
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
