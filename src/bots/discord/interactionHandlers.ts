import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  type RepliableInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Input } from '../../dialogue/input.ts';
import { say } from '../../dialogue/say.ts';
import type { Logger } from '../../log.ts';
import type { Conversation, DeliveredTurn } from '../conversation.ts';
import { pressOutcome } from '../pressOutcome.ts';
import { type SlashCommand, type SlashCommandName, slashCommands } from './commandDefinitions.ts';
import { factsId, readComponent } from './customId.ts';
import { discordPersonKey, inputFromComponent } from './discordInput.ts';
import { replyInTime, sendInteractionMessages, settleWithin } from './interactionReplies.ts';
import { quickAnswer } from './quickAnswer.ts';
import {
  answeredMessage,
  noticeMessage,
  renderDiscord,
  renderQuickAnswer,
  toPayload,
} from './renderDiscord.ts';

/** What the interaction handler needs. */
export interface InteractionHandlerOptions {
  conversation: Conversation;
  log: Logger;
  /** A turn slower than this is deferred first, to stay inside Discord's 3-second window. */
  deferAfterMs: number;
}

/**
 * Handles slash commands and presses of this bot's buttons and select menus: quick answers come
 * straight from the rules core, everything else is a turn of the person's conversation. In a
 * server every answer is ephemeral, because it is about one person's exam. Only translation and
 * rendering happen here; errors are left to the error boundary.
 */
export function interactionHandler(
  options: InteractionHandlerOptions,
): (interaction: Interaction) => Promise<void> {
  const { conversation, log } = options;
  const kb = conversation.knowledge;
  const commands = new Map<string, SlashCommand>(slashCommands(kb).map((c) => [c.name, c]));

  // Each interaction is one turn, delivered once under its interaction id.
  const deliver = (interaction: Interaction, input: Input): Promise<DeliveredTurn> =>
    conversation.deliver(discordPersonKey(interaction.user.id), `d${interaction.id}`, input);

  // A turn answered with a fresh reply: render, reply in time, and report whether it was sent.
  const answer = async (
    interaction: RepliableInteraction,
    input: Input,
    ephemeral: boolean,
  ): Promise<void> => {
    let delivered: DeliveredTurn | undefined;
    const work = deliver(interaction, input).then((turn) => {
      delivered = turn;
      if (turn.kind === 'done') throw new AlreadyAnswered();
      return renderDiscord(turn.replies);
    });
    try {
      await replyInTime(interaction, work, { ephemeral, deferAfterMs: options.deferAfterMs });
    } catch (error) {
      if (error instanceof AlreadyAnswered) {
        log.info({ interaction: interaction.id }, 'duplicate interaction skipped');
        return;
      }
      delivered?.settle(false);
      throw error;
    }
    delivered?.settle(true);
  };

  // Notices are about the interaction, not the conversation: only the person who acted sees them.
  const replyNotice = (interaction: RepliableInteraction, id: string) =>
    sendInteractionMessages(interaction, noticeMessage(say(kb, id)), {
      ephemeral: true,
      acknowledged: 'none',
    });

  const slash = async (interaction: ChatInputCommandInteraction) => {
    const ephemeral = interaction.inGuild();
    const command = commands.get(interaction.commandName as SlashCommandName);
    log.debug({ interaction: interaction.id, command: command?.name }, 'slash command');
    if (!command) {
      log.warn(
        { interaction: interaction.id },
        'slash command not defined here; commands need deploying',
      );
      return replyNotice(interaction, 'discord.unknown_command');
    }
    const action = command.action;
    switch (action.kind) {
      case 'help':
        return sendInteractionMessages(interaction, noticeMessage(say(kb, 'discord.help')), {
          ephemeral,
          acknowledged: 'none',
        });
      case 'quick': {
        const answer = quickAnswer(action.topic, command.options, interaction.options.data, kb);
        if (!answer.ok) {
          log.warn(
            { interaction: interaction.id, problems: answer.problems },
            'quick-answer options rejected',
          );
          return replyNotice(interaction, 'discord.quick.bad_options');
        }
        const more =
          answer.advice.nextQuestions.length > 0
            ? {
                note: say(kb, 'discord.quick.more'),
                button: {
                  customId: factsId(answer.topic, answer.facts, kb),
                  label: say(kb, 'discord.quick.continue'),
                },
              }
            : undefined;
        return sendInteractionMessages(interaction, renderQuickAnswer(answer.advice, more), {
          ephemeral,
          acknowledged: 'none',
        });
      }
      case 'turn': {
        const args = action.args ? interaction.options.getString(action.args) : null;
        return answer(
          interaction,
          { kind: 'command', name: action.command, ...(args ? { args } : {}) },
          ephemeral,
        );
      }
    }
  };

  const press = async (interaction: ButtonInteraction | StringSelectMenuInteraction) => {
    const values = interaction.isStringSelectMenu() ? interaction.values : undefined;
    const action = readComponent(interaction.customId, values, kb);
    if (!action) {
      log.warn(
        { interaction: interaction.id, custom_id_length: interaction.customId.length },
        'component rejected: not one this bot sends',
      );
      return replyNotice(interaction, 'discord.component.invalid');
    }
    log.debug({ interaction: interaction.id, action: action.kind }, 'component pressed');
    const ephemeral = interaction.inGuild();
    const input = inputFromComponent(action);
    // A public message (the reply to a mention) belongs to the whole channel: never edit it,
    // answer the presser privately instead.
    if (interaction.inGuild() && !interaction.message.flags.has(MessageFlags.Ephemeral)) {
      return answer(interaction, input, true);
    }
    const work = deliver(interaction, input);
    const early = await settleWithin(work, options.deferAfterMs);
    if (!early.settled) await interaction.deferUpdate();
    const turn = early.settled ? early.value : await work;
    if (turn.kind === 'done') {
      log.info({ interaction: interaction.id }, 'duplicate interaction skipped');
      return;
    }
    try {
      await answerPress(interaction, turn, early.settled, ephemeral);
    } catch (error) {
      turn.settle(false);
      throw error;
    }
    turn.settle(true);
  };

  const answerPress = async (
    interaction: ButtonInteraction | StringSelectMenuInteraction,
    turn: DeliveredTurn,
    settled: boolean,
    ephemeral: boolean,
  ) => {
    const early = { settled };
    const replies = turn.replies;
    const messages = renderDiscord(replies);
    if (pressOutcome(replies) !== 'applied') {
      // Nothing changed (an old button, or a turn that couldn't be saved): say so to the
      // presser only, and leave the buttons where they are.
      await sendInteractionMessages(interaction, messages, {
        ephemeral: true,
        acknowledged: early.settled ? 'none' : 'updated',
      });
      return;
    }
    const answered = toPayload(
      answeredMessage(interaction.message.content, chosenLabel(interaction)),
    );
    if (early.settled) await interaction.update(answered);
    else await interaction.editReply(answered);
    await sendInteractionMessages(interaction, messages, { ephemeral, acknowledged: 'updated' });
  };

  return async (interaction) => {
    if (interaction.isChatInputCommand()) await slash(interaction);
    else if (interaction.isButton() || interaction.isStringSelectMenu()) await press(interaction);
    // Autocomplete, modals and context menus are never offered, so nothing else can arrive.
  };
}

/** A replayed interaction whose turn was answered already: nothing to send. */
class AlreadyAnswered extends Error {
  override readonly name = 'AlreadyAnswered';
}

/** The label of the pressed button, or of the picked option of a select menu. */
function chosenLabel(
  interaction: ButtonInteraction | StringSelectMenuInteraction,
): string | undefined {
  // discord.js gives the component as its class or as raw API data; both have these fields.
  const component = interaction.component as {
    label?: string | null;
    options?: { value: string; label: string }[];
  } | null;
  if (interaction.isStringSelectMenu())
    return component?.options?.find((o) => o.value === interaction.values[0])?.label;
  return component?.label ?? undefined;
}
