import { type Api, GrammyError } from 'grammy';
import { say } from '../../dialogue/say.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import { type DeliverReminder, DeliveryRefused } from '../../reminders/reminderWorker.ts';
import { reminderStopQuestion } from '../conversation.ts';
import { encodeChoice } from './callbackData.ts';
import { markupToHtml } from './telegramHtml.ts';

/**
 * Delivers Telegram reminders into the person's private chat, with a button that stops that
 * kind of check-in (a press reaches the conversation like any other choice). A 403 (the bot was blocked, or
 * the chat is gone) is a refusal: the worker then cancels that person's reminders.
 */
export function telegramReminderDelivery(api: Api, kb: Knowledge): DeliverReminder {
  return async ({ chatId, kind }) => {
    const [html = ''] = markupToHtml(say(kb, `reminders.text.${kind}`), 4096);
    try {
      await api.sendMessage(Number(chatId), html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: {
          inline_keyboard: [
            [
              {
                text: say(kb, 'reminders.stop_button'),
                callback_data: encodeChoice(reminderStopQuestion, kind),
              },
            ],
          ],
        },
      });
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403)
        throw new DeliveryRefused('telegram', 403);
      throw error;
    }
  };
}
