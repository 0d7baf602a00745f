import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { Counts } from '../metrics/counts.ts';
import { createPersonKeyHasher } from '../store/personKeyHash.ts';
import type { PersonKey } from '../store/sessionStore.ts';
import { ChatCipher } from './chatCipher.ts';
import { deliveryAddress } from './deliveryAddress.ts';
import type { QuietHours } from './quietHours.ts';
import type { ReminderKind } from './reminderJob.ts';
import { ReminderQueue } from './reminderQueue.ts';
import { type DeliverReminder, startReminderWorker } from './reminderWorker.ts';

/**
 * The reminders of a serving process (`trajectory start`): the queue the conversation schedules
 * into and forgets from, and the worker that runs in the same process, delivering through the
 * platform clients already running.
 */
export interface InProcessReminders {
  readonly queue: ReminderQueue;
  /**
   * The id a person's reminders are kept under: the same salted hash the session store uses
   * (SESSION_SALT), so no platform id appears in job ids or Redis keys.
   */
  personId(person: PersonKey): string;
  /**
   * Schedules a check-in the person chose, to their private chat on the platform of their key;
   * resolves with when it will be sent (after quiet hours). Rejects for a person no platform
   * chat belongs to.
   */
  schedule(
    person: PersonKey,
    checkIn: { kind: ReminderKind; at: Date; everyDays?: number; quiet?: QuietHours },
  ): Promise<Date>;
  /** Deletes every reminder job of the person: the conversation's `forget` hook. */
  forget(person: PersonKey): Promise<void>;
  /** Starts the worker (once), delivering with `deliver`. */
  startWorker(deliver: DeliverReminder): void;
  /** Stops the worker after the reminders in hand (they still need the platform clients). */
  stopWorker(): Promise<void>;
  /** Closes the queue and both Redis connections; after stopWorker. */
  close(): Promise<void>;
}

/**
 * Opens the reminder queue on `redisUrl` (two connections: one for the queue, one for the
 * worker's blocking reads, as BullMQ asks). The key is checked here, so a bad REMINDER_KEY stops
 * the start rather than the first delivery.
 */
export function openInProcessReminders(options: {
  redisUrl: string;
  reminderKey: string;
  /** SESSION_SALT: hashes person keys into reminder ids. */
  salt: string;
  log: Logger;
  counts: Counts;
}): InProcessReminders {
  const { log, counts } = options;
  const cipher = new ChatCipher(options.reminderKey);
  const personId = createPersonKeyHasher(options.salt);
  const client = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  // Connection errors are reported by the store's own client; these would only repeat them.
  for (const redis of [client, connection])
    redis.on('error', (error: Error) => log.debug({ err: error.message }, 'reminder redis error'));
  const queue = new ReminderQueue(client, cipher, { counts });
  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;
  return {
    queue,
    personId,
    async schedule(person, checkIn) {
      const address = deliveryAddress(person);
      if (!address) throw new Error('reminders reach Telegram and Discord people only');
      const scheduled = await queue.schedule({
        person: personId(person),
        ...address,
        ...checkIn,
      });
      return scheduled.at;
    },
    forget: (person) => queue.forget(personId(person)),
    startWorker(deliver) {
      worker ??= startReminderWorker({
        connection,
        reminders: queue,
        cipher,
        deliver,
        log,
        counts,
      });
      log.info('reminder worker started in process');
    },
    async stopWorker() {
      await worker?.close();
    },
    close() {
      closing ??= (async () => {
        await worker?.close();
        await queue.close();
        client.disconnect();
        connection.disconnect();
      })();
      return closing;
    },
  };
}
