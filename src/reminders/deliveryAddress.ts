import type { PersonKey } from '../store/sessionStore.ts';
import type { ReminderPlatform } from './reminderJob.ts';

/** Where a person's reminders are delivered: their private chat on a platform. */
export interface DeliveryAddress {
  platform: ReminderPlatform;
  /** The Telegram user id (their private chat with the bot) or the Discord user id (a DM). */
  chatId: string;
}

/**
 * The private chat a person's check-ins go to, from their person key: on Telegram a user's
 * private chat with the bot has the user's own id, and a Discord DM is opened with the user id,
 * so nothing beyond the key is needed — and a check-in chosen in a group still arrives privately.
 * Undefined for a platform reminders can't reach (the terminal).
 */
export function deliveryAddress(person: PersonKey): DeliveryAddress | undefined {
  const match = /^(telegram|discord):(\d{1,32})$/.exec(person);
  if (!match) return undefined;
  return { platform: match[1] as ReminderPlatform, chatId: match[2]! };
}
