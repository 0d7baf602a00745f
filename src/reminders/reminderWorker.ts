import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { type Counts, noCounts } from '../metrics/counts.ts';
import type { ChatCipher } from './chatCipher.ts';
import { ReminderJob, type ReminderKind, type ReminderPlatform } from './reminderJob.ts';
import { type ReminderQueue, reminderQueueName } from './reminderQueue.ts';

/**
 * The platform refused delivery for good — the bot was blocked (Telegram 403) or the person's
 * DMs are closed (Discord 50007): that person's reminders are cancelled, not retried.
 */
export class DeliveryRefused extends Error {
  override readonly name = 'DeliveryRefused';
  constructor(
    readonly platform: ReminderPlatform,
    readonly code: number,
  ) {
    super(`${platform} refused delivery (${code})`);
  }
}

/** Sends one reminder through its platform; throws {@link DeliveryRefused} for a refusal. */
export type DeliverReminder = (reminder: {
  platform: ReminderPlatform;
  chatId: string;
  kind: ReminderKind;
}) => Promise<void>;

/** What the worker needs. */
export interface ReminderWorkerOptions {
  /** A connection for the worker's blocking reads (ioredis with maxRetriesPerRequest: null). */
  connection: Redis;
  reminders: ReminderQueue;
  cipher: ChatCipher;
  deliver: DeliverReminder;
  log: Logger;
  counts?: Counts;
  prefix?: string;
  /** How many reminders one worker sends at once. */
  concurrency?: number;
}

/**
 * Starts a BullMQ worker that delivers reminders. A job is held by one worker at a time
 * (BullMQ's lock), so with several workers each reminder is still delivered once. A practice
 * reminder schedules its next one after it is sent — unless it was cancelled meanwhile.
 */
export function startReminderWorker(options: ReminderWorkerOptions): Worker {
  const counts = options.counts ?? noCounts;
  const { log, reminders, cipher } = options;
  const process = async (job: Job) => {
    const parsed = ReminderJob.safeParse(job.data);
    if (!parsed.success || !job.id) throw new UnrecoverableError('reminder job data is invalid');
    const data = parsed.data;
    if (!(await reminders.isKept(data.person, job.id))) return 'cancelled';
    const chatId = cipher.open(data.chat);
    if (chatId === undefined) {
      counts.increment('reminders_failed');
      throw new UnrecoverableError('reminder chat id does not open with this REMINDER_KEY');
    }
    try {
      await options.deliver({ platform: data.platform, chatId, kind: data.kind });
    } catch (error) {
      counts.increment('reminders_failed');
      if (error instanceof DeliveryRefused) {
        log.info(
          { platform: data.platform, code: error.code },
          'delivery refused; reminders cancelled',
        );
        await reminders.forget(data.person);
        return 'refused';
      }
      throw error;
    }
    counts.increment('reminders_sent');
    await reminders.delivered(data.person, job.id);
    if (data.everyDays !== undefined) {
      await reminders.schedule({
        person: data.person,
        platform: data.platform,
        chatId,
        kind: data.kind,
        at: new Date(Date.now() + data.everyDays * 86_400_000),
        everyDays: data.everyDays,
        ...(data.quiet ? { quiet: data.quiet } : {}),
      });
    }
    return 'sent';
  };
  const worker = new Worker(reminderQueueName, process, {
    connection: options.connection,
    prefix: options.prefix ?? 'trajectory',
    concurrency: options.concurrency ?? 4,
  });
  worker.on('failed', (job, error) => {
    log.warn(
      { kind: job?.data?.kind, attempts: job?.attemptsMade, err: error.message },
      'reminder failed',
    );
  });
  worker.on('error', (error) => log.error({ err: error.message }, 'reminder worker error'));
  return worker;
}
