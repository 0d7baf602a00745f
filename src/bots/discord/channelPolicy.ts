import type { Message } from 'discord.js';

/** True for a direct message with the bot, the one place a whole conversation happens in text. */
export function isDirectMessage(message: Pick<Message, 'inGuild'>): boolean {
  return !message.inGuild();
}

/**
 * Whether a server message is meant for this bot: it mentions the bot itself (a reply that
 * pings the bot counts, as Discord lists the replied-to author among the mentions) or the
 * bot's own managed role, which Discord's autocomplete often offers instead. `@everyone`,
 * `@here` and other roles are other people talking.
 */
export function addressesBot(message: Pick<Message, 'mentions'>, botUserId: string): boolean {
  return (
    message.mentions.users.has(botUserId) ||
    message.mentions.roles.some((role) => role.tags?.botId === botUserId)
  );
}
