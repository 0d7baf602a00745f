import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personKeyHash } from '../../src/store/personKeyHash.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import {
  type PersonKey,
  StoreConflictError,
  StoreUnavailableError,
} from '../../src/store/sessionStore.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';
import {
  sessionStoreContract,
  type TestSession,
  testSessionCodec,
} from './sessionStore.contract.ts';

const SALT = '5f1c0e9a7d3b2a4c6e8f0a1b2c3d4e5f';

let server: RedisServerHandle;
let raw: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  raw = new Redis(server.url);
});

afterAll(async () => {
  await raw?.quit();
  await server?.close();
});

function keyOf(person: PersonKey): string {
  return `trajectory:{${personKeyHash(person, SALT)}}:session`;
}

function newStore(
  options: { ttlSeconds?: number; maxAttempts?: number; url?: string; clearDelayMs?: number } = {},
) {
  return new RedisSessionStore<TestSession>({
    url: server.url,
    codec: testSessionCodec,
    salt: SALT,
    ...options,
  });
}

const countTurn = (current: TestSession | undefined) => {
  const session = { count: (current?.count ?? 0) + 1, applied: [...(current?.applied ?? []), 0] };
  return { session, result: session.count };
};

sessionStoreContract('RedisSessionStore', async ({ ttlSeconds }) => {
  const store = newStore({ ttlSeconds });
  const peer = newStore({ ttlSeconds });
  return {
    store,
    peer,
    age: async (person, ms) => {
      const remaining = await raw.pttl(keyOf(person));
      if (remaining < 0) return;
      // PEXPIRE with a non-positive time deletes the key, which is exactly what expiry does.
      await raw.pexpire(keyOf(person), remaining - ms);
    },
    dispose: async () => {
      await Promise.all([store.close(), peer.close()]);
    },
  };
});

describe('RedisSessionStore on Redis', () => {
  it('keeps one hash per person under trajectory:{<hmac>}:session with fields v and s', async () => {
    const store = newStore();
    try {
      await store.update('telegram:1001', countTurn);
      const key = keyOf('telegram:1001');
      expect(key).toMatch(/^trajectory:\{[0-9a-f]{64}\}:session$/);
      expect(await raw.type(key)).toBe('hash');
      const fields = await raw.hgetall(key);
      expect(Object.keys(fields).sort()).toEqual(['s', 'v']);
      expect(JSON.parse(fields.s ?? '')).toEqual({ count: 1, applied: [0] });
    } finally {
      await store.close();
    }
  });

  it('keeps recent update ids and the outbox in the one hash, with no key per update', async () => {
    const store = newStore({ clearDelayMs: 50 });
    const turn = (n: number) => (current: TestSession | undefined) => ({
      session: { count: (current?.count ?? 0) + 1, applied: [...(current?.applied ?? []), n] },
      outbox: `replies ${n}`,
    });
    try {
      const person = 'telegram:1020';
      const key = keyOf(person);
      const keysBefore = await raw.dbsize();
      // The outbox header: owner, when it was saved (base 36), the update ids it holds.
      const header = /^[0-9a-f]{8} [0-9a-z]+ /;
      const first = await store.deliver(person, 't1', turn(1));
      const [ids, held, outbox] = await raw.hmget(key, 'i', 'u', 'o');
      expect([ids, held?.replace(header, ''), outbox]).toEqual(['t1', 't1', 'replies 1']);
      if (first.kind !== 'done') first.settle(true);
      // The next turn replaces the sent outbox in its own write: no clearing round trip.
      const second = await store.deliver(person, 't2', turn(2));
      const after = await raw.hmget(key, 'i', 'u', 'o');
      expect([after[0], after[1]?.replace(header, ''), after[2]]).toEqual([
        't1 t2',
        't2',
        'replies 2',
      ]);
      if (second.kind !== 'done') second.settle(true);
      // With no next turn, the sent outbox is cleared on its own shortly after.
      await sleep(300);
      expect(Object.keys(await raw.hgetall(key)).sort()).toEqual(['i', 's', 'v']);
      expect(await store.deliver(person, 't2', turn(2))).toEqual({ kind: 'done' });
      expect(await raw.dbsize()).toBe(keysBefore + 1);
    } finally {
      await store.close();
    }
  });

  it("marks a failed send as nobody's, so another process sends it or carries it at once", async () => {
    const a = newStore();
    const b = newStore();
    const turn = (n: number) => (current: TestSession | undefined) => ({
      session: { count: (current?.count ?? 0) + 1, applied: [...(current?.applied ?? []), n] },
      outbox: `replies ${n}`,
    });
    try {
      const person = 'telegram:1030';
      const key = keyOf(person);
      const first = await a.deliver(person, 't1', turn(1));
      if (first.kind === 'done') throw new Error('first delivery skipped');
      first.settle(false);
      // The failure is written back in the background; wait for it, not for a time.
      while (!(await raw.hget(key, 'u'))?.startsWith('- ')) await sleep(5);
      // Another process's redelivery sends it without waiting out A's 10 s lease.
      const again = await b.deliver(person, 't1', () => {
        throw new Error('re-run');
      });
      expect(again).toMatchObject({ kind: 'resend', outbox: 'replies 1', earlier: [] });
      if (again.kind !== 'done') again.settle(false);
      while (!(await raw.hget(key, 'u'))?.startsWith('- ')) await sleep(5);
      // And its next turn carries the unsent replies, oldest first.
      const next = await a.deliver(person, 't2', turn(2));
      expect(next).toMatchObject({ kind: 'turn', outbox: 'replies 2', earlier: ['replies 1'] });
      expect(await a.read(person)).toEqual({ count: 2, applied: [1, 2] });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps a session with its outbox waiting to five small fields', async () => {
    const store = newStore();
    try {
      const person = 'telegram:1031';
      await store.claim(person, 'n1');
      const turn = await store.deliver(person, 't1', (current) => ({
        session: { count: (current?.count ?? 0) + 1, applied: [1] },
        outbox: 'replies 1',
      }));
      const fields = await raw.hgetall(keyOf(person));
      expect(Object.keys(fields).sort()).toEqual(['i', 'o', 's', 'u', 'v']);
      // A version is a dozen characters: it only has to differ from this key's other versions.
      expect(fields.v).toMatch(/^[\w-]{9,14}$/);
      expect(fields.i).toBe('n1 t1');
      if (turn.kind !== 'done') turn.settle(true);
    } finally {
      await store.close();
    }
  });

  it('sets PTTL to the TTL (30 days by default) and refreshes it on read and update', async () => {
    const store = newStore({ ttlSeconds: 60 });
    const defaultStore = newStore();
    try {
      const person = 'telegram:1002';
      await store.update(person, countTurn);
      expect(await raw.pttl(keyOf(person))).toBeGreaterThan(59_000);
      expect(await raw.pttl(keyOf(person))).toBeLessThanOrEqual(60_000);

      await raw.pexpire(keyOf(person), 5_000);
      await store.read(person);
      expect(await raw.pttl(keyOf(person))).toBeGreaterThan(59_000);

      await raw.pexpire(keyOf(person), 5_000);
      await store.update(person, countTurn);
      expect(await raw.pttl(keyOf(person))).toBeGreaterThan(59_000);

      await defaultStore.update('telegram:1003', countTurn);
      const thirtyDaysMs = 30 * 24 * 60 * 60 * 1000;
      expect(await raw.pttl(keyOf('telegram:1003'))).toBeGreaterThan(thirtyDaysMs - 60_000);
    } finally {
      await Promise.all([store.close(), defaultStore.close()]);
    }
  });

  it('never writes a raw person id into any key or value', async () => {
    const store = newStore();
    const people = ['telegram:4815162342', 'discord:108108108108108108', 'telegram:77700777'];
    try {
      for (const person of people) {
        await store.update(person, countTurn);
        await store.read(person);
      }
      await store.update('telegram:77700777', () => ({ session: null, result: null }));
      await store.update('telegram:77700777', countTurn);

      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await raw.scan(cursor, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      expect(keys.length).toBeGreaterThan(0);
      // Includes every key the contract suite left behind on this server, not just these people.
      for (const key of keys) expect(key).toMatch(/^trajectory:\{[0-9a-f]{64}\}:session$/);

      const stored: string[] = [...keys];
      for (const key of keys) {
        const type = await raw.type(key);
        if (type === 'hash') stored.push(...Object.entries(await raw.hgetall(key)).flat());
        if (type === 'string') stored.push((await raw.get(key)) ?? '');
      }
      for (const person of people) {
        const platformId = person.split(':')[1] ?? person;
        for (const text of stored) {
          expect(text).not.toContain(person);
          expect(text).not.toContain(platformId);
        }
      }
    } finally {
      await store.close();
    }
  });

  it('reads a key of the wrong Redis type as unreadable, not as an outage, and replaces it', async () => {
    const store = newStore();
    try {
      await raw.set(keyOf('telegram:1015'), 'a string where a hash belongs');
      expect(await store.read('telegram:1015')).toBeUndefined();
      expect(await store.update('telegram:1015', countTurn)).toBe(1);
      expect(await raw.type(keyOf('telegram:1015'))).toBe('hash');
      await raw.del(keyOf('telegram:1015'));
      await raw.lpush(keyOf('telegram:1015'), 'a list');
      expect(await store.update('telegram:1015', countTurn)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('hands the turn undefined when the stored bytes are garbage', async () => {
    const store = newStore();
    try {
      await raw.hset(keyOf('telegram:1004'), 'v', 'x', 's', '\u0000not json{');
      expect(await store.read('telegram:1004')).toBeUndefined();
      expect(await store.update('telegram:1004', countTurn)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('gives up with StoreConflictError when every attempt loses the version race', async () => {
    const store = newStore({ maxAttempts: 3 });
    try {
      const person = 'telegram:1005';
      await store.update(person, countTurn);
      let runs = 0;
      const rivalWrites: Promise<unknown>[] = [];
      const failure = store.update(person, (current) => {
        runs += 1;
        // A rival write lands while this turn is "thinking"; the busy wait makes sure Redis
        // (another process) has applied it before our compare-and-set is even sent.
        rivalWrites.push(raw.hset(keyOf(person), 'v', `rival-${runs}`));
        const until = Date.now() + 30;
        while (Date.now() < until) {}
        return countTurn(current);
      });
      await expect(failure).rejects.toBeInstanceOf(StoreConflictError);
      await expect(failure).rejects.toMatchObject({ attempts: 3 });
      expect(runs).toBe(3);
      await Promise.all(rivalWrites);
      expect(await store.read(person)).toEqual({ count: 1, applied: [0] });
    } finally {
      await store.close();
    }
  });
});

describe('RedisSessionStore when Redis goes away or hangs', () => {
  let persistent: RedisServerHandle;

  beforeAll(async () => {
    persistent = await startRedisServer({ persist: true });
  });

  afterAll(async () => {
    await persistent?.close();
  });

  it('fails with StoreUnavailableError while down and recovers with the data intact', async () => {
    const store = new RedisSessionStore<TestSession>({
      url: persistent.url,
      codec: testSessionCodec,
      salt: SALT,
    });
    try {
      const person = 'telegram:1006';
      await store.update(person, countTurn);
      await store.update(person, countTurn);

      await persistent.stop();
      await expect(store.update(person, countTurn)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.read(person)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.forget(person)).rejects.toBeInstanceOf(StoreUnavailableError);
      const failure = await store.read(person).catch((error: unknown) => error);
      expect(failure).toMatchObject({ operation: 'read' });
      expect(String((failure as Error).message)).not.toContain('1006');

      await persistent.restart();
      const deadline = Date.now() + 10_000;
      let session: TestSession | undefined;
      for (;;) {
        try {
          session = await store.read(person);
          break;
        } catch (error) {
          if (!(error instanceof StoreUnavailableError) || Date.now() > deadline) throw error;
          // Failing fast never leaves the microtask queue; give the reconnect timer a turn.
          await sleep(20);
        }
      }
      expect(session).toEqual({ count: 2, applied: [0, 0] });
      expect(await store.update(person, countTurn)).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('times out with StoreUnavailableError while Redis hangs, and carries on after', async () => {
    const store = new RedisSessionStore<TestSession>({
      url: persistent.url,
      codec: testSessionCodec,
      salt: SALT,
      commandTimeoutMs: 300,
    });
    const person = 'telegram:1007';
    try {
      await store.update(person, countTurn);
      persistent.pause();
      const failure = await store.update(person, countTurn).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect(failure).toMatchObject({ operation: 'update', reason: 'Command timed out' });
    } finally {
      persistent.resume();
    }
    try {
      // Redis is marked down until the background probe gets an answer, within moments.
      const deadline = Date.now() + 5_000;
      let session: TestSession | undefined;
      for (;;) {
        try {
          session = await store.read(person);
          break;
        } catch (error) {
          if (!(error instanceof StoreUnavailableError) || Date.now() > deadline) throw error;
          await sleep(20);
        }
      }
      expect(session).toEqual({ count: 1, applied: [0] });
      expect(await store.update(person, countTurn)).toBe(2);
    } finally {
      await store.close();
    }
  });
});
