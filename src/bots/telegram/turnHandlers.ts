import { Composer, type Context } from 'grammy';
import { say } from '../../dialogue/say.ts';
import type { Logger } from '../../log.ts';
import type { Conversation, DeliveredTurn } from '../conversation.ts';
import { pressOutcome } from '../pressOutcome.ts';
import { decodeChoice } from './callbackData.ts';
import { privateChatKeyboard } from './choiceKeyboard.ts';
import { isPrivateChat } from './groupPolicy.ts';
import { renderTelegram } from './renderTelegram.ts';
import { sendMessages } from './sendMessages.ts';
import { pressedLabel, retireKeyboard } from './spentKeyboard.ts';
import { escapeHtml } from './telegramHtml.ts';
import { inputFromChoice, inputFromText, telegramPersonKey } from './telegramInput.ts';

/** What the handlers need: the conversation (and through it the knowledge) and a logger. */
export interface TurnHandlerDeps {
  conversation: Conversation;
  log: Logger;
}

/**
 * The id a Telegram update is delivered once under: update ids are per bot, so the bot id keeps
 * two bots apart; base 36 keeps the ids stored in a session short.
 */
export function telegramDeliveryId(botId: number, updateId: number): string {
  return `t${botId.toString(36)}.${updateId.toString(36)}`;
}

/**
 * Sends a delivered turn's messages and reports the outcome to the store, so a failed send is
 * sent again when Telegram redelivers, and a successful one never is.
 */
async function sendSettled(turn: DeliveredTurn, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    turn.settle(false);
    throw error;
  }
  turn.settle(true);
}

/**
 * The handlers for updates that reached the bot (addressed to it): typed messages
 * and button presses in private chats become conversation turns; groups get a pointer to a
 * private chat; anything else gets a short notice. Only translation and rendering happen here.
 */
export function turnHandlers({ conversation, log }: TurnHandlerDeps): Composer<Context> {
  const kb = conversation.knowledge;
  const composer = new Composer<Context>();

  // A notice runs no turn, yet is sent once too: its update id is claimed among the ids kept in
  // the person's session, so a redelivery (to this process or another) says nothing.
  const firstDelivery = async (ctx: Context, personId: number): Promise<boolean> => {
    const fresh = await conversation.claim(
      telegramPersonKey(personId),
      telegramDeliveryId(ctx.me.id, ctx.update.update_id),
    );
    if (!fresh) log.info({ update_id: ctx.update.update_id }, 'duplicate update skipped');
    return fresh;
  };
  const privateChat = composer.chatType('private');

  privateChat.on('message:text', async (ctx) => {
    const input = inputFromText(ctx.msg.text, ctx.msg.entities, ctx.me);
    log.debug({ update_id: ctx.update.update_id, input: input.kind }, 'turn from a message');
    const turn = await conversation.deliver(
      telegramPersonKey(ctx.from.id),
      telegramDeliveryId(ctx.me.id, ctx.update.update_id),
      input,
    );
    if (turn.kind === 'done') {
      log.info({ update_id: ctx.update.update_id }, 'duplicate update skipped');
      return;
    }
    await sendSettled(turn, () => sendMessages(ctx.api, ctx.chat.id, renderTelegram(turn.replies)));
  });

  privateChat.on('message', async (ctx) => {
    if (!(await firstDelivery(ctx, ctx.from.id))) return;
    await sendMessages(ctx.api, ctx.chat.id, [{ html: escapeHtml(say(kb, 'telegram.text_only')) }]);
  });

  composer.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const message = query.message;
    const choice = decodeChoice(query.data);
    if (!choice || !message || !isPrivateChat(message.chat)) {
      log.warn(
        { update_id: ctx.update.update_id, data_bytes: Buffer.byteLength(query.data ?? '') },
        'button press rejected: not a button of this bot',
      );
      if (!(await firstDelivery(ctx, query.from.id))) return;
      await ctx.answerCallbackQuery({ text: say(kb, 'telegram.button.stale') });
      return;
    }
    log.debug({ update_id: ctx.update.update_id, question: choice.question }, 'turn from a button');
    const turn = await conversation.deliver(
      telegramPersonKey(query.from.id),
      telegramDeliveryId(ctx.me.id, ctx.update.update_id),
      inputFromChoice(choice),
    );
    if (turn.kind === 'done') {
      log.info({ update_id: ctx.update.update_id }, 'duplicate update skipped');
      return;
    }
    const outcome = pressOutcome(turn.replies);
    // Answering the press, retiring the spent keyboard and sending the replies don't depend on
    // each other, so they go together; only the replies among themselves keep their order.
    if (outcome === 'stale') {
      await sendSettled(turn, () =>
        Promise.all([
          ctx.answerCallbackQuery({ text: say(kb, 'telegram.button.stale') }),
          retireKeyboard(ctx.api, message, log),
        ]),
      );
      return;
    }
    await sendSettled(turn, () =>
      Promise.all([
        ctx.answerCallbackQuery(),
        outcome === 'applied'
          ? retireKeyboard(ctx.api, message, log, pressedLabel(message, query.data))
          : undefined,
        sendMessages(ctx.api, message.chat.id, renderTelegram(turn.replies)),
      ]),
    );
  });

  // Only messages addressed to the bot get here from groups (see telegramBot.ts).
  composer.on('message', async (ctx) => {
    // An anonymous admin or a channel speaking in the group has no person: the chat stands in.
    if (!(await firstDelivery(ctx, ctx.from?.id ?? ctx.chat.id))) return;
    const keyboard = privateChatKeyboard(ctx.me.username, say(kb, 'telegram.group.button'));
    await sendMessages(
      ctx.api,
      ctx.chat.id,
      [{ html: escapeHtml(say(kb, 'telegram.group.private')), keyboard }],
      {
        replyTo: ctx.msg.message_id,
      },
    );
  });

  return composer;
}
