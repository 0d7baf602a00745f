/**
 * What the two-process duplicate-delivery test and its bot processes agree on: the bot's
 * identity, the lines people type, and how a typed line becomes a Telegram update.
 */
import type { Update, UserFromGetMe } from 'grammy/types';

/** The bot every process runs as; fixed, so no process needs `getMe`. */
export const duplicateBotInfo = {
  id: 7000000012,
  is_bot: true,
  first_name: 'Trajectory',
  username: 'trajectory_dup_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** What people type, in turn; every person starts at a different line. */
export const duplicateLines = [
  'hi',
  'retake',
  'step 1',
  '2',
  'no',
  'near',
  'yes',
  'no',
  'why',
  'back',
  'plan',
  'profile',
  'outlook',
  'anxiety',
  'statement',
] as const;

/** A typed message in a private chat, as Telegram delivers it. */
export function typedUpdate(updateId: number, chatId: number, text: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1_764_633_600,
      chat: { id: chatId, type: 'private', first_name: 'P' },
      from: { id: chatId, is_bot: false, first_name: 'P' },
      text,
    },
  } as Update;
}

/** The messages between the test and a bot process (over the child's IPC channel). */
export type ToBotProcess =
  | { kind: 'update'; id: number; update: Update }
  | { kind: 'report'; id: number }
  | { kind: 'close'; id: number };

/** The answers of a bot process; `ready` comes once, unasked. */
export type FromBotProcess =
  | { kind: 'ready' }
  | { kind: 'handled'; id: number; sent: string[] }
  | { kind: 'report'; id: number; applied: Record<string, number> }
  | { kind: 'closed'; id: number };
