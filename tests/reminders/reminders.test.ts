import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { MemoryCounts } from '../../src/metrics/counts.ts';
import { ChatCipher, ReminderKeyError } from '../../src/reminders/chatCipher.ts';
import { outsideQuietHours } from '../../src/reminders/quietHours.ts';
import { ReminderQueue } from '../../src/reminders/reminderQueue.ts';
import {
  type DeliverReminder,
  DeliveryRefused,
  PlatformNotServed,
  type ReminderWorkerOptions,
  startReminderWorker,
} from '../../src/reminders/reminderWorker.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

const key = 'ab'.repeat(32);
const cipher = new ChatCipher(key);
const log = createLogger('silent');

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

let prefixes = 0;
/** A queue and its own Redis connections, under a fresh key prefix so tests don't meet. */
function setup(counts = new MemoryCounts()) {
  const prefix = `t${++prefixes}`;
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const reminders = new ReminderQueue(client, cipher, { counts, prefix });
  cleanups.push(async () => {
    await reminders.close();
    client.disconnect();
  });
  const worker = (
    deliver: DeliverReminder,
    extra: Pick<ReminderWorkerOptions, 'holdMs' | 'maxHolds'> = {},
  ) => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const started = startReminderWorker({
      connection,
      reminders,
      cipher,
      deliver,
      log,
      counts,
      prefix,
      ...extra,
    });
    cleanups.push(async () => {
      await started.close();
      connection.disconnect();
    });
    return started;
  };
  return { reminders, worker, counts, client, prefix };
}

const soon = (ms: number) => new Date(Date.now() + ms);

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the chat id in a reminder job', () => {
  it('is sealed with AES-GCM: unreadable in Redis, opened only with the key', async () => {
    const sealed = cipher.seal('123456789');
    expect(sealed).not.toContain('123456789');
    expect(cipher.open(sealed)).toBe('123456789');
    expect(new ChatCipher('cd'.repeat(32)).open(sealed)).toBeUndefined();
    const [iv, tag, data] = sealed.split('.');
    const flipped = (data![0] === 'A' ? 'B' : 'A') + data!.slice(1);
    expect(cipher.open(`${iv}.${tag}.${flipped}`)).toBeUndefined();
    expect(() => new ChatCipher('short')).toThrow(ReminderKeyError);
  });

  it('never reaches Redis in the clear', async () => {
    const { reminders, client, prefix } = setup();
    await reminders.schedule({
      person: 'p-clear',
      platform: 'telegram',
      chatId: '987654321',
      kind: 'before_exam',
      at: soon(60_000),
    });
    const keys = await client.keys(`${prefix}:*`);
    for (const k of keys) {
      const type = await client.type(k);
      const dump =
        type === 'hash'
          ? JSON.stringify(await client.hgetall(k))
          : type === 'set'
            ? JSON.stringify(await client.smembers(k))
            : type === 'zset'
              ? JSON.stringify(await client.zrange(k, 0, -1))
              : type === 'string'
                ? String(await client.get(k))
                : '';
      expect(dump).not.toContain('987654321');
    }
  });
});

describe('reminders on BullMQ with a real redis-server', () => {
  it('fires a reminder with a short delay once, and counts it', async () => {
    const { reminders, worker, counts } = setup();
    const delivered: string[] = [];
    worker(async (r) => {
      delivered.push(`${r.platform}:${r.chatId}:${r.kind}`);
    });
    await reminders.schedule({
      person: 'p1',
      platform: 'telegram',
      chatId: '42',
      kind: 'before_exam',
      at: soon(200),
    });
    await until(() => delivered.length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(delivered).toEqual(['telegram:42:before_exam']);
    expect(counts.get('reminders_scheduled')).toBe(1);
    expect(counts.get('reminders_sent')).toBe(1);
    expect(await reminders.list('p1')).toEqual([]);
  });

  it('lists and cancels: a cancelled reminder never fires', async () => {
    const { reminders, worker } = setup();
    const delivered: string[] = [];
    await reminders.schedule({
      person: 'p2',
      platform: 'discord',
      chatId: '555',
      kind: 'practice',
      at: soon(400),
      everyDays: 7,
    });
    await reminders.schedule({
      person: 'p2',
      platform: 'discord',
      chatId: '555',
      kind: 'application_season',
      at: soon(86_400_000),
    });
    expect((await reminders.list('p2')).map((r) => r.kind)).toEqual([
      'practice',
      'application_season',
    ]);
    expect(await reminders.cancel('p2', 'practice')).toBe(1);
    worker(async (r) => {
      delivered.push(r.kind);
    });
    await new Promise((r) => setTimeout(r, 1200));
    expect(delivered).toEqual([]);
    expect((await reminders.list('p2')).map((r) => r.kind)).toEqual(['application_season']);
  });

  it('deletes every job of the person on forget', async () => {
    const { reminders, client, prefix } = setup();
    for (const kind of ['practice', 'before_exam', 'after_result'] as const)
      await reminders.schedule({
        person: 'p3',
        platform: 'telegram',
        chatId: '7',
        kind,
        at: soon(3_600_000),
      });
    await reminders.schedule({
      person: 'someone-else',
      platform: 'telegram',
      chatId: '8',
      kind: 'practice',
      at: soon(3_600_000),
    });
    await reminders.forget('p3');
    expect(await reminders.list('p3')).toEqual([]);
    const left = await reminders.queue.getJobs(['delayed', 'waiting']);
    expect(left.map((j) => j.data.person)).toEqual(['someone-else']);
    expect(await client.exists(`${prefix}:reminders:p3`)).toBe(0);
  });

  it('delivers once with two workers', async () => {
    const { reminders, worker } = setup();
    const delivered: string[] = [];
    const deliver: DeliverReminder = async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      delivered.push(r.chatId);
    };
    worker(deliver);
    worker(deliver);
    for (let i = 0; i < 10; i++)
      await reminders.schedule({
        person: `p4-${i}`,
        platform: 'telegram',
        chatId: String(i),
        kind: 'after_result',
        at: soon(100),
      });
    await until(() => delivered.length >= 10);
    await new Promise((r) => setTimeout(r, 500));
    expect([...delivered].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('cancels all of a person’s reminders when the platform refuses delivery (blocked bot)', async () => {
    const counts = new MemoryCounts();
    const { reminders, worker } = setup(counts);
    await reminders.schedule({
      person: 'p5',
      platform: 'telegram',
      chatId: '9',
      kind: 'before_exam',
      at: soon(100),
    });
    await reminders.schedule({
      person: 'p5',
      platform: 'telegram',
      chatId: '9',
      kind: 'application_season',
      at: soon(3_600_000),
    });
    const attempts: string[] = [];
    worker(async (r) => {
      attempts.push(r.kind);
      throw new DeliveryRefused('telegram', 403);
    });
    await until(async () => (await reminders.list('p5')).length === 0);
    expect(attempts).toEqual(['before_exam']);
    expect(counts.get('reminders_failed')).toBe(1);
    expect(await reminders.queue.getJobs(['delayed', 'waiting'])).toEqual([]);
  });

  it('holds a reminder for a platform this process does not serve, and gives up counting once', async () => {
    const counts = new MemoryCounts();
    const { reminders, worker } = setup(counts);
    await reminders.schedule({
      person: 'p8',
      platform: 'discord',
      chatId: '12',
      kind: 'before_exam',
      at: soon(50),
    });
    const tried: number[] = [];
    worker(
      async (r) => {
        tried.push(Date.now());
        throw new PlatformNotServed(r.platform);
      },
      { holdMs: 150, maxHolds: 2 },
    );
    await until(async () => (await reminders.list('p8')).length === 0);
    // Tried when due and after each of the two holds: never BullMQ's three retries with backoff.
    expect(tried).toHaveLength(3);
    expect(tried[1]! - tried[0]!).toBeGreaterThanOrEqual(140);
    expect(counts.get('reminders_failed')).toBe(1);
    expect(counts.get('reminders_sent')).toBe(0);
    expect(await reminders.queue.getJobs(['delayed', 'waiting'])).toEqual([]);
  });

  it('delivers a held reminder once a worker serving its platform is running, not failed', async () => {
    const counts = new MemoryCounts();
    const { reminders, worker } = setup(counts);
    await reminders.schedule({
      person: 'p9',
      platform: 'discord',
      chatId: '13',
      kind: 'after_result',
      at: soon(50),
    });
    let held = 0;
    // A Telegram-only process: holds it.
    worker(
      async (r) => {
        held++;
        throw new PlatformNotServed(r.platform);
      },
      { holdMs: 100 },
    );
    await until(() => held === 1);
    const delivered: string[] = [];
    // A process with Discord (say `trajectory worker`) takes it when the hold ends.
    worker(async (r) => {
      if (r.platform !== 'discord') throw new PlatformNotServed(r.platform);
      delivered.push(r.chatId);
    });
    await until(() => delivered.length === 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(delivered).toEqual(['13']);
    expect(counts.get('reminders_failed')).toBe(0);
    expect(counts.get('reminders_sent')).toBe(1);
  });

  it('repeats a practice reminder every N days after it is sent', async () => {
    const { reminders, worker } = setup();
    const delivered: string[] = [];
    worker(async (r) => {
      delivered.push(r.kind);
    });
    await reminders.schedule({
      person: 'p6',
      platform: 'discord',
      chatId: '1',
      kind: 'practice',
      at: soon(100),
      everyDays: 5,
    });
    await until(() => delivered.length === 1);
    await until(async () => (await reminders.list('p6')).length === 1);
    const [next] = await reminders.list('p6');
    expect(next?.everyDays).toBe(5);
    expect(Math.abs((next?.at.getTime() ?? 0) - (Date.now() + 5 * 86_400_000))).toBeLessThan(
      10_000,
    );
  });

  it('shifts a delivery that falls in quiet hours to when they end', async () => {
    const { reminders } = setup();
    // 23:30 in Kolkata (UTC+5:30) is 18:00 UTC; quiet 22:00–08:00 ends at 08:00 local, 02:30 UTC.
    const late = new Date('2030-03-10T18:00:00Z');
    const quiet = { timeZone: 'Asia/Kolkata', start: 22, end: 8 };
    expect(outsideQuietHours(late, quiet).toISOString()).toBe('2030-03-11T02:30:00.000Z');
    expect(outsideQuietHours(new Date('2030-03-10T06:00:00Z'), quiet).toISOString()).toBe(
      '2030-03-10T06:00:00.000Z',
    );
    const scheduled = await reminders.schedule({
      person: 'p7',
      platform: 'telegram',
      chatId: '3',
      kind: 'before_exam',
      at: late,
      quiet,
    });
    expect(scheduled.at.toISOString()).toBe('2030-03-11T02:30:00.000Z');
    const job = await reminders.queue.getJob(scheduled.id);
    expect(job!.timestamp + job!.delay).toBeGreaterThanOrEqual(scheduled.at.getTime() - 1000);
  });
});
