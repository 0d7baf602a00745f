/**
 * The webhook server's body limit, against the real grammY bot behind it and a real HTTP client:
 * a body over 1 MB is answered 413 without being read whole, one under it is handled, and the
 * secret is still checked first.
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../../src/bots/conversation.ts';
import { createTelegramBot } from '../../../src/bots/telegram/telegramBot.ts';
import {
  MAX_WEBHOOK_BODY_BYTES,
  startWebhookServer,
  type WebhookServer,
} from '../../../src/bots/telegram/webhookServer.ts';
import { readConfig } from '../../../src/config.ts';
import type { Session } from '../../../src/dialogue/session.ts';
import { sessionCodec } from '../../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { createLogger } from '../../../src/log.ts';
import { MemorySessionStore } from '../../../src/store/memorySessionStore.ts';
import { FakeTelegramBotApi } from '../../e2e/fakes/telegramBotApi.ts';

const secret = 'webhook_secret-413';
const path = '/telegram/hook';
let fake: FakeTelegramBotApi;
let server: WebhookServer;
const logs: string[] = [];

beforeAll(async () => {
  fake = await FakeTelegramBotApi.start();
  const log = createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const bot = createTelegramBot({
    config: readConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }),
    conversation: new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      loadKnowledge(),
      log,
    ),
    log,
    botInfo: fake.botInfo,
  });
  server = await startWebhookServer({
    bot,
    secretToken: secret,
    path,
    port: 0,
    host: '127.0.0.1',
    log,
  });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

/** A group message not addressed to the bot: handled (200) without any API call. */
function groupUpdate(text: string): string {
  return JSON.stringify({
    update_id: 1,
    message: {
      message_id: 1,
      date: 1,
      chat: { id: -100, type: 'group', title: 'IMGs' },
      from: { id: 7, is_bot: false, first_name: 'Amina' },
      text,
    },
  });
}

interface Sent {
  status: number | undefined;
  /** Bytes the client managed to hand to the socket before the answer or the close. */
  written: number;
}

/**
 * Streams `total` bytes (chunked, no Content-Length unless `declare`) and resolves with the
 * status, or undefined when the server closed the connection before any answer.
 */
function post(
  body: { total: number } | { text: string },
  headers: Record<string, string>,
  declare = false,
): Promise<Sent> {
  return new Promise((resolve) => {
    let written = 0;
    let status: number | undefined;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      resolve({ status, written });
    };
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...headers,
          ...('total' in body && declare ? { 'content-length': String(body.total) } : {}),
        },
      },
      (res) => {
        status = res.statusCode;
        res.resume();
        res.on('end', done);
        req.destroy();
      },
    );
    req.on('error', done);
    req.on('close', done);
    if ('text' in body) {
      req.end(body.text);
      written = Buffer.byteLength(body.text);
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (written < body.total && status === undefined && !req.destroyed) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (written >= body.total) req.end();
    };
    pump();
  });
}

describe('webhook body limit', () => {
  it('answers 413 at once to a declared Content-Length over 1 MB', async () => {
    const total = 400 * 1024 * 1024;
    const sent = await post({ total }, { 'x-telegram-bot-api-secret-token': secret }, true);
    expect(sent.status).toBe(413);
    expect(sent.written).toBeLessThan(total / 10);
    expect(logs.join('')).toContain('webhook body too large');
  });

  it('stops reading a chunked body at 1 MB and answers 413', async () => {
    const total = 200 * 1024 * 1024;
    const sent = await post({ total }, { 'x-telegram-bot-api-secret-token': secret });
    expect(sent.status).toBe(413);
    // The server stopped reading, so the client could not push the whole body.
    expect(sent.written).toBeLessThan(total / 10);
  });

  it('still handles an update just under the limit', async () => {
    const text = groupUpdate('a'.repeat(MAX_WEBHOOK_BODY_BYTES - 1000));
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_WEBHOOK_BODY_BYTES);
    const sent = await post({ text }, { 'x-telegram-bot-api-secret-token': secret });
    expect(sent.status).toBe(200);
  });

  it('checks the secret before the size', async () => {
    const sent = await post(
      { total: 5 * 1024 * 1024 },
      { 'x-telegram-bot-api-secret-token': 'no' },
      true,
    );
    expect(sent.status).toBe(401);
  });
});
