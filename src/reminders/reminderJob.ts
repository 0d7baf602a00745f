import { z } from 'zod';
import { QuietHours } from './quietHours.ts';

/** The check-ins a person can opt into from their plan. */
export const ReminderKind = z.enum([
  'practice',
  'before_exam',
  'after_result',
  'application_season',
]);
/** One kind of check-in. */
export type ReminderKind = z.infer<typeof ReminderKind>;

/** The platforms a reminder can be delivered through: a Telegram private chat or a Discord DM. */
export const ReminderPlatform = z.enum(['telegram', 'discord']);
/** A delivery platform. */
export type ReminderPlatform = z.infer<typeof ReminderPlatform>;

/**
 * What a reminder job carries. `person` is the hashed person key (never a raw id); `chat` the
 * platform chat id sealed with AES-GCM (REMINDER_KEY), which exists nowhere else.
 */
export const ReminderJob = z.object({
  person: z.string().min(1).max(128),
  platform: ReminderPlatform,
  chat: z.string().min(1).max(256),
  kind: ReminderKind,
  /** Practice reminders repeat every this many days; the others fire once. */
  everyDays: z.number().int().min(1).max(60).optional(),
  quiet: QuietHours.optional(),
  /** How many times it was held for want of a process serving its platform. */
  held: z.number().int().min(1).max(10_000).optional(),
});
/** One reminder job's data. */
export type ReminderJob = z.infer<typeof ReminderJob>;
