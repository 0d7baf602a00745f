import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { CommandName } from '../../dialogue/input.ts';
import { say } from '../../dialogue/say.ts';
import type { Knowledge } from '../../knowledge/schema.ts';

/** The commands in the private-chat menu, in the order Telegram lists them. */
export const menuCommandNames = [
  'start',
  'retake',
  'statement',
  'step3',
  'cycles',
  'outlook',
  'plan',
  'why',
  'scores',
  'reminders',
  'back',
  'restart',
  'profile',
  'forget',
  'help',
] as const satisfies readonly CommandName[];

/** The private-chat menu, each command described by `telegram.command.<name>` in knowledge/. */
export function menuCommands(kb: Knowledge): BotCommand[] {
  return menuCommandNames.map((command) => ({
    command,
    description: say(kb, `telegram.command.${command}`),
  }));
}

/** The group menu: only `help`, because advice is given in private chats only. */
export function groupCommands(kb: Knowledge): BotCommand[] {
  return [{ command: 'help', description: say(kb, 'telegram.command.group_help') }];
}

/**
 * Registers both menus with Telegram (`setMyCommands`), replacing whatever was there: the full
 * menu as the default (private chats), the short one for groups.
 */
export async function publishCommands(api: Api, kb: Knowledge): Promise<void> {
  await api.setMyCommands(menuCommands(kb));
  await api.setMyCommands(groupCommands(kb), { scope: { type: 'all_group_chats' } });
}
