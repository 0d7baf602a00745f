import { Composer, type Context } from 'grammy';
import { say } from '../../dialogue/say.ts';
import type { Logger } from '../../log.ts';
import type { Conversation } from '../conversation.ts';
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
 * The handlers for updates that reached the bot (addressed to it, claimed once): typed messages
 * and button presses in private chats become conversation turns; groups get a pointer to a
 * private chat; anything else gets a short notice. Only translation and rendering happen here.
 */
export function turnHandlers({ conversation, log }: TurnHandlerDeps): Composer<Context> {
  const kb = conversation.knowledge;
  const composer = new Composer<Context>();
  const privateChat = composer.chatType('private');

  privateChat.on('message:text', async (ctx) => {
    const input = inputFromText(ctx.msg.text, ctx.msg.entities, ctx.me);
    log.debug({ update_id: ctx.update.update_id, input: input.kind }, 'turn from a message');
    const replies = await conversation.handle(telegramPersonKey(ctx.from.id), input);
    await sendMessages(ctx.api, ctx.chat.id, renderTelegram(replies));
  });

  privateChat.on('message', async (ctx) => {
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
      await ctx.answerCallbackQuery({ text: say(kb, 'telegram.button.stale') });
      return;
    }
    log.debug({ update_id: ctx.update.update_id, question: choice.question }, 'turn from a button');
    const replies = await conversation.handle(
      telegramPersonKey(query.from.id),
      inputFromChoice(choice),
    );
    const outcome = pressOutcome(replies);
    if (outcome === 'stale') {
      await ctx.answerCallbackQuery({ text: say(kb, 'telegram.button.stale') });
      await retireKeyboard(ctx.api, message, log);
      return;
    }
    await ctx.answerCallbackQuery();
    if (outcome === 'applied') {
      await retireKeyboard(ctx.api, message, log, pressedLabel(message, query.data));
    }
    await sendMessages(ctx.api, message.chat.id, renderTelegram(replies));
  });

  // Only messages addressed to the bot get here from groups (see telegramBot.ts).
  composer.on('message', async (ctx) => {
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
