import type { Message } from 'discord.js';
import { say } from '../../dialogue/say.ts';
import type { Logger } from '../../log.ts';
import type { Conversation } from '../conversation.ts';
import { addressesBot, isDirectMessage } from './channelPolicy.ts';
import { withChart } from './chartAttachment.ts';
import { buttonRow } from './choiceComponents.ts';
import { commandId } from './customId.ts';
import { discordPersonKey, inputFromText } from './discordInput.ts';
import { type DiscordMessage, noticeMessage, renderDiscord, toPayload } from './renderDiscord.ts';

/** What the message handler needs. */
export interface MessageHandlerOptions {
  conversation: Conversation;
  log: Logger;
  /** DISCORD_CHANNEL_CHAT: answer messages in server channels that mention the bot. */
  channelChat: boolean;
}

/**
 * Handles typed messages: a direct message is a turn of the person's conversation, answered in
 * the DM; a message in a server channel that mentions the bot (with channel chat on) gets a
 * public pointer to slash commands and DMs, with a button that starts privately — advice is
 * never given in front of the whole server. Everything else, including the bot's own echoes,
 * is ignored.
 */
export function messageHandler(
  options: MessageHandlerOptions,
): (message: Message) => Promise<void> {
  const { conversation, log } = options;
  const kb = conversation.knowledge;

  const direct = async (message: Message) => {
    if (message.content.trim() === '') {
      if (!(await conversation.claim(discordPersonKey(message.author.id), `m${message.id}`)))
        return;
      await send(message, noticeMessage(say(kb, 'discord.text_only')));
      return;
    }
    log.debug({ message: message.id }, 'turn from a direct message');
    // A direct message is one turn, delivered once under its message id.
    const turn = await conversation.deliver(
      discordPersonKey(message.author.id),
      `m${message.id}`,
      inputFromText(message.content),
    );
    if (turn.kind === 'done') {
      log.info({ message: message.id }, 'duplicate message skipped');
      return;
    }
    try {
      await send(message, renderDiscord(turn.replies));
    } catch (error) {
      turn.settle(false);
      throw error;
    }
    turn.settle(true);
  };

  const mention = async (message: Message) => {
    log.debug({ message: message.id }, 'mentioned in a channel');
    // The pointer runs no turn; its message id is claimed among the author's recent ids, so a
    // replayed event (a resumed gateway session, another shard) posts it once.
    if (!(await conversation.claim(discordPersonKey(message.author.id), `m${message.id}`))) {
      log.info({ message: message.id }, 'duplicate message skipped');
      return;
    }
    // The pointer is one short paragraph (checked by the content tests), so one message holds it.
    const content = noticeMessage(say(kb, 'discord.channel.private'))[0]?.content ?? '';
    const button = buttonRow(commandId('start'), say(kb, 'discord.channel.button'));
    await message.reply({
      ...toPayload({ content, components: [button] }),
      failIfNotExists: false,
    });
  };

  return async (message) => {
    if (message.author.bot || message.system || message.webhookId) return;
    if (isDirectMessage(message)) await direct(message);
    else if (options.channelChat && addressesBot(message, message.client.user.id))
      await mention(message);
  };
}

async function send(message: Message, messages: readonly DiscordMessage[]): Promise<void> {
  const channel = message.channel;
  if (!channel.isSendable()) throw new Error(`channel ${channel.id} does not take messages`);
  for (const m of messages) await channel.send(await withChart(toPayload(m), m));
}
