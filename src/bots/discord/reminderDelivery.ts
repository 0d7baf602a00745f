import { ButtonStyle, ComponentType, DiscordAPIError, REST, Routes } from 'discord.js';
import { say } from '../../dialogue/say.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import { type DeliverReminder, DeliveryRefused } from '../../reminders/reminderWorker.ts';
import { reminderStopQuestion } from '../conversation.ts';
import { choiceId } from './customId.ts';
import { markupToDiscord } from './discordMarkdown.ts';
import { noMentions } from './renderDiscord.ts';

/** Discord's "Cannot send messages to this user": DMs closed, or no server shared any more. */
const cannotMessageUser = 50007;

/**
 * Delivers Discord reminders as a DM through the REST API alone (a worker needs no gateway):
 * open the DM channel with the user, post the text with a button that stops that kind of
 * check-in (its press reaches the conversation like any other choice). Error 50007 is a refusal: the worker then
 * cancels that person's reminders.
 */
export function discordReminderDelivery(rest: REST, kb: Knowledge): DeliverReminder {
  return async ({ chatId, kind }) => {
    const [content = ''] = markupToDiscord(say(kb, `reminders.text.${kind}`));
    try {
      const channel = (await rest.post(Routes.userChannels(), {
        body: { recipient_id: chatId },
      })) as { id: string };
      await rest.post(Routes.channelMessages(channel.id), {
        body: {
          content,
          allowed_mentions: noMentions(),
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Secondary,
                  label: say(kb, 'reminders.stop_button'),
                  custom_id: choiceId(reminderStopQuestion, kind),
                },
              ],
            },
          ],
        },
      });
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === cannotMessageUser)
        throw new DeliveryRefused('discord', cannotMessageUser);
      throw error;
    }
  };
}

/** A REST client for a token, pointed at `api` (the fake in tests). */
export function discordRest(token: string, api?: string): REST {
  return new REST(api ? { api } : {}).setToken(token);
}
