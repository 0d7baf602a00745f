import type { Context, MiddlewareFn } from 'grammy';
import { say } from '../../dialogue/say.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import type { Logger } from '../../log.ts';
import { describeError } from './errorReport.ts';
import { escapeHtml } from './telegramHtml.ts';

/**
 * Catches anything a handler throws: logs it without payloads or the token, tells the person
 * with a short apology (and answers a pending button press, so its spinner stops), and lets the
 * bot carry on with the next update. `token` is scrubbed from every logged message.
 */
export function errorBoundary(kb: Knowledge, log: Logger, token: string): MiddlewareFn<Context> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      log.error(
        { update_id: ctx.update.update_id, err: describeError(error, token) },
        'update failed',
      );
      await apologize(ctx, say(kb, 'telegram.apology'), log, token);
    }
  };
}

async function apologize(ctx: Context, apology: string, log: Logger, token: string): Promise<void> {
  // The press may have been answered before the failure; Telegram then refuses a second answer.
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  try {
    await ctx.api.sendMessage(chatId, escapeHtml(apology), { parse_mode: 'HTML' });
  } catch (error) {
    log.warn(
      { update_id: ctx.update.update_id, err: describeError(error, token) },
      'apology not delivered',
    );
  }
}
