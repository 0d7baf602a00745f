/**
 * A check-in chosen in the conversation, end to end: the real grammY and discord.js clients
 * against the fake Telegram Bot API and Discord servers, `trajectory start`'s runtime with a
 * real throwaway redis-server. The person asks for the plan, picks a check-in, answers the
 * one-time time-zone question, and the reminder fires exactly once to their private chat; then
 * `/reminders` lists the next one and cancels it.
 *
 * The conversation's clock is set back by the check-in's interval, so "in 3 days" falls a
 * second from now on the real clock the queue and worker use. The zone typed is the UTC offset
 * where it is now around noon, so quiet hours never move the delivery.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { servePlatforms } from '../../src/bots/servePlatforms.ts';
import { openRuntime } from '../../src/cli/runtime.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';
import { FakeDiscord } from './fakes/discordApi.ts';
import { FakeTelegramBotApi } from './fakes/telegramBotApi.ts';

const day = 86_400_000;
const reminderKey = 'd4'.repeat(32);
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

/** The offset ("UTC+3") whose local time is now about noon, and the zone it is read as. */
function noonOffset(): { typed: string; zone: string } {
  const offset = 12 - new Date().getUTCHours();
  if (offset === 0) return { typed: 'UTC+0', zone: 'UTC' };
  const sign = offset > 0 ? '+' : '-';
  return {
    typed: `UTC${sign}${Math.abs(offset)}`,
    zone: `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`,
  };
}

/** A runtime whose conversation's clock runs `days` behind, plus `leadMs`. */
function runtimeWithClock(env: Record<string, string>, days: number, leadMs = 1500) {
  const shift = days * day - leadMs;
  return openRuntime(
    {
      REDIS_URL: redis.url,
      SESSION_SALT: 'ab'.repeat(16),
      REMINDER_KEY: reminderKey,
      LOG_LEVEL: 'silent',
      ...env,
    },
    { serving: true, now: () => Date.now() - shift },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a check-in chosen in the conversation', () => {
  it('on Telegram: offered after the plan, zone asked once, fires once, cancelled via /reminders', async () => {
    const fake = await FakeTelegramBotApi.start();
    cleanups.push(() => fake.close());
    const runtime = runtimeWithClock(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: `${fake.apiRoot}/` },
      3,
    );
    const running = await servePlatforms(runtime);
    if (!running || !runtime.reminders) throw new Error('Telegram with reminders did not start');
    cleanups.push(() => running.stop());
    const chat = 42;
    const last = () => fake.lastSentMessage(chat)?.text ?? '';
    const said = (pattern: RegExp, what: string) =>
      fake.waitFor(
        () => fake.sentMessages(chat).some((m) => pattern.test(m.text ?? '')),
        5000,
        what,
      );

    // The menu lists /reminders.
    expect(fake.myCommands().map((c) => c.command)).toContain('reminders');

    fake.sendText({ chatId: chat, text: '/start' });
    await said(/What would you like/, 'the menu');
    fake.sendText({ chatId: chat, text: 'I failed step 2 ck once and my retake is in 6 weeks' });
    await said(/I understood/, 'the reading');
    fake.sendText({ chatId: chat, text: '/plan' });
    await fake.waitFor(
      () =>
        fake
          .sentMessages(chat)
          .some((m) => JSON.stringify(m.reply_markup ?? '').includes('q:next:checkins')),
      5000,
      'the plan with the check-in offer',
    );

    fake.pressButton({ chatId: chat, data: 'q:next:checkins' });
    await said(/send you a short check-in/, 'the offer');
    fake.pressButton({ chatId: chat, data: 'q:checkin:practice_3' });
    await said(/which time zone are you in/, 'the time-zone question');

    // A bad answer loses nothing: a clear message and the question again.
    fake.sendText({ chatId: chat, text: 'Atlantis' });
    await said(/couldn't match .*Atlantis.* to a time zone/, 'the bad-zone message');

    const { typed, zone } = noonOffset();
    fake.sendText({ chatId: chat, text: typed });
    await said(/Done: a practice-test check-in every 3 days/, 'the confirmation');
    const confirmation = fake.sentMessages(chat).find((m) => /Done: a practice/.test(m.text ?? ''));
    expect(confirmation?.text).toContain(zone);

    await said(/time for a practice test/, 'the reminder');
    // Exactly once, even after waiting a while longer.
    await sleep(1500);
    const reminders = fake
      .sentMessages(chat)
      .filter((m) => /time for a practice test/.test(m.text ?? ''));
    expect(reminders).toHaveLength(1);

    // The series goes on: /reminders lists the next one in the person's zone, and cancels it.
    const id = runtime.reminders.personId(`telegram:${chat}`);
    await expect.poll(async () => (await runtime.reminders!.queue.list(id)).length).toBe(1);
    fake.sendText({ chatId: chat, text: '/reminders' });
    await said(/Your check-ins/, 'the list');
    expect(last()).toContain(`practice test — `);
    expect(last()).toContain(`(${zone})`);
    fake.pressButton({ chatId: chat, data: 'q:reminder_cancel:practice' });
    await said(/send that check-in again/, 'the cancel confirmation');
    expect(await runtime.reminders.queue.list(id)).toEqual([]);
    expect(await runtime.reminders.queue.queue.getDelayedCount()).toBe(0);
  });

  it('on Discord: chosen in a DM (typed), fires once as a DM, /reminders slash cancels', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const runtime = runtimeWithClock(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.restApi,
      },
      5,
    );
    const running = await servePlatforms(runtime);
    if (!running || !runtime.reminders) throw new Error('Discord with reminders did not start');
    cleanups.push(() => running.stop());
    const user = fake.defaultUser.id;
    const channel = fake.dmChannelId(user);
    const said = (pattern: RegExp, what: string) =>
      fake.waitFor(
        () => fake.botMessages(channel).some((m) => pattern.test(m.content)),
        5000,
        what,
      );

    fake.sendDirectMessage({ content: 'hi' });
    await said(/What would you like/, 'the menu');
    fake.sendDirectMessage({ content: 'I failed step 1 twice, the retake is in 8 weeks' });
    await said(/I understood/, 'the reading');
    fake.sendDirectMessage({ content: 'plan' });
    await said(/Check in with me along this plan|What next/, 'the plan');
    const offer = fake.pressButton({ customId: 'q:next:checkins' });
    await fake.waitFor(
      () => /send you a short check-in/.test(JSON.stringify(fake.interactionResponses(offer.id))),
      5000,
      'the offer',
    );
    fake.sendDirectMessage({ content: 'every 5 days' });
    await said(/which time zone are you in/, 'the time-zone question');
    const { typed, zone } = noonOffset();
    fake.sendDirectMessage({ content: typed });
    await said(/Done: a practice-test check-in every 5 days/, 'the confirmation');
    expect(fake.botMessages(channel).some((m) => m.content.includes(zone))).toBe(true);

    await said(/time for a practice test/, 'the reminder DM');
    await sleep(1500);
    expect(
      fake.botMessages(channel).filter((m) => /time for a practice test/.test(m.content)),
    ).toHaveLength(1);

    const id = runtime.reminders.personId(`discord:${user}`);
    await expect.poll(async () => (await runtime.reminders!.queue.list(id)).length).toBe(1);
    const list = fake.slashCommand({ name: 'reminders', inGuild: false });
    await fake.waitFor(
      () => /Your check-ins/.test(JSON.stringify(fake.interactionResponses(list.id))),
      5000,
      'the /reminders list',
    );
    const cancel = fake.pressButton({ customId: 'q:reminder_cancel:practice' });
    await fake.waitFor(
      () => /send that check-in again/.test(JSON.stringify(fake.interactionResponses(cancel.id))),
      5000,
      'the cancel confirmation',
    );
    expect(await runtime.reminders.queue.list(id)).toEqual([]);
  });
});
