import { autoRetry } from '@grammyjs/auto-retry';
import { run } from '@grammyjs/runner';
import { Api, Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTelegramBotApi } from './telegramBotApi.ts';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  // Reverse order: stop bots before closing their fake.
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startFake(opts?: Parameters<typeof FakeTelegramBotApi.start>[0]) {
  const fake = await FakeTelegramBotApi.start(opts);
  cleanups.push(() => fake.close());
  return fake;
}

interface Running {
  bot: Bot;
  errors: unknown[];
  /** The promise of `bot.start()`, which settles when polling ends. */
  done: Promise<void>;
}

/** A real grammY bot polling the fake with `bot.start()`; stopped in afterEach. */
async function startBot(fake: FakeTelegramBotApi, setup: (bot: Bot) => void): Promise<Running> {
  const bot = new Bot(fake.token, fake.botConfig());
  const errors: unknown[] = [];
  bot.catch((err) => {
    errors.push(err.error);
  });
  setup(bot);
  let onStart!: () => void;
  const started = new Promise<void>((resolve) => {
    onStart = resolve;
  });
  const done = bot.start({ onStart });
  cleanups.push(async () => {
    if (bot.isRunning()) await bot.stop();
    await done.catch(() => undefined);
  });
  await Promise.race([
    started,
    done.then(() => {
      throw new Error('bot.start() returned before onStart');
    }),
  ]);
  return { bot, errors, done };
}

/** `bot.api.raw` is a Proxy: any method name becomes a POST to /bot<token>/<name>. */
function rawCall(bot: Bot, method: string, payload: object = {}): Promise<unknown> {
  const raw = bot.api.raw as unknown as Record<string, (p: object) => Promise<unknown>>;
  return (raw[method] as (p: object) => Promise<unknown>)(payload);
}

async function grammyError(promise: Promise<unknown>): Promise<GrammyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GrammyError);
  return err as GrammyError;
}

describe('FakeTelegramBotApi with a real grammY Bot', () => {
  it('answers getMe with the configured bot (grammY init without botInfo)', async () => {
    const fake = await startFake({ botUsername: 'advisor_test_bot' });
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    await bot.init();
    expect(bot.botInfo.username).toBe('advisor_test_bot');
    expect(bot.botInfo.is_bot).toBe(true);
    expect(bot.botInfo.id).toBe(7_000_000_001);
    expect(fake.calls('getMe')).toHaveLength(1);
  });

  it('delivers /commands with a bot_command entity to bot.command', async () => {
    const fake = await startFake();
    const seen: { cmd: string; match: string }[] = [];
    await startBot(fake, (bot) => {
      bot.command(['start', 'retake'], (ctx) => {
        seen.push({ cmd: ctx.msg.text.split(/[\s@]/)[0] ?? '', match: String(ctx.match) });
      });
    });
    fake.sendText({ chatId: 42, text: '/start' });
    fake.sendText({ chatId: 42, text: `/start@${fake.botInfo.username}` });
    fake.sendText({ chatId: 42, text: '/retake in spring' });
    fake.sendText({ chatId: 42, text: '/start@some_other_bot' });
    await fake.waitForIdle();
    expect(seen).toEqual([
      { cmd: '/start', match: '' },
      { cmd: '/start', match: '' },
      { cmd: '/retake', match: 'in spring' },
    ]);
    const update = fake.sendText({ chatId: 42, text: '/retake x' }).update;
    expect(update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 7 }]);
  });

  it('delivers plain text to bot.on("message:text") and not to bot.command', async () => {
    const fake = await startFake();
    const texts: string[] = [];
    let commands = 0;
    await startBot(fake, (bot) => {
      bot.command('start', () => {
        commands++;
      });
      bot.on('message:text', (ctx) => {
        texts.push(ctx.msg.text);
      });
    });
    const sent = fake.sendText({ chatId: 7, text: 'I failed Step 2 CK', firstName: 'Amina' });
    await fake.waitFor(() => texts.length === 1);
    expect(texts).toEqual(['I failed Step 2 CK']);
    expect(commands).toBe(0);
    expect(sent.update.message?.from).toMatchObject({ id: 7, first_name: 'Amina', is_bot: false });
    expect(sent.update.message?.chat).toMatchObject({ id: 7, type: 'private' });
  });

  it('records a reply with an inline keyboard, delivers the button press, records answer and edit', async () => {
    const fake = await startFake();
    const pressed: string[] = [];
    await startBot(fake, (bot) => {
      bot.command('start', async (ctx) => {
        await ctx.reply('Did you pass Step 1?', {
          reply_markup: new InlineKeyboard().text('Yes', 'step1:yes').text('No', 'step1:no'),
        });
      });
      bot.callbackQuery(/^step1:/, async (ctx) => {
        pressed.push(ctx.callbackQuery.data);
        await ctx.answerCallbackQuery({ text: 'Noted' });
        await ctx.editMessageReplyMarkup({
          reply_markup: new InlineKeyboard().text('Change answer', 'step1:change'),
        });
      });
    });

    fake.sendText({ chatId: 42, text: '/start' });
    const send = await fake.waitForCall('sendMessage');
    expect(send.params).toMatchObject({ chat_id: 42, text: 'Did you pass Step 1?' });
    const [question] = fake.sentMessages(42);
    expect(question).toMatchObject({
      message_id: 2,
      text: 'Did you pass Step 1?',
      from: { id: fake.botInfo.id, is_bot: true, username: fake.botInfo.username },
      chat: { id: 42, type: 'private' },
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Yes', callback_data: 'step1:yes' },
            { text: 'No', callback_data: 'step1:no' },
          ],
        ],
      },
    });
    expect(question?.date).toBeTypeOf('number');

    const press = fake.pressButton({ chatId: 42, text: 'No' });
    const answer = await fake.waitForCall('answerCallbackQuery');
    expect(answer.params).toMatchObject({
      callback_query_id: press.callbackQueryId,
      text: 'Noted',
    });
    expect(answer.response).toEqual({ ok: true, result: true });
    expect(press.update.callback_query?.message?.message_id).toBe(question?.message_id);
    const edit = await fake.waitForCall('editMessageReplyMarkup');
    expect(edit.params).toMatchObject({ chat_id: 42, message_id: question?.message_id });
    expect(pressed).toEqual(['step1:no']);

    const [edited] = fake.sentMessages(42);
    expect(edited?.text).toBe('Did you pass Step 1?');
    expect(edited?.reply_markup?.inline_keyboard).toEqual([
      [{ text: 'Change answer', callback_data: 'step1:change' }],
    ]);
    expect(edited?.edit_date).toBeTypeOf('number');
    expect(edited?.meta.editCount).toBe(1);
    // The old button is gone, as in a real client.
    expect(() => fake.pressButton({ chatId: 42, data: 'step1:yes' })).toThrow(/no callback button/);
  });

  it('editMessageText updates the recorded message, drops the keyboard, and rejects no-op edits', async () => {
    const fake = await startFake();
    const { bot } = await startBot(fake, () => undefined);
    const sent = await bot.api.sendMessage(5, 'Draft', {
      reply_markup: new InlineKeyboard().text('OK', 'ok'),
    });
    const edited = await bot.api.editMessageText(5, sent.message_id, '<b>Final</b> plan', {
      parse_mode: 'HTML',
    });
    expect(edited).toMatchObject({
      message_id: sent.message_id,
      text: 'Final plan',
      entities: [{ type: 'bold', offset: 0, length: 5 }],
    });
    expect(fake.lastSentMessage(5)).toMatchObject({
      text: 'Final plan',
      meta: { rawText: '<b>Final</b> plan', parseMode: 'HTML', editCount: 1 },
    });
    expect(fake.lastSentMessage(5)?.reply_markup).toBeUndefined();
    const noop = await grammyError(
      bot.api.editMessageText(5, sent.message_id, '<b>Final</b> plan', { parse_mode: 'HTML' }),
    );
    expect(noop.error_code).toBe(400);
    expect(noop.description).toMatch(/^Bad Request: message is not modified/);
  });

  it('bot.stop() returns promptly and confirms the handled updates', async () => {
    const fake = await startFake();
    let handled = 0;
    const { bot, done } = await startBot(fake, (bot) => {
      bot.on('message', () => {
        handled++;
      });
    });
    fake.sendText({ chatId: 1, text: 'hello' });
    await fake.waitFor(() => handled === 1 && fake.isPolling);
    const t0 = Date.now();
    await bot.stop();
    await done;
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(2000);
    // The abort of the pending poll reaches the server asynchronously (the final getUpdates runs
    // on a new socket and may be served first), so wait for it rather than assert at once.
    await fake.waitFor(() => !fake.isPolling, 1000);
    const polls = fake.calls('getUpdates');
    expect(polls.some((c) => c.aborted)).toBe(true);
    const last = polls.at(-1);
    expect(last?.params).toMatchObject({ limit: 1 });
    expect(last?.params.timeout).toBeUndefined();
    expect(fake.pendingUpdates()).toEqual([]);
  });

  it('delivers a batch of two updates for one chat in one getUpdates answer', async () => {
    const fake = await startFake();
    const batches: number[] = [];
    const texts: string[] = [];
    await startBot(fake, (bot) => {
      bot.use(async (ctx, next) => {
        texts.push(ctx.msg?.text ?? '');
        await next();
      });
    });
    await fake.waitFor(() => fake.isPolling);
    const ids = fake.batch(() => [
      fake.sendText({ chatId: 9, text: 'first' }).updateId,
      fake.sendText({ chatId: 9, text: 'second' }).updateId,
    ]);
    await fake.waitFor(() => texts.length === 2);
    for (const c of fake.calls('getUpdates')) {
      const r = c.response;
      if (r?.ok && Array.isArray(r.result) && r.result.length > 0) batches.push(r.result.length);
    }
    expect(batches).toEqual([2]);
    expect(texts).toEqual(['first', 'second']);
    expect(ids[1]).toBe((ids[0] ?? 0) + 1);

    // injectBatch does the same for raw updates, including a redelivered (duplicate) update_id.
    const chat = { id: 9, type: 'private', first_name: 'Test' };
    const from = { id: 9, is_bot: false, first_name: 'Test' };
    const message = { message_id: 50, date: 1, chat, from, text: 'dup' };
    fake.injectBatch([
      { update_id: 777, message },
      { update_id: 777, message },
    ]);
    await fake.waitFor(() => texts.length === 4);
    expect(texts.slice(2)).toEqual(['dup', 'dup']);
  });

  it('works with @grammyjs/runner run(bot) and stop()', async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, fake.botConfig());
    bot.on('message:text', async (ctx) => {
      await ctx.replyWithChatAction('typing');
      await ctx.reply(`echo: ${ctx.msg.text}`);
    });
    const handle = run(bot);
    cleanups.push(async () => {
      if (handle.isRunning()) await handle.stop();
    });
    await fake.waitFor(() => fake.isPolling);
    fake.batch(() => {
      fake.sendText({ chatId: 3, text: 'a' });
      fake.sendText({ chatId: 4, text: 'b' });
    });
    await fake.waitFor(() => fake.sentMessages().length === 2);
    expect(
      fake
        .sentMessages()
        .map((m) => m.text)
        .sort(),
    ).toEqual(['echo: a', 'echo: b']);
    expect(fake.calls('sendChatAction')).toHaveLength(2);
    await fake.waitFor(() => fake.isPolling && fake.pendingUpdates().length === 0);
    const t0 = Date.now();
    await handle.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(handle.isRunning()).toBe(false);
    await fake.waitFor(() => !fake.isPolling, 1000);
    // Only one long poll at a time, none left hanging: every getUpdates was answered or aborted.
    const polls = fake.calls('getUpdates');
    expect(polls.every((c) => c.response !== undefined || c.aborted)).toBe(true);
    expect(polls.filter((c) => c.response?.ok === false)).toEqual([]);
  });

  it('a 429 from failNext is retried by @grammyjs/auto-retry and then succeeds', async () => {
    const fake = await startFake();
    await startBot(fake, (bot) => {
      bot.api.config.use(autoRetry());
      bot.command('start', (ctx) => ctx.reply('Welcome'));
    });
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
    });
    fake.sendText({ chatId: 11, text: '/start' });
    const ok = await fake.waitForCall('sendMessage', (_p, c) => c.response?.ok === true);
    const attempts = fake.calls('sendMessage');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    expect(ok.at - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(fake.sentMessages(11).map((m) => m.text)).toEqual(['Welcome']);
  });

  it('unknown methods fail with a GrammyError 404', async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, fake.botConfig());
    const err = await grammyError(rawCall(bot, 'sendHologram', { chat_id: 1 }));
    expect(err.error_code).toBe(404);
    expect(err.description).toBe('Not Found: method not found');
    expect(err.method).toBe('sendHologram');
  });

  it('rejects a wrong token with 401', async () => {
    const fake = await startFake();
    const bot = new Bot('123:wrong', { client: { apiRoot: fake.apiRoot } });
    const err = await grammyError(bot.api.getMe());
    expect(err.error_code).toBe(401);
    expect(err.description).toBe('Unauthorized');
    expect(fake.unauthorizedRequests).toBe(1);
    expect(fake.calls()).toEqual([]);
  });

  it('validates like Telegram: empty text, parse errors, long text, callback_data, uploads', async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, fake.botConfig());
    const api = bot.api;
    const cases: [Promise<unknown>, RegExp][] = [
      [rawCall(bot, 'sendMessage', { chat_id: 1 }), /^Bad Request: message text is empty$/],
      [rawCall(bot, 'sendMessage', { text: 'x' }), /^Bad Request: chat_id is empty$/],
      [api.sendMessage(1, '   '), /^Bad Request: message text is empty$/],
      [api.sendMessage(1, 'x'.repeat(4097)), /^Bad Request: message is too long$/],
      [
        api.sendMessage(1, 'line<br>next', { parse_mode: 'HTML' }),
        /^Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 4$/,
      ],
      [
        api.sendMessage(1, '<b>bold', { parse_mode: 'HTML' }),
        /can't parse entities: Can't find end tag corresponding to start tag "b"/,
      ],
      [
        api.sendMessage(1, 'Score: 245.', { parse_mode: 'MarkdownV2' }),
        /can't parse entities: Character '\.' is reserved/,
      ],
      [
        api.sendMessage(1, 'x', {
          reply_markup: new InlineKeyboard().text('long', 'd'.repeat(65)),
        }),
        /^Bad Request: BUTTON_DATA_INVALID$/,
      ],
      [
        api.sendPhoto(1, new InputFile(Buffer.from('png'), 'x.png'), {
          caption: '<b>x',
          parse_mode: 'HTML',
        }),
        /can't parse entities/,
      ],
      [api.answerCallbackQuery('nope'), /query is too old/],
      [api.editMessageText(1, 999, 'x'), /^Bad Request: message to edit not found$/],
      [
        api.setMyCommands([{ command: 'Start', description: 'x' }]),
        /^Bad Request: BOT_COMMAND_INVALID$/,
      ],
    ];
    for (const [promise, description] of cases) {
      const err = await grammyError(promise);
      expect(err.error_code).toBe(400);
      expect(err.description).toMatch(description);
    }
    expect(fake.sentMessages()).toEqual([]);

    const ok = await api.sendMessage(1, '*Plan:* retake in _May_ \\(week 2\\)\\.', {
      parse_mode: 'MarkdownV2',
    });
    expect(ok.text).toBe('Plan: retake in May (week 2).');
    expect(ok.entities).toEqual([
      { type: 'bold', offset: 0, length: 5 },
      { type: 'italic', offset: 16, length: 3 },
    ]);
  });

  it('stores bot commands and webhook state', async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, fake.botConfig());
    await bot.api.setMyCommands([{ command: 'start', description: 'Begin' }]);
    await bot.api.setMyCommands([{ command: 'plan', description: 'Plan' }], {
      language_code: 'ru',
    });
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Begin' }]);
    expect(fake.myCommands({ languageCode: 'ru' })).toEqual([
      { command: 'plan', description: 'Plan' },
    ]);
    await bot.api.deleteMyCommands();
    expect(await bot.api.getMyCommands()).toEqual([]);

    await bot.api.setWebhook('https://example.invalid/hook');
    expect((await bot.api.getWebhookInfo()).url).toBe('https://example.invalid/hook');
    const conflict = await grammyError(bot.api.getUpdates({ timeout: 0 }));
    expect(conflict.error_code).toBe(409);
    await bot.api.deleteWebhook();
    expect((await bot.api.getWebhookInfo()).url).toBe('');
    expect(await bot.api.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it('a second poller terminates the first with 409 Conflict, like Telegram', async () => {
    const fake = await startFake();
    const first = await startBot(fake, () => undefined);
    await fake.waitFor(() => fake.isPolling);
    const firstFailed = first.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    await startBot(fake, () => undefined);
    const err = await firstFailed;
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(409);
    expect((err as GrammyError).description).toMatch(/terminated by other getUpdates request/);
    expect(first.bot.isRunning()).toBe(false);
  });

  it('long-polls for real: honours timeout and does not spin', async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, fake.botConfig());
    const t0 = Date.now();
    const empty = await bot.api.getUpdates({ timeout: 1 });
    expect(empty).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);

    const waiting = bot.api.getUpdates({ timeout: 10, allowed_updates: ['message'] });
    await fake.waitFor(() => fake.isPolling);
    fake.injectRaw({ my_chat_member: {} }); // not allowed: dropped, the poll keeps waiting
    const { updateId } = fake.sendText({ chatId: 2, text: 'hi' });
    const updates: Update[] = await waiting;
    expect(updates.map((u) => u.update_id)).toEqual([updateId]);
  });

  it('waitFor rejects with a readable list of recent calls', async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, fake.botConfig());
    await bot.api.sendMessage(8, 'something else');
    const failure = await fake
      .waitForCall('sendMessage', (p) => p.text === 'expected', { timeoutMs: 100, since: 0 })
      .catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/waitFor timed out after 100 ms/);
    expect((failure as Error).message).toMatch(/#1 \+\d+ms sendMessage .*something else/);
  });
});

describe('sendPhoto on the fake', () => {
  it('keeps the uploaded bytes and the caption, and records a photo message', async () => {
    const fake = await FakeTelegramBotApi.start();
    try {
      const api = new Api(fake.token, { apiRoot: fake.apiRoot });
      fake.sendText({ chatId: 5, text: 'hi' });
      const bytes = Buffer.from([137, 80, 78, 71, 1, 2, 3, 13, 10, 0]);
      const sent = await api.sendPhoto(5, new InputFile(bytes, 'chart.png'), {
        caption: '<b>Scores</b>',
        parse_mode: 'HTML',
      });
      expect(sent.caption).toBe('Scores');
      expect(fake.photos).toHaveLength(1);
      expect(fake.photos[0]?.file.name).toBe('chart.png');
      expect(fake.photos[0]?.file.data.equals(bytes)).toBe(true);
    } finally {
      await fake.close();
    }
  });
});
