import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { discordReminderDelivery, discordRest } from '../bots/discord/reminderDelivery.ts';
import { telegramReminderDelivery } from '../bots/telegram/reminderDelivery.ts';
import { readConfig } from '../config.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { createLogger } from '../log.ts';
import { ChatCipher } from '../reminders/chatCipher.ts';
import { ReminderQueue } from '../reminders/reminderQueue.ts';
import {
  type DeliverReminder,
  PlatformNotServed,
  startReminderWorker,
} from '../reminders/reminderWorker.ts';
import { UsageError } from './usageError.ts';

const workerUsage = 'trajectory worker   (needs REDIS_URL, REMINDER_KEY and a platform token)';

/**
 * `trajectory worker`: runs the reminder worker in its own process, delivering through the
 * platforms whose tokens are set (Telegram through the Bot API, Discord through REST only).
 * Runs until SIGINT or SIGTERM, then closes the worker after the reminders in hand.
 */
export async function workerCommand(
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const config = readConfig(env);
  if (!config.REDIS_URL || !config.REMINDER_KEY)
    throw new UsageError(`reminders need REDIS_URL and REMINDER_KEY\nusage: ${workerUsage}`);
  const log = createLogger(config.LOG_LEVEL);
  const kb = loadKnowledge();
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? telegramReminderDelivery(
        new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }),
        kb,
      )
    : undefined;
  const discord = config.DISCORD_TOKEN
    ? discordReminderDelivery(discordRest(config.DISCORD_TOKEN, config.DISCORD_API_URL), kb)
    : undefined;
  if (!telegram && !discord)
    throw new UsageError(`no platform token is set to deliver with\nusage: ${workerUsage}`);
  const deliver: DeliverReminder = (reminder) => {
    const platform = reminder.platform === 'telegram' ? telegram : discord;
    // Held for a process that has that platform's token.
    if (!platform) throw new PlatformNotServed(reminder.platform);
    return platform(reminder);
  };
  const cipher = new ChatCipher(config.REMINDER_KEY);
  const client = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const reminders = new ReminderQueue(client, cipher);
  const worker = startReminderWorker({ connection, reminders, cipher, deliver, log });
  log.info('reminder worker started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.close();
  await reminders.close();
  client.disconnect();
  connection.disconnect();
  log.info('reminder worker stopped');
}
