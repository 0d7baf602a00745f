import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Counts, noCounts } from '../metrics/counts.ts';
import type { ChatCipher } from './chatCipher.ts';
import { outsideQuietHours, type QuietHours } from './quietHours.ts';
import { ReminderJob, type ReminderKind, type ReminderPlatform } from './reminderJob.ts';

/** The BullMQ queue every reminder goes through, on the same Redis as the sessions. */
export const reminderQueueName = 'trajectory-reminders';

/** A reminder to schedule. `person` is the hashed person key. */
export interface ReminderRequest {
  person: string;
  platform: ReminderPlatform;
  chatId: string;
  kind: ReminderKind;
  /** When it is due; moved to the end of the quiet hours if it falls inside them. */
  at: Date;
  everyDays?: number;
  quiet?: QuietHours;
}

/** A scheduled reminder as `/reminders` lists it: no chat id, only what and when. */
export interface ScheduledReminder {
  id: string;
  kind: ReminderKind;
  at: Date;
  everyDays?: number;
  /** The zone of its quiet hours, which is the person's: its time is shown in it. */
  timeZone?: string;
}

/**
 * The person's reminders on BullMQ: scheduling (after quiet hours), listing, cancelling one
 * kind, and forgetting every job of a person. Each person's job ids are kept in a Redis set
 * beside the queue, so listing and forgetting never scan the whole queue.
 */
export class ReminderQueue {
  readonly queue: Queue;
  private readonly counts: Counts;

  constructor(
    private readonly redis: Redis,
    private readonly cipher: ChatCipher,
    options: { counts?: Counts; prefix?: string; now?: () => number } = {},
  ) {
    this.counts = options.counts ?? noCounts;
    this.prefix = options.prefix ?? 'trajectory';
    this.now = options.now ?? Date.now;
    this.queue = new Queue(reminderQueueName, { connection: redis, prefix: this.prefix });
  }

  private readonly prefix: string;
  private readonly now: () => number;

  private setKey(person: string): string {
    return `${this.prefix}:reminders:${person}`;
  }

  /** Schedules one reminder; returns when it will be delivered (after any quiet hours). */
  async schedule(request: ReminderRequest): Promise<ScheduledReminder> {
    const at = request.quiet ? outsideQuietHours(request.at, request.quiet) : request.at;
    const data: ReminderJob = ReminderJob.parse({
      person: request.person,
      platform: request.platform,
      chat: this.cipher.seal(request.chatId),
      kind: request.kind,
      ...(request.everyDays !== undefined ? { everyDays: request.everyDays } : {}),
      ...(request.quiet ? { quiet: request.quiet } : {}),
    });
    // One id per person, kind and moment: the same reminder scheduled twice is one job.
    const id = `${request.person}-${request.kind}-${at.getTime()}`;
    await this.redis.sadd(this.setKey(request.person), id);
    await this.queue.add(request.kind, data, {
      jobId: id,
      delay: Math.max(0, at.getTime() - this.now()),
      attempts: 3,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: true,
      removeOnFail: 100,
    });
    this.counts.increment('reminders_scheduled');
    return {
      id,
      kind: request.kind,
      at,
      ...(request.everyDays !== undefined ? { everyDays: request.everyDays } : {}),
    };
  }

  /** The person's pending reminders, soonest first. */
  async list(person: string): Promise<ScheduledReminder[]> {
    const found: ScheduledReminder[] = [];
    for (const id of await this.redis.smembers(this.setKey(person))) {
      const job = await this.queue.getJob(id);
      const data = ReminderJob.safeParse(job?.data);
      if (!job || !data.success || (await job.isCompleted())) {
        await this.redis.srem(this.setKey(person), id);
        continue;
      }
      found.push({
        id,
        kind: data.data.kind,
        at: new Date(job.timestamp + (job.delay ?? 0)),
        ...(data.data.everyDays !== undefined ? { everyDays: data.data.everyDays } : {}),
        ...(data.data.quiet ? { timeZone: data.data.quiet.timeZone } : {}),
      });
    }
    return found.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Cancels the person's reminders of one kind (every kind when none is given); how many. */
  async cancel(person: string, kind?: ReminderKind): Promise<number> {
    let removed = 0;
    for (const id of await this.redis.smembers(this.setKey(person))) {
      if (kind && !id.startsWith(`${person}-${kind}-`)) continue;
      const job = await this.queue.getJob(id);
      // A job being delivered right now is locked; it finishes, and won't repeat (see the worker).
      if (job && !(await job.isActive())) await job.remove();
      await this.redis.srem(this.setKey(person), id);
      removed++;
    }
    if (removed > 0) this.counts.increment('reminders_cancelled', removed);
    return removed;
  }

  /** Deletes every reminder job of the person and the record of them: part of `forget`. */
  async forget(person: string): Promise<void> {
    await this.cancel(person);
    await this.redis.del(this.setKey(person));
  }

  /** Whether a job id is still among the person's reminders (not cancelled meanwhile). */
  async isKept(person: string, id: string): Promise<boolean> {
    return (await this.redis.sismember(this.setKey(person), id)) === 1;
  }

  /** Forgets a delivered one-off job id. */
  async delivered(person: string, id: string): Promise<void> {
    await this.redis.srem(this.setKey(person), id);
  }

  /** Closes the queue's connection use (the Redis client itself belongs to the caller). */
  async close(): Promise<void> {
    await this.queue.close();
  }
}
