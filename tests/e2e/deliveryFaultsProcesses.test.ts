/**
 * Duplicate deliveries across two real processes, as the issue asks: 500 people × 30 turns,
 * every update delivered twice, each time to either process at random, sometimes both at once
 * and sometimes one after the other. Each process (deliveryFaultsBotProcess.ts, started with
 * `fork`) runs the real Telegram turn path — `createTelegramBot`, `bot.handleUpdate` — on its
 * own RedisSessionStore; they share nothing but one throwaway redis-server. The expected
 * replies and sessions come from running the pure engine once per turn, here.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTelegram } from '../../src/bots/telegram/renderTelegram.ts';
import { inputFromText, telegramPersonKey } from '../../src/bots/telegram/telegramInput.ts';
import { step } from '../../src/dialogue/engine.ts';
import { freshSession, Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';
import {
  duplicateBotInfo,
  duplicateLines,
  type FromBotProcess,
  type ToBotProcess,
  typedUpdate,
} from './deliveryFaultsPeople.ts';

const kb = loadKnowledge();
const salt = 'de'.repeat(16);
const people = 500;
const turns = 30;

/** A bot process and the requests it has not answered yet. */
class BotChild {
  readonly #pending = new Map<number, (answer: FromBotProcess) => void>();
  #next = 1;

  private constructor(readonly child: ChildProcess) {
    child.on('message', (answer: FromBotProcess) => {
      if (answer.kind === 'ready') return;
      this.#pending.get(answer.id)?.(answer);
      this.#pending.delete(answer.id);
    });
  }

  /** Forks one bot process on the given Redis and waits until it is ready. */
  static async start(redisUrl: string): Promise<BotChild> {
    const child = fork(new URL('./deliveryFaultsBotProcess.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, REDIS_URL: redisUrl, SESSION_SALT: salt },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (m: FromBotProcess) => m.kind === 'ready' && resolve());
      child.once('exit', (code) => reject(new Error(`bot process exited early (${code})`)));
    });
    await ready;
    return new BotChild(child);
  }

  /** Sends one request and resolves with its answer. */
  ask<K extends ToBotProcess['kind']>(kind: K, update?: Update): Promise<FromBotProcess> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, resolve);
      const message = (kind === 'update' ? { kind, id, update } : { kind, id }) as ToBotProcess;
      this.child.send(message, (error) => error && reject(error));
    });
  }

  /** Delivers one update; resolves with the messages it sent to that chat. */
  async deliver(update: Update): Promise<string[]> {
    const answer = await this.ask('update', update);
    return answer.kind === 'handled' ? answer.sent : [];
  }
}

// Seeded, so a failing run can be replayed.
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

let redis: RedisServerHandle;
let bots: BotChild[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  bots = await Promise.all([BotChild.start(redis.url), BotChild.start(redis.url)]);
}, 60_000);

afterAll(async () => {
  await Promise.all(
    bots.map(async (bot) => {
      if (bot.child.exitCode !== null) return;
      const exited = once(bot.child, 'exit');
      await bot.ask('close').catch(() => undefined);
      await exited;
    }),
  );
  await redis?.close();
});

describe('duplicate deliveries across two processes', () => {
  it(`applies every turn once and delivers every reply once (${people} people × ${turns} turns, each update twice)`, async () => {
    const random = seeded(20261202);
    const pick = () => bots[random() < 0.5 ? 0 : 1] as BotChild;
    const expected = new Map<number, { html: string[]; session: Session | null }>();
    const sentTo = new Map<number, string[]>();
    let updateId = 1;

    // Conversations run 250 at a time, as a runner bounds the updates it has in hand.
    let nextPerson = 0;
    const conversation = async (p: number) => {
      const chat = 90_000 + p;
      let session: Session = freshSession();
      const html: string[] = [];
      const sent: string[] = [];
      for (let t = 0; t < turns; t++) {
        const text = duplicateLines[(t + p) % duplicateLines.length] ?? 'hi';
        const update = typedUpdate(updateId++, chat, text);
        const result = step(session, inputFromText(text, undefined, duplicateBotInfo), kb);
        html.push(...renderTelegram(result.replies).map((m) => m.html));
        session = result.session ?? freshSession();
        const [first, second] = [pick(), pick()];
        if (random() < 0.5) {
          // Redelivered while the first delivery is still being handled.
          const both = await Promise.all([first.deliver(update), second.deliver(update)]);
          sent.push(...both.flat());
        } else {
          // Redelivered after it was answered.
          sent.push(...(await first.deliver(update)));
          sent.push(...(await second.deliver(update)));
        }
      }
      expected.set(chat, { html, session });
      sentTo.set(chat, sent);
    };
    await Promise.all(
      Array.from({ length: 250 }, async () => {
        while (nextPerson < people) await conversation(nextPerson++);
      }),
    );

    const reports = await Promise.all(bots.map((bot) => bot.ask('report')));
    const applied = new Map<string, number>();
    for (const report of reports) {
      if (report.kind !== 'report') throw new Error('no report from a bot process');
      for (const [person, n] of Object.entries(report.applied))
        applied.set(person, (applied.get(person) ?? 0) + n);
    }

    const checker = new RedisSessionStore<Session>({ url: redis.url, codec: sessionCodec, salt });
    const wrong: string[] = [];
    try {
      for (const [chat, { html, session }] of expected) {
        const person = telegramPersonKey(chat);
        if (applied.get(person) !== turns)
          wrong.push(`chat ${chat}: ${applied.get(person)} turns applied`);
        const got = sentTo.get(chat) ?? [];
        if (JSON.stringify(got) !== JSON.stringify(html)) {
          const at = got.findIndex((m, i) => m !== html[i]);
          wrong.push(
            `chat ${chat}: ${got.length} messages sent, ${html.length} expected; #${at} is ${JSON.stringify(got[at]?.slice(0, 80))}, not ${JSON.stringify(html[at]?.slice(0, 80))}`,
          );
        }
        const stored = await checker.read(person);
        if (
          JSON.stringify(stored) !== JSON.stringify(session) ||
          !Session.safeParse(stored).success
        )
          wrong.push(`chat ${chat}: stored session differs`);
      }
    } finally {
      await checker.close();
    }
    expect(wrong.length, wrong.slice(0, 5).join('\n')).toBe(0);
    // Both processes did real work: the deliveries were really split between them.
    for (const report of reports)
      expect(Object.keys(report.kind === 'report' ? report.applied : {}).length).toBeGreaterThan(
        people / 2,
      );
  }, 300_000);
});
