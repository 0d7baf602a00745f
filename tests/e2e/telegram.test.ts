/**
 * The Telegram adapter end to end: the real grammY client (with @grammyjs/runner, auto-retry
 * and, for one test, the webhook callback) talking HTTP to the fake Bot API server, the real
 * Conversation and engine behind it, and a real redis-server where claims must cross processes.
 */
import { Writable } from 'node:stream';
import { Api } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import { servePlatforms } from '../../src/bots/servePlatforms.ts';
import { encodeChoice } from '../../src/bots/telegram/callbackData.ts';
import {
  createTelegramBot,
  type RunningTelegramBot,
  startTelegramBot,
  type WebhookListen,
} from '../../src/bots/telegram/telegramBot.ts';
import { telegramPersonKey } from '../../src/bots/telegram/telegramInput.ts';
import { openRuntime } from '../../src/cli/runtime.ts';
import { readConfig } from '../../src/config.ts';
import { say } from '../../src/dialogue/say.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { advise } from '../../src/rules/advise.ts';
import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import type { SessionStore } from '../../src/store/sessionStore.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';
import { FakeTelegramBotApi, type RecordedMessage } from './fakes/telegramBotApi.ts';

const kb = loadKnowledge();
const salt = 'ab'.repeat(16);
const person = 42;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Newest first: bots stop before their fake and stores close.
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Harness {
  fake: FakeTelegramBotApi;
  sessions: SessionStore<Session>;
  running: RunningTelegramBot;
  /** Every log line the bot wrote at info level and above. */
  logs: string[];
  /** The session of a Telegram user as the store holds it. */
  session(userId?: number): Promise<Session | undefined>;
}

interface HarnessOptions {
  sessions?: SessionStore<Session>;
  env?: Record<string, string>;
  webhookListen?: WebhookListen;
}

/** A fake Bot API plus the adapter started the way `npm start` starts it. */
async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeTelegramBotApi.start();
  cleanups.push(() => fake.close());
  const logs: string[] = [];
  const log = createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const sessions = options.sessions ?? new MemorySessionStore<Session>({ codec: sessionCodec });
  cleanups.push(() => sessions.close());
  const config = readConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...options.env,
  });
  const running = await startTelegramBot({
    config,
    conversation: new Conversation(sessions, kb, log),
    log,
    ...(options.webhookListen ? { webhookListen: options.webhookListen } : {}),
  });
  cleanups.push(() => running.stop());
  return {
    fake,
    sessions,
    running,
    logs,
    session: (userId = person) => sessions.read(telegramPersonKey(userId)),
  };
}

/**
 * A real in-memory store whose updates take the given times (ms), in call order: makes a later
 * message finish first unless the adapter keeps one person's updates in order.
 */
function storeWithLatency(delays: number[]): SessionStore<Session> {
  const store = new MemorySessionStore<Session>({ codec: sessionCodec });
  const update: SessionStore<Session>['update'] = async (key, turn) => {
    await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
    return store.update(key, turn);
  };
  return {
    update,
    deliver: async (key, updateId, turn) => {
      await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
      return store.deliver(key, updateId, turn);
    },
    claim: (key, updateId) => store.claim(key, updateId),
    read: (key) => store.read(key),
    forget: (key) => store.forget(key),
    close: () => store.close(),
  };
}

function buttonData(message: RecordedMessage | undefined): string[] {
  return (message?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ('callback_data' in b ? (b.callback_data ?? '') : ''));
}

/** Waits until the bot's latest message in the chat asks `questionId`, and returns it. */
async function questionAsked(
  fake: FakeTelegramBotApi,
  questionId: string,
  chatId = person,
): Promise<RecordedMessage> {
  await fake.waitFor(
    () => buttonData(fake.lastSentMessage(chatId)).some((d) => d.startsWith(`q:${questionId}:`)),
    5000,
    `question ${questionId} in chat ${chatId}`,
  );
  return fake.lastSentMessage(chatId) as RecordedMessage;
}

function sentTexts(fake: FakeTelegramBotApi, chatId = person): string[] {
  return fake.sentMessages(chatId).map((m) => m.text ?? '');
}

describe('Telegram adapter, long polling', () => {
  it('publishes the command menu at start', async () => {
    const { fake } = await startHarness();
    expect(fake.myCommands().map((c) => c.command)).toEqual([
      'start',
      'retake',
      'statement',
      'step3',
      'cycles',
      'outlook',
      'plan',
      'why',
      'scores',
      'reminders',
      'back',
      'restart',
      'profile',
      'forget',
      'help',
    ]);
    expect(fake.myCommands({ scope: { type: 'all_group_chats' } }).map((c) => c.command)).toEqual([
      'help',
    ]);
  });

  it('reaches postpone_and_fix through a whole conversation by buttons', async () => {
    const h = await startHarness();
    const { fake } = h;
    fake.sendText({ chatId: person, text: '/retake' });
    let question = await questionAsked(fake, 'failedExam');
    expect(question.text).toContain(say(kb, 'dialogue.welcome').slice(0, 30));
    const answers: [string, string][] = [
      ['failedExam', 'step1'],
      ['failedAttempts', '1'],
      ['retakePassed', 'no'],
      ['practiceStanding', 'below'],
      ['extraTimeUseful', 'yes'],
      ['fearOfFailing', 'no'],
      ['failureCause', 'content_gaps'],
      ['weeksToExam', '12'],
    ];
    for (const [i, [fact, option]] of answers.entries()) {
      const next = answers[i + 1]?.[0] ?? 'next';
      const pressed = question.message_id;
      fake.pressButton({ chatId: person, data: encodeChoice(fact, option) });
      question = await questionAsked(fake, next);
      // The spent keyboard is gone and the question records the answer.
      const old = fake.sentMessages(person).find((m) => m.message_id === pressed);
      expect(old?.reply_markup).toBeUndefined();
      expect(old?.text).toMatch(/✓ \S/);
    }
    const session = await h.session();
    expect(session?.lastAnswer).toEqual({ topic: 'retake', verdict: 'postpone_and_fix' });
    const advice = advise('retake', session?.profile ?? {}, kb);
    expect(question.text).toContain(advice.headline);
    expect(question.meta.parseMode).toBe('HTML');
    // Every press was answered exactly once, and successfully.
    const answered = fake.calls('answerCallbackQuery');
    expect(answered).toHaveLength(answers.length);
    expect(answered.every((c) => c.response?.ok === true && c.params.text === undefined)).toBe(
      true,
    );
  });

  it('reaches keep_date through typed answers', async () => {
    const h = await startHarness();
    const { fake } = h;
    const script: [string, string][] = [
      ['/retake', 'failedExam'],
      ['step 2', 'failedAttempts'],
      ['2', 'retakePassed'],
      ['no', 'practiceStanding'],
      ['well above', 'fearOfFailing'],
      ['yes', 'failureCause'],
      ['time', 'next'],
    ];
    for (const [text, expected] of script) {
      fake.sendText({ chatId: person, text });
      await questionAsked(fake, expected);
    }
    expect((await h.session())?.lastAnswer).toEqual({ topic: 'retake', verdict: 'keep_date' });
    expect(fake.calls('sendMessage').every((c) => c.response?.ok === true)).toBe(true);
  });

  it('asks directly when a message suggests possible risk; yes leads to the lines, no carries on', async () => {
    const h = await startHarness();
    const { fake } = h;
    fake.sendText({ chatId: person, text: '/retake' });
    await questionAsked(fake, 'failedExam');
    fake.sendText({ chatId: person, text: 'honestly i feel like a burden to everyone' });
    const asked = await questionAsked(fake, 'safety_check');
    expect(asked.text).toMatch(/thoughts of ending your life/);
    expect(asked.text).toMatch(/findahelpline/i);
    expect(buttonData(asked)).toEqual([
      'q:safety_check:yes',
      'q:safety_check:no',
      'q:safety_check:unsure',
    ]);
    // No: the open question comes back, after a gentle word.
    fake.pressButton({ chatId: person, data: 'q:safety_check:no' });
    await questionAsked(fake, 'failedExam');
    expect(sentTexts(fake).some((t) => /glad/.test(t))).toBe(true);
    // Yes: the crisis reply and the country question, never a menu.
    fake.sendText({ chatId: person, text: 'what is the point of anything anymore' });
    await questionAsked(fake, 'safety_check');
    fake.sendText({ chatId: person, text: 'yes' });
    await questionAsked(fake, 'country');
    expect(sentTexts(fake).some((t) => /glad you told me/.test(t))).toBe(true);
    expect((await h.session())?.state).toMatchObject({ kind: 'ask_country' });
  });

  it('meets a crisis message with the lines first and distress with the lines offered', async () => {
    const h = await startHarness();
    const { fake } = h;
    fake.sendText({
      chatId: person,
      text: 'wrote letters to my family tonight. i wont be around for the results',
    });
    await questionAsked(fake, 'country');
    expect(sentTexts(fake)[0]).toMatch(/glad you told me/);
    fake.pressButton({ chatId: person, data: 'q:country:other' });
    await fake.waitFor(() => sentTexts(fake).some((t) => /still here/.test(t)));
    fake.sendText({ chatId: person, text: 'i cant stop crying, my family will disown me' });
    await fake.waitFor(() => sentTexts(fake).some((t) => /talk to someone today/.test(t)));
  });

  it('applies two messages from one person in one getUpdates batch in order', async () => {
    // "/retake" at once, then "step 1" slow and "2" fast.
    const h = await startHarness({ sessions: storeWithLatency([0, 150, 0]) });
    const { fake } = h;
    fake.sendText({ chatId: person, text: '/retake' });
    await questionAsked(fake, 'failedExam');
    // In the other order "1" would pick the first exam and "step 1" would not be a count.
    fake.batch(() => {
      fake.sendText({ chatId: person, text: 'step 1' });
      fake.sendText({ chatId: person, text: '2' });
    });
    await questionAsked(fake, 'retakePassed');
    const getUpdates = fake.calls('getUpdates').filter((c) => {
      const result = c.response?.ok ? (c.response.result as Update[]) : [];
      return result.length === 2;
    });
    expect(getUpdates).toHaveLength(1);
    expect((await h.session())?.profile).toMatchObject({ failedExam: 'step1', failedAttempts: 2 });
  });

  it('rejects forged button data with a notice and leaves the session unchanged', async () => {
    const h = await startHarness();
    const { fake } = h;
    fake.sendText({ chatId: person, text: '/retake' });
    await questionAsked(fake, 'failedExam');
    const before = await h.session();
    const sentBefore = fake.sentMessages(person).length;
    // Someone crafts buttons this bot never sent; the fake delivers presses of them faithfully.
    const attacker = new Api(fake.token, { apiRoot: fake.apiRoot });
    const forged = [
      'q:failedExam:<b>x</b>',
      'drop table',
      'q:failedExam:step1:extra',
      'q:failedAttempts:2',
    ];
    await attacker.sendMessage(person, 'forged', {
      reply_markup: {
        inline_keyboard: [forged.map((data) => ({ text: data, callback_data: data }))],
      },
    });
    for (const data of forged) {
      const { callbackQueryId } = fake.pressButton({ chatId: person, data });
      const answer = await fake.waitForCall(
        'answerCallbackQuery',
        (p) => p.callback_query_id === callbackQueryId,
      );
      expect(answer.response?.ok).toBe(true);
      expect(answer.params.text).toBe(say(kb, 'telegram.button.stale'));
    }
    // The well-formed but stale press went through the engine; wait for its keyboard to be retired.
    await fake.waitFor(() => fake.calls('editMessageReplyMarkup').length === 1);
    expect(await h.session()).toEqual(before);
    expect(fake.sentMessages(person)).toHaveLength(sentBefore + 1); // only the attacker's own message
    // The real question still works afterwards.
    fake.pressButton({ chatId: person, data: encodeChoice('failedExam', 'step1') });
    await questionAsked(fake, 'failedAttempts');
  });

  it('stays quiet in a group unless addressed, and never gives advice there', async () => {
    const h = await startHarness();
    const { fake } = h;
    const group = { chatId: -100_200, userId: 7, chatType: 'supergroup' as const };
    fake.sendText({ ...group, text: 'anyone passed step 1 after a fail?' });
    fake.sendText({ ...group, text: '/retake@some_other_bot' });
    const mention = fake.sendText({
      ...group,
      text: `@${fake.botInfo.username} what should I do?`,
    });
    const profile = fake.sendText({ ...group, text: `/profile@${fake.botInfo.username}` });
    await fake.waitFor(() => fake.sentMessages(group.chatId).length === 2);
    const notice = fake.sentMessages(group.chatId)[0] as RecordedMessage;
    const reply = fake.sendText({ ...group, text: 'thanks', replyToMessageId: notice.message_id });
    fake.sendText({ ...group, text: 'ok back to studying' });
    await fake.waitFor(() => fake.sentMessages(group.chatId).length === 3);
    const sent = fake.sentMessages(group.chatId);
    expect(sent.map((m) => m.reply_to_message?.message_id)).toEqual([
      mention.messageId,
      profile.messageId,
      reply.messageId,
    ]);
    for (const m of sent) {
      expect(m.text).toBe(say(kb, 'telegram.group.private'));
      expect(m.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({
        url: `https://t.me/${fake.botInfo.username}`,
      });
    }
    expect(await h.session(7)).toBeUndefined();
    // The chatter after the reply got nothing either; the bot is still polling.
    await fake.waitFor(() => fake.isPolling && fake.pendingUpdates().length === 0);
    expect(fake.sentMessages(group.chatId)).toHaveLength(3);
  });

  it('shows HTML in a typed answer literally', async () => {
    const h = await startHarness();
    const { fake } = h;
    fake.sendText({ chatId: person, text: '/retake' });
    await questionAsked(fake, 'failedExam');
    const typed = '<b>bold</b> & <script>alert(1)</script>';
    fake.sendText({ chatId: person, text: typed });
    await fake.waitFor(() => sentTexts(fake).length === 2);
    const reprompt = fake.lastSentMessage(person) as RecordedMessage;
    expect(reprompt.text).toContain(typed);
    expect(reprompt.meta.rawText).toContain(
      '&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;',
    );
    const start = (reprompt.text ?? '').indexOf(typed);
    const overlapping = (reprompt.entities ?? []).filter(
      (e) => e.offset < start + typed.length && e.offset + e.length > start,
    );
    expect(overlapping).toEqual([]);
    expect(fake.calls('sendMessage').every((c) => c.response?.ok === true)).toBe(true);
    // Nothing the person typed, and not the token, is in the logs at info level.
    expect(h.logs.join('')).not.toContain('bold');
    expect(h.logs.join('')).not.toContain(fake.token);
  });

  it('apologises for a failed update, keeps running, and waits out a 429', async () => {
    const h = await startHarness();
    const { fake } = h;
    fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: something odd' });
    fake.sendText({ chatId: person, text: '/start' });
    await fake.waitFor(() => sentTexts(fake).length === 1);
    expect(sentTexts(fake)).toEqual([say(kb, 'telegram.apology')]);
    const failure = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'update failed');
    expect(failure).toMatchObject({ level: 50, err: { method: 'sendMessage', code: 400 } });

    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
    });
    const sentAt = Date.now();
    fake.sendText({ chatId: person, text: '/retake' });
    await questionAsked(fake, 'failedExam');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(900);
    expect(h.logs.join('')).not.toContain(fake.token);
  });
});

describe('servePlatforms (what `npm start` runs)', () => {
  it('serves Telegram when its token is configured, and closes the stores on stop', async () => {
    const fake = await FakeTelegramBotApi.start();
    cleanups.push(() => fake.close());
    const runtime = openRuntime({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: `${fake.apiRoot}/`,
      LOG_LEVEL: 'silent',
    });
    const running = await servePlatforms(runtime);
    if (!running) throw new Error('Telegram was not started');
    cleanups.push(() => running.stop());
    expect(running.names).toEqual(['telegram (polling)']);
    fake.sendText({ chatId: person, text: '/start' });
    await questionAsked(fake, 'menu');
    await running.stop();
    await expect(running.done).resolves.toBeUndefined();
    await expect(runtime.stores.sessions.read('telegram:1')).rejects.toThrow(/unavailable/);
  });

  it('serves nothing when no platform token is configured', async () => {
    const runtime = openRuntime({ LOG_LEVEL: 'silent' });
    expect(await servePlatforms(runtime)).toBeUndefined();
    await runtime.stores.close();
  });
});

describe('Telegram adapter with Redis', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('handles a duplicated update once, across two bot processes sharing Redis', async () => {
    const redisStores = () => ({
      sessions: new RedisSessionStore<Session>({ url: redis.url, codec: sessionCodec, salt }),
    });
    const first = redisStores();
    const h = await startHarness(first);
    const { fake } = h;
    // A second process: its own connections, the same Redis, fed the same update by webhook.
    const second = redisStores();
    const silent = createLogger('silent');
    const other = createTelegramBot({
      config: readConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }),
      conversation: new Conversation(second.sessions, kb, silent),
      log: silent,
      botInfo: fake.botInfo,
    });
    cleanups.push(() => second.sessions.close());

    fake.sendText({ chatId: person, text: '/retake' });
    await questionAsked(fake, 'failedExam');
    const answer = fake.sendText({ chatId: person, text: 'step 1' });
    await Promise.all([other.handleUpdate(answer.update), questionAsked(fake, 'failedAttempts')]);
    // Telegram redelivers it, alone and twice in one batch.
    const again = { update_id: answer.updateId, message: answer.update.message as Message };
    fake.injectRaw(again);
    fake.injectBatch([again, again]);
    const marker = fake.sendText({ chatId: person, text: '/profile' });
    await fake.waitFor(() => sentTexts(fake).length >= 3);
    await fake.waitFor(() => fake.isPolling && fake.pendingUpdates().length === 0);

    expect(fake.sentMessages(person)).toHaveLength(3);
    expect(fake.calls('sendMessage')).toHaveLength(3);
    expect((await h.session())?.profile).toEqual({ failedExam: 'step1' });
    expect(marker.updateId).toBeGreaterThan(answer.updateId);
    const skipped = h.logs.filter((l) => l.includes('duplicate update skipped'));
    expect(skipped.length).toBeGreaterThanOrEqual(2);
  });
});

describe('Telegram adapter, webhook mode', () => {
  const secret = 'webhook_secret-123';

  function privateUpdate(updateId: number, text: string): Update {
    return {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: person, type: 'private', first_name: 'Amina' },
        from: { id: person, is_bot: false, first_name: 'Amina' },
        text,
        entities: [{ type: 'bot_command', offset: 0, length: text.length }],
      },
    };
  }

  it('registers the webhook with its secret and answers 401 to requests without it', async () => {
    const h = await startHarness({
      env: {
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/telegram/hook',
        TELEGRAM_WEBHOOK_SECRET: secret,
      },
      webhookListen: { port: 0, host: '127.0.0.1' },
    });
    const { fake, running } = h;
    expect(running.mode).toBe('webhook');
    expect(fake.calls('setWebhook')[0]?.params).toMatchObject({
      url: 'https://bot.example.test/telegram/hook',
      secret_token: secret,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(fake.calls('getUpdates')).toEqual([]);
    const endpoint = `http://127.0.0.1:${running.port}/telegram/hook`;
    const post = (update: Update, headers: Record<string, string> = {}) =>
      fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });

    expect((await post(privateUpdate(1, '/start'))).status).toBe(401);
    expect(
      (await post(privateUpdate(2, '/start'), { 'X-Telegram-Bot-Api-Secret-Token': 'guess' }))
        .status,
    ).toBe(401);
    expect((await fetch(endpoint)).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${running.port}/other`, { method: 'POST' })).status).toBe(
      404,
    );
    expect(fake.calls('sendMessage')).toEqual([]);
    expect(await h.session()).toBeUndefined();

    const accepted = await post(privateUpdate(3, '/retake'), {
      'X-Telegram-Bot-Api-Secret-Token': secret,
    });
    expect(accepted.status).toBe(200);
    await questionAsked(fake, 'failedExam');
    expect((await h.session())?.state).toMatchObject({ kind: 'asking', fact: 'failedExam' });
  });
});

describe('practice scores on Telegram', () => {
  it('logs typed scores, answers /scores with the list and sends the chart as a photo', async () => {
    const { decode } = await import('fast-png');
    const h = await startHarness();
    const { fake } = h;
    fake.sendText({ chatId: person, text: 'I failed step 2 ck once' });
    await fake.waitFor(() => fake.sentMessages(person).length > 0, 5000, 'first reply');
    for (const [i, text] of [
      'nbme 9 205 on 1 oct',
      'uwsa 1 212 on 20 oct',
      'nbme 11 219 on 10 nov',
    ].entries()) {
      fake.sendText({ chatId: person, text });
      await fake.waitFor(
        () => sentTexts(fake).some((t) => t.includes(`Logged`) && t.includes(text.split(' ')[2]!)),
        5000,
        `score ${i + 1} logged`,
      );
    }
    fake.sendText({ chatId: person, text: '/scores' });
    const list = await questionAsked(fake, 'scores');
    expect(list.text).toMatch(/3\. 10 November \d{4} — NBME \(CCSSA\) #11: 219/);
    expect(list.text).toMatch(/Not ready yet, by your log/);
    fake.pressButton({ chatId: person, data: encodeChoice('scores', 'chart') });
    await fake.waitFor(() => fake.photos.length === 1, 10000, 'the chart photo');
    const photo = fake.photos[0]!;
    expect(photo.chatId).toBe(person);
    expect(photo.file.name).toBe('scores.png');
    expect(photo.caption).toMatch(/practice scores/);
    const png = decode(photo.file.data);
    expect(png.width).toBeGreaterThan(500);
    expect(png.height).toBeGreaterThan(300);
    // The buttons for what next come after the photo, as their own message.
    await questionAsked(fake, 'scores');
  });
});
