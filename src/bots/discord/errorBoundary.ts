import type { Interaction, Message } from 'discord.js';
import { say } from '../../dialogue/say.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import type { Logger } from '../../log.ts';
import { addressesBot, isDirectMessage } from './channelPolicy.ts';
import { describeDiscordError } from './errorReport.ts';
import { noticeMessage, toInteractionPayload, toPayload } from './renderDiscord.ts';

/** What the boundary needs: the apology's text, a logger, and the token to scrub from logs. */
export interface ErrorBoundaryOptions {
  kb: Knowledge;
  log: Logger;
  token: string;
}

/**
 * Wraps an interaction handler: anything it throws is logged without payloads or tokens, and
 * the person gets a short ephemeral apology — as the interaction's reply if nothing was
 * acknowledged yet, as a follow-up otherwise. Never rejects, so one bad interaction can't take
 * the process down.
 */
export function guardInteractions(
  handle: (interaction: Interaction) => Promise<void>,
  { kb, log, token }: ErrorBoundaryOptions,
): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      await handle(interaction);
    } catch (error) {
      log.error(
        {
          interaction: interaction.id,
          type: interaction.type,
          err: describeDiscordError(error, token),
        },
        'interaction failed',
      );
      if (!interaction.isRepliable()) return;
      const [apology] = noticeMessage(say(kb, 'discord.apology'));
      if (!apology) return;
      const payload = toInteractionPayload(apology, true);
      try {
        if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
        else await interaction.reply(payload);
      } catch (failure) {
        log.warn(
          { interaction: interaction.id, err: describeDiscordError(failure, token) },
          'apology not delivered',
        );
      }
    }
  };
}

/**
 * Wraps a message handler like {@link guardInteractions}. The apology goes where the person
 * was talking to the bot — their DM, or a reply to the message that mentioned it — and never
 * to a channel conversation the bot wasn't part of.
 */
export function guardMessages(
  handle: (message: Message) => Promise<void>,
  { kb, log, token }: ErrorBoundaryOptions,
): (message: Message) => Promise<void> {
  return async (message) => {
    try {
      await handle(message);
    } catch (error) {
      log.error({ message: message.id, err: describeDiscordError(error, token) }, 'message failed');
      const addressed = isDirectMessage(message) || addressesBot(message, message.client.user.id);
      const [apology] = noticeMessage(say(kb, 'discord.apology'));
      if (!addressed || !apology || message.author.bot) return;
      try {
        await message.reply({ ...toPayload(apology), failIfNotExists: false });
      } catch (failure) {
        log.warn(
          { message: message.id, err: describeDiscordError(failure, token) },
          'apology not delivered',
        );
      }
    }
  };
}
