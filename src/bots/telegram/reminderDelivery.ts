import { type Api, GrammyError } from 'grammy';
import { say } from '../../dialogue/say.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import { type DeliverReminder, DeliveryRefused } from '../../reminders/reminderWorker.ts';
import { markupToHtml } from './telegramHtml.ts';

/**
 * Delivers Telegram reminders into the person's private chat. A 403 (the bot was blocked, or
 * the chat is gone) is a refusal: the worker then cancels that person's reminders.
 */
export function telegramReminderDelivery(api: Api, kb: Knowledge): DeliverReminder {
  return async ({ chatId, kind }) => {
    const [html = ''] = markupToHtml(say(kb, `reminders.text.${kind}`), 4096);
    try {
      await api.sendMessage(Number(chatId), html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403)
        throw new DeliveryRefused('telegram', 403);
      throw error;
    }
  };
}
