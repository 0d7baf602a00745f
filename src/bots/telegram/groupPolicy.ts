import type { Chat, Message, MessageEntity } from 'grammy/types';

/** What the policy needs to know about the bot itself. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** True for a one-to-one chat with the person, the only place personal advice is given. */
export function isPrivateChat(chat: Pick<Chat, 'type'>): boolean {
  return chat.type === 'private';
}

/**
 * Whether a message in a group is meant for this bot: a command at the start addressed to it
 * (`/help`, `/help@this_bot`, not `/help@other_bot`), a reply to one of its messages, or a
 * mention of it. Everything else is other people talking, and the bot stays out of it.
 */
export function isAddressedToBot(message: Message, bot: BotIdentity): boolean {
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  return (
    isCommandForBot(text, entities, bot) ||
    isReplyToBot(message, bot) ||
    entities.some((e) => isMentionOfBot(text, e, bot))
  );
}

/**
 * The command a message starts with, if it is addressed to this bot; `target` is the `@name`
 * suffix when given. Offsets are UTF-16 code units, as in Telegram's entities.
 */
export function leadingCommand(
  text: string,
  entities: readonly MessageEntity[],
  bot: Pick<BotIdentity, 'username'>,
): { name: string; args: string } | undefined {
  const entity = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return undefined;
  const [command = '', target] = text.slice(1, entity.length).split('@');
  if (target !== undefined && target.toLowerCase() !== bot.username.toLowerCase()) return undefined;
  return { name: command.toLowerCase(), args: text.slice(entity.length).trim() };
}

function isCommandForBot(
  text: string,
  entities: readonly MessageEntity[],
  bot: BotIdentity,
): boolean {
  return leadingCommand(text, entities, bot) !== undefined;
}

function isReplyToBot(message: Message, bot: BotIdentity): boolean {
  const replied = message.reply_to_message;
  // In forum topics every message "replies" to the topic's first message; that is not a reply.
  if (!replied || replied.forum_topic_created) return false;
  return replied.from?.id === bot.id;
}

function isMentionOfBot(text: string, entity: MessageEntity, bot: BotIdentity): boolean {
  if (entity.type === 'text_mention') return entity.user.id === bot.id;
  if (entity.type !== 'mention') return false;
  const mentioned = text.slice(entity.offset, entity.offset + entity.length);
  return mentioned.toLowerCase() === `@${bot.username.toLowerCase()}`;
}
