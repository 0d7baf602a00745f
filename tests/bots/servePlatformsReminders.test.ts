/**
 * `trajectory start` with REDIS_URL and REMINDER_KEY: the reminder queue is opened, the
 * conversation's forget deletes the person's jobs and its score counts reach /metrics, the
 * worker runs in process and delivers through the running Telegram client (the real grammY
 * client against the fake Bot API), and a shutdown stops it. Real throwaway redis-server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { servePlatforms } from '../../src/bots/servePlatforms.ts';
import { openRuntime } from '../../src/cli/runtime.ts';
import { FakeDiscord } from '../e2e/fakes/discordApi.ts';
import { FakeTelegramBotApi } from '../e2e/fakes/telegramBotApi.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

const reminderKey = 'c3'.repeat(32);
const person = 'telegram:42';
let redis: RedisServerHandle;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function sample(text: string, metric: string): number | undefined {
  const match = new RegExp(`^${metric} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

async function serve(env: Record<string, string>) {
  const fake = await FakeTelegramBotApi.start();
  cleanups.push(() => fake.close());
  const runtime = openRuntime(
    {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: `${fake.apiRoot}/`,
      REDIS_URL: redis.url,
      SESSION_SALT: 'ab'.repeat(16),
      LOG_LEVEL: 'silent',
      ...env,
    },
    { serving: true },
  );
  const running = await servePlatforms(runtime);
  if (!running) throw new Error('Telegram was not started');
  cleanups.push(() => running.stop());
  return { fake, runtime, running };
}

describe('reminders in the serving process', () => {
  it('delivers through the running client, forgets with the person, counts, and stops', async () => {
    const { fake, runtime, running } = await serve({ REMINDER_KEY: reminderKey });
    const reminders = runtime.reminders;
    const metrics = runtime.metrics;
    if (!reminders || !metrics) throw new Error('reminders were not opened');
    fake.sendText({ chatId: 42, text: '/start' });
    await fake.waitFor(() => fake.sentMessages(42).length > 0, 5000, 'the welcome');

    await reminders.queue.schedule({
      person: reminders.personId(person),
      platform: 'telegram',
      chatId: '42',
      kind: 'practice',
      at: new Date(Date.now() + 200),
    });
    await fake.waitFor(
      () => /time for a practice test/.test(fake.lastSentMessage(42)?.text ?? ''),
      5000,
      'the reminder',
    );

    const practiceReminders = () =>
      fake.sentMessages(42).filter((m) => /time for a practice test/.test(m.text ?? ''));
    expect(practiceReminders()).toHaveLength(1);

    // A score logged in a turn, and a later reminder that `forget` must delete.
    await runtime.conversation.handle(person, { kind: 'text', text: 'I failed step 2 ck' });
    await runtime.conversation.handle(person, { kind: 'text', text: 'ck: nbme 9 205 on 28 nov' });
    await reminders.queue.schedule({
      person: reminders.personId(person),
      platform: 'telegram',
      chatId: '42',
      kind: 'before_exam',
      at: new Date(Date.now() + 3_600_000),
    });
    expect(await reminders.queue.list(reminders.personId(person))).toHaveLength(1);
    await runtime.conversation.handle(person, { kind: 'text', text: 'forget' });
    await runtime.conversation.handle(person, { kind: 'text', text: 'yes' });
    expect(await reminders.queue.list(reminders.personId(person))).toEqual([]);
    expect(await reminders.queue.queue.getDelayedCount()).toBe(0);

    const { body } = await metrics.render();
    expect(sample(body, 'trajectory_reminders_scheduled_total')).toBe(2);
    expect(sample(body, 'trajectory_reminders_sent_total')).toBe(1);
    expect(sample(body, 'trajectory_reminders_cancelled_total')).toBe(1);
    expect(sample(body, 'trajectory_reminders_failed_total')).toBe(0);
    expect(sample(body, 'trajectory_scores_logged_total')).toBe(1);
    // Counts only: no chat id and no person in the exposition.
    expect(body).not.toMatch(/telegram:42|"42"/);

    await running.stop();
    await expect(running.done).resolves.toBeUndefined();
    expect(running.describe().phase).toBe('stopped');
    // The queue's connection is closed with the stores.
    await expect(reminders.queue.list(reminders.personId(person))).rejects.toThrow();
  });

  it('stops a check-in series from the stop button of a delivered Telegram reminder', async () => {
    const { fake, runtime } = await serve({ REMINDER_KEY: reminderKey });
    const reminders = runtime.reminders;
    if (!reminders) throw new Error('reminders were not opened');
    const id = reminders.personId(person);
    fake.sendText({ chatId: 42, text: '/start' });
    await fake.waitFor(() => fake.sentMessages(42).length > 0, 5000, 'the welcome');
    await reminders.queue.schedule({
      person: id,
      platform: 'telegram',
      chatId: '42',
      kind: 'practice',
      at: new Date(Date.now() + 100),
      everyDays: 3,
    });
    await fake.waitFor(
      () => /time for a practice test/.test(fake.lastSentMessage(42)?.text ?? ''),
      5000,
      'the reminder',
    );
    // Sent, so the next one in the series is already waiting.
    await expect.poll(async () => (await reminders.queue.list(id)).length).toBe(1);
    fake.pressButton({ chatId: 42, data: 'q:reminder_stop:practice' });
    await fake.waitFor(
      () => /send that check-in again/.test(fake.lastSentMessage(42)?.text ?? ''),
      5000,
      'the stop confirmation',
    );
    expect(await reminders.queue.list(id)).toEqual([]);

    // `/reminders` lists what is scheduled with a cancel button per kind.
    await reminders.queue.schedule({
      person: id,
      platform: 'telegram',
      chatId: '42',
      kind: 'after_result',
      at: new Date('2027-03-01T09:00:00Z'),
    });
    fake.sendText({ chatId: 42, text: '/reminders' });
    await fake.waitFor(
      () => /Your check-ins/.test(fake.lastSentMessage(42)?.text ?? ''),
      5000,
      'the list',
    );
    // Scheduled without quiet hours, so in UTC, and said so.
    expect(fake.lastSentMessage(42)?.text).toContain(
      'after the result — Mon 1 Mar 2027, 09:00 (UTC)',
    );
    fake.pressButton({ chatId: 42, data: 'q:reminder_cancel:after_result' });
    await fake.waitFor(
      () => /send that check-in again/.test(fake.lastSentMessage(42)?.text ?? ''),
      5000,
      'the stop confirmation',
    );
    expect(await reminders.queue.list(id)).toEqual([]);
    expect(await reminders.queue.queue.getDelayedCount()).toBe(0);
  });

  it('delivers a Discord DM through the running client and stops it from its button', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const runtime = openRuntime(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.restApi,
        REDIS_URL: redis.url,
        SESSION_SALT: 'ab'.repeat(16),
        REMINDER_KEY: reminderKey,
        LOG_LEVEL: 'silent',
      },
      { serving: true },
    );
    const running = await servePlatforms(runtime);
    if (!running) throw new Error('Discord was not started');
    cleanups.push(() => running.stop());
    const reminders = runtime.reminders;
    if (!reminders) throw new Error('reminders were not opened');
    const user = fake.defaultUser.id;
    const id = reminders.personId(`discord:${user}`);
    await reminders.queue.schedule({
      person: id,
      platform: 'discord',
      chatId: user,
      kind: 'before_exam',
      at: new Date(Date.now() + 100),
    });
    await reminders.queue.schedule({
      person: id,
      platform: 'discord',
      chatId: user,
      kind: 'before_exam',
      at: new Date(Date.now() + 86_400_000),
    });
    const channel = fake.dmChannelId(user);
    await fake.waitFor(
      () => fake.botMessages(channel).some((m) => /exam is a few days away/.test(m.content)),
      5000,
      'the reminder DM',
    );
    const press = fake.pressButton({ customId: 'q:reminder_stop:before_exam' });
    await fake.waitFor(
      () => /send that check-in again/.test(JSON.stringify(fake.interactionResponses(press.id))),
      5000,
      'the stop confirmation',
    );
    expect(await reminders.queue.list(id)).toEqual([]);

    // `reminders` in a DM lists them with a cancel button.
    await reminders.queue.schedule({
      person: id,
      platform: 'discord',
      chatId: user,
      kind: 'application_season',
      at: new Date('2027-06-01T09:00:00Z'),
    });
    fake.sendDirectMessage({ content: 'reminders' });
    await fake.waitFor(
      () =>
        fake
          .botMessages(channel)
          .some((m) => /application season — Tue 1 Jun 2027/.test(m.content)),
      5000,
      'the list',
    );
    const cancel = fake.pressButton({ customId: 'q:reminder_cancel:application_season' });
    await fake.waitFor(
      () => /send that check-in again/.test(JSON.stringify(fake.interactionResponses(cancel.id))),
      5000,
      'the cancel confirmation',
    );
    expect(await reminders.queue.list(id)).toEqual([]);
    await running.stop();
  });

  it('holds a Discord reminder in a Telegram-only process: not retried, not counted failed', async () => {
    const { runtime } = await serve({ REMINDER_KEY: reminderKey });
    const reminders = runtime.reminders;
    const metrics = runtime.metrics;
    if (!reminders || !metrics) throw new Error('reminders were not opened');
    const id = reminders.personId('discord:77');
    await reminders.queue.schedule({
      person: id,
      platform: 'discord',
      chatId: '77',
      kind: 'practice',
      at: new Date(Date.now() + 50),
    });
    // Held for an hour for a process that serves Discord: still listed, delayed, no failure.
    await expect
      .poll(async () => (await reminders.queue.queue.getJobs(['delayed']))[0]?.data?.held)
      .toBe(1);
    expect(await reminders.queue.list(id)).toHaveLength(1);
    const { body } = await metrics.render();
    expect(sample(body, 'trajectory_reminders_failed_total')).toBe(0);
    expect(sample(body, 'trajectory_reminders_sent_total')).toBe(0);
  });

  it('opens no reminders without REMINDER_KEY, and /profile says what reminders keep', async () => {
    const { fake, runtime } = await serve({});
    expect(runtime.reminders).toBeUndefined();
    fake.sendText({ chatId: 43, text: '/profile' });
    await fake.waitFor(
      () => fake.sentMessages(43).some((m) => /chat id \(encrypted/.test(m.text ?? '')),
      5000,
      'the profile with the reminders note',
    );
  });
});
