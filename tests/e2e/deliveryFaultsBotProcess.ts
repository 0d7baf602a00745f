/**
 * One bot process of the two-process duplicate-delivery test, started with `fork` by
 * deliveryFaultsProcesses.test.ts: the real Telegram turn path (`createTelegramBot`,
 * `bot.handleUpdate`) on its own RedisSessionStore, the Bot API answered by a local `fetch`
 * that records every message sent. Updates arrive over IPC; each answer carries the messages
 * sent to that chat since the last answer about it. Nothing is shared with the other process
 * but the redis-server at REDIS_URL.
 */
import { Conversation } from '../../src/bots/conversation.ts';
import { createTelegramBot } from '../../src/bots/telegram/telegramBot.ts';
import { readConfig } from '../../src/config.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import type { Delivery, SessionStore } from '../../src/store/sessionStore.ts';
import {
  duplicateBotInfo,
  type FromBotProcess,
  type ToBotProcess,
} from './deliveryFaultsPeople.ts';

const send = (message: FromBotProcess) => process.send?.(message);
const url = process.env.REDIS_URL;
const salt = process.env.SESSION_SALT;
if (!url || !salt || !process.send) throw new Error('run by deliveryFaultsProcesses.test.ts');

const sentTo = new Map<number, string[]>();
// The Bot API, answered at once: a sent message is recorded under its chat.
const localFetch = (async (target: unknown, init?: { body?: unknown }) => {
  const method = String(target).slice(String(target).lastIndexOf('/') + 1);
  let result: unknown = true;
  if (method === 'sendMessage') {
    const p = JSON.parse(String(init?.body ?? '{}')) as { chat_id: number; text: string };
    const list = sentTo.get(p.chat_id) ?? [];
    list.push(p.text);
    sentTo.set(p.chat_id, list);
    result = {
      message_id: list.length,
      date: 1_764_633_600,
      chat: { id: p.chat_id, type: 'private', first_name: 'P' },
      text: p.text,
    };
  }
  return new Response(JSON.stringify({ ok: true, result }), {
    headers: { 'content-type': 'application/json' },
  });
}) as unknown as typeof fetch;

// A generous command timeout: this test is about duplicates, and on a shared 2-core machine a
// burst of a thousand updates can queue a command past the production 1 s, which would answer
// "can't reach my memory" (that path has its own test, with a frozen Redis).
const store = new RedisSessionStore<Session>({
  url,
  codec: sessionCodec,
  salt,
  commandTimeoutMs: 10_000,
});
// Turns this process saved, per person: a delivery of kind `turn` is a compare-and-set that landed.
const applied: Record<string, number> = {};
const counted: SessionStore<Session> = {
  update: (person, turn) => store.update(person, turn),
  read: (person) => store.read(person),
  forget: (person) => store.forget(person),
  close: () => store.close(),
  claim: (person, updateId) => store.claim(person, updateId),
  async deliver(person, updateId, turn): Promise<Delivery> {
    const delivery = await store.deliver(person, updateId, turn);
    if (delivery.kind === 'turn') applied[person] = (applied[person] ?? 0) + 1;
    return delivery;
  },
};
const log = createLogger('silent');
const bot = createTelegramBot({
  config: readConfig({ TELEGRAM_BOT_TOKEN: '12:duplicate', LOG_LEVEL: 'silent' }),
  conversation: new Conversation(counted, loadKnowledge(), log),
  log,
  botInfo: duplicateBotInfo,
  fetch: localFetch,
});

process.on('message', (message: ToBotProcess) => {
  void answer(message);
});

async function answer(message: ToBotProcess): Promise<void> {
  switch (message.kind) {
    case 'update': {
      await bot.handleUpdate(message.update);
      const chat = message.update.message?.chat.id ?? 0;
      send({ kind: 'handled', id: message.id, sent: sentTo.get(chat) ?? [] });
      sentTo.delete(chat);
      return;
    }
    case 'report':
      send({ kind: 'report', id: message.id, applied });
      return;
    case 'close':
      await store.close();
      send({ kind: 'closed', id: message.id });
      process.disconnect();
      return;
  }
}

send({ kind: 'ready' });
