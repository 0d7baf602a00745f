import { step } from '../../src/dialogue/engine.ts';
import { freshSession, type Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge, loadModelsNow } from '../../src/knowledge/load.ts';
import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import type { SessionStore } from '../../src/store/sessionStore.ts';
import { startRedisServer } from '../support/redisServer.ts';
import { describePercentiles } from './figures.ts';

const lines = ['hi', '1', 'step 1', '2', 'no', 'near', 'yes', 'no', 'content', 'why'];

async function drive(
  store: SessionStore<Session>,
  people: number,
): Promise<{ turnsPerSecond: number; latency: string }> {
  const kb = loadKnowledge();
  // The models are read on first use; read them before the clock starts, as a server does.
  loadModelsNow(kb);
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: people }, async (_, p) => {
      for (const text of lines) {
        const t = performance.now();
        await store.update(`bench:${p}`, (s) => {
          const r = step(s ?? freshSession(), { kind: 'text', text }, kb);
          return { session: r.session, result: r.replies.length };
        });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    turnsPerSecond: Math.round((people * lines.length) / seconds),
    latency: describePercentiles(latencies),
  };
}

/** Turns per second through each store with many people at once, and memory per stored session. */
export default async function storeBench(): Promise<string[]> {
  const out: string[] = [];
  const memory = new MemorySessionStore<Session>({ codec: sessionCodec });
  const m = await drive(memory, 500);
  out.push(
    `memory store, 500 people × ${lines.length} turns: ${m.turnsPerSecond} turns/s, ${m.latency}`,
  );

  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const many = new MemorySessionStore<Session>({ codec: sessionCodec });
  const kb = loadKnowledge();
  for (let p = 0; p < 20_000; p++) {
    await many.update(`heap:${p}`, (s) => ({
      session: step(s ?? freshSession(), { kind: 'command', name: 'retake' }, kb).session,
      result: 0,
    }));
  }
  global.gc?.();
  out.push(
    `memory store: ~${Math.round((process.memoryUsage().heapUsed - before) / 20_000)} bytes of heap per session (20,000 sessions)`,
  );
  await Promise.all([memory.close(), many.close()]);

  const redis = await startRedisServer();
  try {
    const store = new RedisSessionStore<Session>({
      url: redis.url,
      codec: sessionCodec,
      salt: 'ab'.repeat(16),
    });
    const r = await drive(store, 200);
    out.push(
      `redis store (throwaway redis-server), 200 people × ${lines.length} turns: ${r.turnsPerSecond} turns/s, ${r.latency}`,
    );
    await store.close();
  } finally {
    await redis.close();
  }
  return out;
}
