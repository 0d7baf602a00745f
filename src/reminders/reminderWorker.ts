import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
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

/**
 * This process serves no client for the reminder's platform (say a Discord reminder in a
 * process with only a Telegram token): not the reminder's fault, so it is held for a process
 * that does rather than retried and counted as failed.
 */
export class PlatformNotServed extends Error {
  override readonly name = 'PlatformNotServed';
  constructor(readonly platform: ReminderPlatform) {
    super(`${platform} is not served by this process`);
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
  /** How long a reminder for a platform not served here is held before it is tried again (1 h). */
  holdMs?: number;
  /** How many holds before such a reminder is given up and counted failed, once (24: a day). */
  maxHolds?: number;
}

/**
 * Starts a BullMQ worker that delivers reminders. A job is held by one worker at a time
 * (BullMQ's lock), so with several workers each reminder is still delivered once. A practice
 * reminder schedules its next one after it is sent — unless it was cancelled meanwhile.
 */
export function startReminderWorker(options: ReminderWorkerOptions): Worker {
  const counts = options.counts ?? noCounts;
  const { log, reminders, cipher } = options;
  const holdMs = options.holdMs ?? 3_600_000;
  const maxHolds = options.maxHolds ?? 24;
  /**
   * Puts a reminder back for later: another process serving its platform (or this one after a
   * restart with the token) takes it; the job's attempts are not spent. After `maxHolds` it is
   * given up, counted failed once.
   */
  const hold = async (job: Job, token: string | undefined, data: ReminderJob) => {
    const held = (data.held ?? 0) + 1;
    if (held > maxHolds || !job.id) {
      counts.increment('reminders_failed');
      if (job.id) await reminders.delivered(data.person, job.id);
      throw new UnrecoverableError(`no process served ${data.platform} for ${maxHolds} holds`);
    }
    log.info({ platform: data.platform, held }, 'reminder held: its platform is not served here');
    await job.updateData({ ...data, held });
    await job.moveToDelayed(Date.now() + holdMs, token);
    throw new DelayedError();
  };
  const process = async (job: Job, token?: string) => {
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
      if (error instanceof PlatformNotServed) return hold(job, token, data);
      if (error instanceof DeliveryRefused) {
        counts.increment('reminders_failed');
        log.info(
          { platform: data.platform, code: error.code },
          'delivery refused; reminders cancelled',
        );
        await reminders.forget(data.person);
        return 'refused';
      }
      // Counted once: when BullMQ will not try it again.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) counts.increment('reminders_failed');
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
