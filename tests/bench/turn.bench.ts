// The turn path as the issue measures it, in one run: the Redis floor, a Trajectory turn through
// the real grammY path (createTelegramBot + bot.handleUpdate, Bot API answered by a local
// transformer instead of HTTP), @grammyjs/conversations v2 on @grammyjs/storage-redis, and a
// plain grammY session with a hand-written state machine on the same storage; throughput with
// 1,000 people at once; CPU per update; Redis bytes per session. node and redis-server are
// pinned to separate cores with taskset where there are two.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  conversations,
  createConversation,
  type Conversation as GrammyConversation,
} from '@grammyjs/conversations';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { Bot, type Context, type SessionFlavor, session } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { Redis } from 'ioredis';
import { Conversation } from '../../src/bots/conversation.ts';
import { createTelegramBot } from '../../src/bots/telegram/telegramBot.ts';
import { readConfig } from '../../src/config.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import { freePort } from '../support/redisServer.ts';
import { percentiles } from './figures.ts';

const botInfo: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Bench',
  username: 'bench_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

// Twenty typed turns of one conversation, repeated for longer runs.
const script = [
  'hi',
  'retake',
  'step 1',
  '2',
  'no',
  'near',
  'yes',
  'no',
  'why',
  'back',
  'no',
  'plan',
  'profile',
  'outlook',
  'statement',
  'step3',
  'cycles',
  'why',
  'menu',
  'retake',
];

let nextUpdateId = 1;
function textUpdate(userId: number, text: string): Update {
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId,
      date: 1_700_000_000,
      chat: { id: userId, type: 'private', first_name: 'P' },
      from: { id: userId, is_bot: false, first_name: 'P' },
      text,
    },
  } as Update;
}

// The Bot API answered in process by a fake client.fetch: every call succeeds at once, so
// the figures are the bot's own work plus Redis.
const localFetch = (async (_url: unknown, init?: { body?: unknown }) => {
  const url = String(_url);
  const method = url.slice(url.lastIndexOf('/') + 1);
  let result: unknown = true;
  if (method === 'sendMessage') {
    const p = JSON.parse(String(init?.body ?? '{}')) as { chat_id?: number; text?: string };
    result = {
      message_id: 1,
      date: 1_700_000_000,
      chat: { id: p.chat_id ?? 0, type: 'private', first_name: 'P' },
      text: p.text ?? '',
    };
  }
  return new Response(JSON.stringify({ ok: true, result }), {
    headers: { 'content-type': 'application/json' },
  });
}) as unknown as typeof fetch;

interface Placement {
  describe: string;
  redisCommand: string[];
}

function placement(): Placement {
  const cores = Number(execFileSync('nproc').toString().trim());
  const taskset = spawnSync('taskset', ['--version']).status === 0;
  if (!taskset || cores < 2) {
    return {
      describe: `no pinning (taskset ${taskset ? 'present' : 'missing'}, ${cores} cores)`,
      redisCommand: ['redis-server'],
    };
  }
  // This process on core 0, redis-server on core 1.
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
  return {
    describe: 'node pinned to core 0, redis-server to core 1 (taskset)',
    redisCommand: ['taskset', '-c', '1', 'redis-server'],
  };
}

async function startPinnedRedis(command: string[]) {
  const port = await freePort();
  const [bin, ...rest] = command;
  const child = spawn(
    bin ?? 'redis-server',
    [...rest, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis({
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Attempts are refused until the server is up; each is retried below, so the refusals
  // are expected and not worth ioredis's "unhandled error" print.
  probe.on('error', () => {});
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      break;
    } catch {
      await sleep(50);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    raw: probe,
    async close() {
      probe.disconnect();
      child.kill('SIGKILL');
    },
  };
}

type Handle = (update: Update) => Promise<void>;

/** Median µs of the k-th update of each person's conversation, people one after another. */
async function perTurn(
  handle: Handle,
  people: number,
  turns: number,
  base: number,
): Promise<number[][]> {
  const byTurn: number[][] = Array.from({ length: turns }, () => []);
  for (let p = 0; p < people; p++) {
    for (let t = 0; t < turns; t++) {
      const update = textUpdate(base + p, script[t % script.length]!);
      const started = performance.now();
      await handle(update);
      byTurn[t]!.push(performance.now() - started);
    }
  }
  return byTurn;
}

/** Updates per second and CPU µs per update with `people` conversations at once. */
async function throughput(handle: Handle, people: number, turns: number, base: number) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: people }, async (_, p) => {
      for (let t = 0; t < turns; t++)
        await handle(textUpdate(base + p, script[t % script.length]!));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const updates = people * turns;
  return {
    perSecond: Math.round(updates / seconds),
    cpuMicros: Math.round((used.user + used.system) / updates),
  };
}

const med = (ms: number[]) => Math.round(percentiles(ms).median);

type PlainSession = { step: number; facts: string[] };
type PlainContext = Context & SessionFlavor<PlainSession>;

/** One bench bot of each kind, all answered by the local API. */
function trajectoryBot(url: string) {
  const kb = loadKnowledge();
  const log = createLogger('silent');
  const store = new RedisSessionStore<Session>({ url, codec: sessionCodec, salt: 'ab'.repeat(16) });
  const bot = createTelegramBot({
    config: readConfig({ TELEGRAM_BOT_TOKEN: '1:bench', LOG_LEVEL: 'silent' }),
    conversation: new Conversation(store, kb, log),
    log,
    botInfo,
    fetch: localFetch,
  });
  return { handle: (u: Update) => bot.handleUpdate(u), close: () => store.close() };
}

function plainBot(redis: Redis) {
  const bot = new Bot<PlainContext>('1:bench', { botInfo, client: { fetch: localFetch } });
  bot.use(
    session({
      initial: (): PlainSession => ({ step: 0, facts: [] }),
      storage: new RedisAdapter<PlainSession>({ instance: redis }),
    }),
  );
  // A hand-written state machine: the step says which question is open.
  bot.on('message:text', async (ctx) => {
    const s = ctx.session;
    if (s.step > 0 && s.step < 8) s.facts.push(ctx.msg.text.slice(0, 20));
    s.step = (s.step + 1) % 20;
    await ctx.reply(`Question ${s.step}: ${s.facts.length} facts so far`);
  });
  return { handle: (u: Update) => bot.handleUpdate(u) };
}

function conversationsBot(redis: Redis) {
  type C = Context & { conversation: { enter(name: string): Promise<void> } };
  const bot = new Bot<C>('1:bench', { botInfo, client: { fetch: localFetch } });
  bot.use(
    conversations({
      storage: { type: 'key', version: 0, adapter: new RedisAdapter({ instance: redis }) },
    }) as never,
  );
  async function dialogue(conversation: GrammyConversation, ctx: Context) {
    const facts: string[] = [];
    await ctx.reply('Question 1');
    for (let step = 2; ; step++) {
      const answer = await conversation.waitFor('message:text');
      if (step < 9) facts.push(answer.msg.text.slice(0, 20));
      await answer.reply(`Question ${step}: ${facts.length} facts so far`);
    }
  }
  bot.use(createConversation(dialogue as never, 'dialogue') as never);
  bot.on('message:text', (ctx) => ctx.conversation.enter('dialogue'));
  return { handle: (u: Update) => bot.handleUpdate(u) };
}

/** The figures of the table, from one run. */
export default async function turnBench(): Promise<string[]> {
  const out: string[] = [];
  const place = placement();
  out.push(`placement: ${place.describe}`);
  const server = await startPinnedRedis(place.redisCommand);
  const client = new Redis(server.url);
  try {
    // Floor: one GET and one SET, the least any stored turn can cost.
    const floor: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const started = performance.now();
      const key = `floor:${i % 500}`;
      await client.get(key);
      await client.set(key, 'x'.repeat(300));
      floor.push(performance.now() - started);
    }
    const floorUs = med(floor);
    out.push(`floor (raw GET+SET on one connection): ${floorUs} µs median`);

    const trajectory = trajectoryBot(server.url);
    const plain = plainBot(client);
    const conv = conversationsBot(client);
    // Warm-up, so JIT and script loading don't count.
    await perTurn(trajectory.handle, 20, 20, 9_000_000);
    await perTurn(plain.handle, 20, 20, 8_000_000);
    await perTurn(conv.handle, 5, 20, 7_000_000);

    const t = await perTurn(trajectory.handle, 200, 20, 1_000_000);
    const p = await perTurn(plain.handle, 200, 20, 2_000_000);
    const c = await perTurn(conv.handle, 100, 20, 3_000_000);
    const row = (name: string, byTurn: number[][]) =>
      `${name}: turn 1 ${med(byTurn[0]!)} µs, 5 ${med(byTurn[4]!)}, 10 ${med(byTurn[9]!)}, 19 ${med(byTurn[18]!)}, 20 ${med(byTurn[19]!)} (median; ×${(med(byTurn[0]!) / floorUs).toFixed(1)} floor at turn 1, ×${(med(byTurn[19]!) / floorUs).toFixed(1)} at turn 20)`;
    out.push(row('Trajectory (real grammY path)', t));
    out.push(row('plain grammY session + hand FSM', p));
    out.push(row('@grammyjs/conversations v2 + storage-redis', c));
    out.push(
      `conversations v2 at turn 19 vs Trajectory: ×${(med(c[18]!) / med(t[18]!)).toFixed(1)}; Trajectory turn 20 vs turn 1: ${(((med(t[19]!) - med(t[0]!)) / med(t[0]!)) * 100).toFixed(0)}%`,
    );

    for (const [name, bot, turns, base] of [
      ['Trajectory', trajectory, 10, 4_000_000],
      ['plain grammY session + hand FSM', plain, 10, 5_000_000],
      ['conversations v2', conv, 10, 6_000_000],
    ] as const) {
      const r = await throughput(bot.handle, 1000, turns, base);
      out.push(
        `${name}, 1,000 people at once × ${turns} turns: ${r.perSecond} updates/s, ${r.cpuMicros} µs CPU per update (node process)`,
      );
    }

    // Redis bytes per session: one person's only key, right after a turn (outbox still there)
    // and at rest (the outbox cleared).
    await client.flushdb();
    const one = trajectoryBot(server.url);
    // Right after each turn, while its outbox waits: the largest over the dialogue, and which.
    const afterTurn: number[] = [];
    for (const text of script) {
      await one.handle(textUpdate(42, text));
      const [current] = await client.keys('*');
      afterTurn.push(Number(await client.call('MEMORY', 'USAGE', current ?? '', 'SAMPLES', '0')));
    }
    const [key] = await client.keys('*');
    const withOutbox = afterTurn.at(-1) ?? 0;
    const largest = Math.max(...afterTurn);
    const over = afterTurn
      .map((bytes, i) => (bytes > 1024 ? `'${script[i]}' ${bytes} B` : ''))
      .filter(Boolean);
    out.push(
      `Redis per session right after each of the 20 turns: median ${afterTurn.toSorted((a, b) => a - b)[10]} B, largest ${largest} B; over 1 KiB: ${over.join(', ') || 'none'}`,
    );
    await sleep(600);
    const atRest = Number(await client.call('MEMORY', 'USAGE', key ?? '', 'SAMPLES', '0'));
    const keys = await client.dbsize();
    out.push(
      `Redis per session after 20 turns: ${withOutbox} B with the last outbox, ${atRest} B at rest; ${keys} key(s) for one person, none per update`,
    );
    await Promise.all([one.close(), trajectory.close()]);
  } finally {
    client.disconnect();
    await server.close();
  }
  return out;
}
