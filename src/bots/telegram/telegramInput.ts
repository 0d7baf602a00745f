import type { MessageEntity } from 'grammy/types';
import { type Input, maxTextLength } from '../../dialogue/input.ts';
import type { ChoiceData } from './callbackData.ts';
import { type BotIdentity, leadingCommand } from './groupPolicy.ts';

/** The person key the store uses for a Telegram user; the same in every chat they use. */
export function telegramPersonKey(userId: number): string {
  return `telegram:${userId}`;
}

/**
 * A typed message as engine input: `/retake` (or `/retake@this_bot`) becomes a command, anything
 * else — including a command for another bot — is text for the engine to read.
 */
export function inputFromText(
  text: string,
  entities: readonly MessageEntity[] | undefined,
  bot: Pick<BotIdentity, 'username'>,
): Input {
  const command = leadingCommand(text, entities ?? [], bot);
  if (!command) return { kind: 'text', text };
  const args = command.args.slice(0, maxTextLength);
  return args === ''
    ? { kind: 'command', name: command.name }
    : { kind: 'command', name: command.name, args };
}

/** A validated button press as engine input. */
export function inputFromChoice(choice: ChoiceData): Input {
  return { kind: 'choice', question: choice.question, option: choice.option };
}
