/**
 * Exactly-once delivery under faults, through the real grammY path (`createTelegramBot`,
 * `bot.handleUpdate`) against the fake Bot API, with a real redis-server owned by this file.
 * Each "process" is a bot with its own RedisSessionStore: its own connection and owner id, and
 * nothing shared with the others but Redis.
 */
import { createHash } from 'node:crypto';
import type { Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import { renderTelegram } from '../../src/bots/telegram/renderTelegram.ts';
import { createTelegramBot } from '../../src/bots/telegram/telegramBot.ts';
import { inputFromText, telegramPersonKey } from '../../src/bots/telegram/telegramInput.ts';
import { readConfig } from '../../src/config.ts';
import { step } from '../../src/dialogue/engine.ts';
import { say } from '../../src/dialogue/say.ts';
import { Session, type Session as SessionType } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { DELIVER_WRITE_SCRIPT } from '../../src/store/redisScripts.ts';
import {
  RedisSessionStore,
  type RedisSessionStoreOptions,
} from '../../src/store/redisSessionStore.ts';
import { type DelayProxy, startDelayProxy } from '../support/delayProxy.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';
import { FakeTelegramBotApi } from './fakes/telegramBotApi.ts';

const kb = loadKnowledge();
const salt = 'cd'.repeat(16);
const silent = createLogger('silent');

let redis: RedisServerHandle;
let fake: FakeTelegramBotApi;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [redis, fake] = await Promise.all([startRedisServer(), FakeTelegramBotApi.start()]);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await Promise.all([fake?.close(), redis?.close()]);
});

type StoreOptions = Partial<RedisSessionStoreOptions<SessionType>>;

/** One bot process: grammY bot, conversation and its own Redis store. */
function botProcess(options: StoreOptions = {}, hook?: Transformer) {
  const store = new RedisSessionStore<SessionType>({
    url: redis.url,
    codec: sessionCodec,
    salt,
    ...options,
  });
  closers.push(() => store.close());
  const bot = createTelegramBot({
    config: readConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }),
    conversation: new Conversation(store, kb, silent),
    log: silent,
    botInfo: fake.botInfo,
  });
  if (hook) bot.api.config.use(hook);
  return { bot, store };
}

/** What the bot sent to a chat, as the HTML it sent, oldest first. */
function sent(chatId: number): string[] {
  return fake.sentMessages(chatId).map((m) => m.meta.rawText);
}

/** The HTML of what one turn says, as renderTelegram makes it. */
function rendered(replies: Parameters<typeof renderTelegram>[0]): string[] {
  return renderTelegram(replies).map((m) => m.html);
}

function inputOf(update: Update) {
  const message = update.message;
  if (!message?.text) throw new Error('not a text update');
  return inputFromText(message.text, message.entities, fake.botInfo);
}

describe('a crash between saving a turn and sending its replies', () => {
  it('sends the stored replies exactly once on redelivery to another process, never re-running the turn', async () => {
    const chat = 5001;
    let dying = false;
    // The fault hook: once dying, process A never gets a message out — as if killed right
    // after its compare-and-set, before the send reached Telegram.
    const a = botProcess({}, (prev, method, payload, signal) =>
      dying && method === 'sendMessage' ? new Promise(() => {}) : prev(method, payload, signal),
    );
    const b = botProcess({ outboxLeaseMs: 300 });
    await a.bot.handleUpdate(fake.sendText({ chatId: chat, text: '/retake' }).update);
    const answer = fake.sendText({ chatId: chat, text: 'step 1' });
    const before = sent(chat).length;
    const saved = await b.store.read(telegramPersonKey(chat));

    dying = true;
    void a.bot.handleUpdate(answer.update);
    const expected = step(saved as SessionType, inputOf(answer.update), kb);
    // A's turn lands in Redis even though A never answers.
    for (let i = 0; i < 100; i++) {
      const now = await b.store.read(telegramPersonKey(chat));
      if (JSON.stringify(now) === JSON.stringify(expected.session)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await b.store.read(telegramPersonKey(chat))).toEqual(expected.session);
    expect(sent(chat)).toHaveLength(before);

    // Telegram redelivers the update, to process B, twice.
    await b.bot.handleUpdate(answer.update);
    await b.bot.handleUpdate(answer.update);
    expect(sent(chat).slice(before)).toEqual(rendered(expected.replies));
    expect(await b.store.read(telegramPersonKey(chat))).toEqual(expected.session);
  });

  it('sends them again from the same process when its send failed', async () => {
    const chat = 5002;
    const a = botProcess();
    await a.bot.handleUpdate(fake.sendText({ chatId: chat, text: '/retake' }).update);
    const saved = await a.store.read(telegramPersonKey(chat));
    const answer = fake.sendText({ chatId: chat, text: 'step 2' });
    const expected = step(saved as SessionType, inputOf(answer.update), kb);
    // A refusal auto-retry does not retry, so the send fails for good this time.
    fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: try later' });
    const before = sent(chat).length;
    await a.bot.handleUpdate(answer.update);
    // The failed send is followed by the plain apology, and nothing else.
    expect(sent(chat).slice(before)).toEqual([say(kb, 'telegram.apology')]);
    await a.bot.handleUpdate(answer.update);
    await a.bot.handleUpdate(answer.update);
    expect(sent(chat).slice(before + 1)).toEqual(rendered(expected.replies));
    expect(await a.store.read(telegramPersonKey(chat))).toEqual(expected.session);
  });
});

// The duplicate-delivery test (two real processes, 500 people × 30 turns) is
// deliveryFaultsProcesses.test.ts.

describe('updates that run no turn, delivered twice across two processes', () => {
  it('sends a group pointer, a "text only" notice and a stale-button answer once each', async () => {
    const [a, b] = [botProcess(), botProcess()];
    const group = -1_000_777;
    const pointer = fake.sendText({
      chatId: group,
      userId: 5101,
      text: `@${fake.botInfo.username} hello`,
      chatType: 'supergroup',
    });
    const photo = {
      update_id: pointer.updateId + 100_000,
      message: {
        message_id: 1,
        date: 1_764_633_600,
        chat: { id: 5102, type: 'private', first_name: 'P' },
        from: { id: 5102, is_bot: false, first_name: 'P' },
        photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }],
      },
    } as Update;
    // A press of a button whose data this bot can't read: answered with the stale notice.
    const chat = 5103;
    await a.bot.handleUpdate(fake.sendText({ chatId: chat, text: '/retake' }).update);
    const press = fake.pressButton({ chatId: chat, text: 'USMLE Step 1' });
    const stale = structuredClone(press.update);
    if (stale.callback_query) stale.callback_query.data = 'not-ours';

    for (const update of [pointer.update, photo, stale]) {
      await a.bot.handleUpdate(update);
      await b.bot.handleUpdate(update);
      // At the same time, too.
      await Promise.all([a.bot.handleUpdate(update), b.bot.handleUpdate(update)]);
    }

    expect(fake.sentMessages(group)).toHaveLength(1);
    expect(sent(5102)).toEqual([say(kb, 'telegram.text_only')]);
    const answers = fake
      .calls('answerCallbackQuery')
      .filter((c) => c.params.callback_query_id === press.callbackQueryId);
    expect(answers.map((c) => c.params.text)).toEqual([say(kb, 'telegram.button.stale')]);
    // No per-update keys: the claims live in each person's one hash.
    const store = a.store as RedisSessionStore<SessionType>;
    expect(await store.read(telegramPersonKey(5101))).toBeUndefined();
  });
});

describe('two failed sends in a row', () => {
  it("keeps both turns' replies and sends them, oldest first, with the next turn", async () => {
    const chat = 5201;
    const p = botProcess();
    await p.bot.handleUpdate(fake.sendText({ chatId: chat, text: '/retake' }).update);
    let session = (await p.store.read(telegramPersonKey(chat))) as SessionType;
    const expected: string[] = [];
    const before = sent(chat).length;
    for (const text of ['step 1', '2']) {
      const update = fake.sendText({ chatId: chat, text }).update;
      const result = step(session, inputOf(update), kb);
      expected.push(...rendered(result.replies));
      session = result.session as SessionType;
      fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: try later' });
      await p.bot.handleUpdate(update);
    }
    // Each failed send was followed by the plain apology, and by nothing else.
    const apology = say(kb, 'telegram.apology');
    expect(sent(chat).slice(before)).toEqual([apology, apology]);
    const third = fake.sendText({ chatId: chat, text: 'no' }).update;
    const result = step(session, inputOf(third), kb);
    await p.bot.handleUpdate(third);
    expect(sent(chat).slice(before + 2)).toEqual([...expected, ...rendered(result.replies)]);
    expect(await p.store.read(telegramPersonKey(chat))).toEqual(result.session);
  });
});

describe('a write delayed past the timeout', () => {
  let proxy: DelayProxy;
  beforeAll(async () => {
    proxy = await startDelayProxy(redis.port);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('reads back, finds it landed, and answers with exactly what was stored', async () => {
    const chat = 7001;
    const p = botProcess({ url: `redis://127.0.0.1:${proxy.port}`, commandTimeoutMs: 300 });
    await p.bot.handleUpdate(fake.sendText({ chatId: chat, text: '/retake' }).update);
    const saved = await p.store.read(telegramPersonKey(chat));
    const answer = fake.sendText({ chatId: chat, text: 'step 1' });
    const expected = step(saved as SessionType, inputOf(answer.update), kb);

    // The write (EVALSHA of the write script, or EVAL of its text) reaches Redis 450 ms late:
    // after the 300 ms timeout fired, but before the read-back queued behind it times out.
    const sha = createHash('sha1').update(DELIVER_WRITE_SCRIPT).digest('hex');
    let delayed = 0;
    proxy.delay = (chunk) => {
      const text = chunk.toString('latin1');
      if (delayed > 0 || !(text.includes(sha) || text.includes("'i', ARGV[6]"))) return 0;
      delayed += 1;
      return 450;
    };
    const before = sent(chat).length;
    await p.bot.handleUpdate(answer.update);
    proxy.delay = () => 0;

    expect(delayed).toBe(1);
    expect(sent(chat).slice(before)).toEqual(rendered(expected.replies));
    const checker = botProcess();
    expect(await checker.store.read(telegramPersonKey(chat))).toEqual(expected.session);
  });
});

describe('a frozen Redis (SIGSTOP)', () => {
  it('answers within 200 ms while frozen, recovers after SIGCONT, and leaves every session valid', async () => {
    const p = botProcess();
    const chats = [8001, 8002, 8003, 8004, 8005];
    for (const chat of chats) {
      await p.bot.handleUpdate(fake.sendText({ chatId: chat, text: '/retake' }).update);
    }
    const down = say(kb, 'dialogue.store_down');
    redis.pause();
    try {
      // The first message waits out one command timeout, which marks Redis down.
      const first = Date.now();
      await p.bot.handleUpdate(fake.sendText({ chatId: chats[0]!, text: 'step 1' }).update);
      expect(Date.now() - first).toBeLessThan(2_000);
      expect(sent(chats[0]!).at(-1)).toContain(down.slice(0, 30));
      for (const chat of chats) {
        const started = performance.now();
        await p.bot.handleUpdate(fake.sendText({ chatId: chat, text: 'step 1' }).update);
        expect(performance.now() - started).toBeLessThan(200);
        expect(sent(chat).at(-1)).toContain(down.slice(0, 30));
      }
    } finally {
      redis.resume();
    }
    // The background probe closes the breaker on its first answer.
    const deadline = Date.now() + 5_000;
    for (const chat of chats) {
      for (;;) {
        const before = sent(chat).length;
        await p.bot.handleUpdate(fake.sendText({ chatId: chat, text: 'step 1' }).update);
        const reply = sent(chat).slice(before).join('\n');
        if (!reply.includes(down.slice(0, 30))) break;
        if (Date.now() > deadline) throw new Error(`chat ${chat} never recovered`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const stored = await p.store.read(telegramPersonKey(chat));
      expect(Session.safeParse(stored).success).toBe(true);
      expect(stored?.profile).toEqual({ failedExam: 'step1' });
    }
  });
});
