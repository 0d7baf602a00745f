/**
 * Telegram webhook replicas: two `trajectory start` processes in webhook mode on one Redis,
 * each serving the webhook on its health port (TELEGRAM_WEBHOOK_PORT = HTTP_PORT), with
 * updates spread across both as a round-robin load balancer would: every person's conversation
 * carries on whichever replica gets the next message, and an update delivered to both is
 * answered once.
 */
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramBotApi } from '../e2e/fakes/telegramBotApi.ts';
import { type BotProcess, startBotProcess } from '../support/botProcess.ts';
import { freePort, type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

const secret = 'replica_secret-1';
const path = '/telegram/hook';
let redis: RedisServerHandle;
let fake: FakeTelegramBotApi;
const replicas: { bot: BotProcess; port: number }[] = [];

beforeAll(async () => {
  [redis, fake] = await Promise.all([startRedisServer(), FakeTelegramBotApi.start()]);
  const ports = [await freePort(), await freePort()];
  for (const port of ports) {
    const bot = startBotProcess({
      REDIS_URL: redis.url,
      SESSION_SALT: 'cd'.repeat(16),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: `https://bot.example.test${path}`,
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_WEBHOOK_PORT: String(port),
      HTTP_PORT: String(port),
    });
    replicas.push({ bot, port });
  }
  await Promise.all(
    replicas.map((r) => r.bot.waitForLog('trajectory is serving', undefined, 60_000)),
  );
}, 90_000);

afterAll(async () => {
  for (const { bot } of replicas) {
    bot.child.kill('SIGTERM');
    await bot.exited;
  }
  await fake?.close();
  await redis?.close();
});

let nextUpdateId = 5000;
function textUpdate(chatId: number, text: string): Update {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Amina' },
      from: { id: chatId, is_bot: false, first_name: 'Amina' },
      text,
      ...(text.startsWith('/')
        ? { entities: [{ type: 'bot_command' as const, offset: 0, length: text.length }] }
        : {}),
    },
  };
}

async function deliver(replica: number, update: Update): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${replicas[replica]?.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });
  return res.status;
}

function notApplied(chatId: number): boolean {
  return /can't reach my memory/.test(fake.sentMessages(chatId).at(-1)?.text ?? '');
}

function asks(chatId: number, question: string): boolean {
  const last = fake.sentMessages(chatId).at(-1);
  return (last?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .some((b) => 'callback_data' in b && (b.callback_data ?? '').startsWith(`q:${question}:`));
}

describe('two Telegram webhook replicas on one Redis', () => {
  it('serves health and the webhook on one port in each replica', async () => {
    for (const { port } of replicas) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        checks: { 'telegram (webhook)': true, redis: true },
      });
    }
  });

  it('carries each conversation across replicas, alternating message by message', async () => {
    const people = Array.from({ length: 12 }, (_, i) => 100 + i);
    let retried = 0;
    // Sends `text` to a replica until the question comes back. On this shared 2-core machine a
    // starved process can miss Redis' 1 s timeout; the person then gets the clear "send it again"
    // reply and nothing is saved, so sending again is what they would do.
    const say = async (chat: number, replica: number, text: string, question: string) => {
      for (let attempt = 0; attempt < 4; attempt++) {
        const sent = fake.sentMessages(chat).length;
        expect(await deliver(replica, textUpdate(chat, text))).toBe(200);
        await fake.waitFor(() => fake.sentMessages(chat).length > sent, 15_000, `${chat} ${text}`);
        await fake.waitFor(() => asks(chat, question) || notApplied(chat), 15_000, 'reply');
        if (asks(chat, question)) return;
        retried++;
      }
    };
    // Message 1 to one replica, message 2 to the other, for everyone at once.
    await Promise.all(people.map((chat, i) => say(chat, i % 2, '/retake', 'failedExam')));
    await Promise.all(people.map((chat, i) => say(chat, (i + 1) % 2, 'step 1', 'failedAttempts')));
    for (const chat of people) expect(asks(chat, 'failedAttempts')).toBe(true);
    // Both replicas handled turns of their own.
    for (const { bot } of replicas) {
      const handled = bot.logs().filter((l) => l.msg === 'update handled' && l.outcome === 'ok');
      expect(handled.length).toBeGreaterThanOrEqual(people.length);
    }
    if (retried > 0)
      console.info(`webhook replicas: ${retried} message(s) sent again after "store down"`);
  });

  it('answers an update delivered to both replicas once', async () => {
    const chat = 300;
    const update = textUpdate(chat, '/retake');
    const statuses = await Promise.all([deliver(0, update), deliver(1, update)]);
    expect(statuses).toEqual([200, 200]);
    await fake.waitFor(() => asks(chat, 'failedExam'), 10_000, 'answered');
    // Give a second answer the chance to arrive, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.sentMessages(chat)).toHaveLength(1);
  });
});
