/**
 * The Redis store on a real three-master Redis Cluster started on loopback ports (ioredis' own
 * Cluster client, chosen by REDIS_CLUSTER_NODES): the whole store contract, two processes ×
 * 200 people × 20 turns with none lost, and a master stopped mid-run: turns get the clear
 * "store is down" reply instead of crashing, and work again once it is back.
 * Skipped, with the reason in its name, only where redis-server lacks cluster support.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import type { TurnOutcome } from '../../src/bots/turnObserver.ts';
import { readConfig } from '../../src/config.ts';
import { say } from '../../src/dialogue/say.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { openStores } from '../../src/store/openSessionStore.ts';
import { personKeyHash } from '../../src/store/personKeyHash.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import type { PersonKey } from '../../src/store/sessionStore.ts';
import {
  clusterUnsupported,
  type RedisClusterHandle,
  startRedisCluster,
} from '../support/redisCluster.ts';
import {
  sessionStoreContract,
  type TestSession,
  testSessionCodec,
} from './sessionStore.contract.ts';

const SALT = 'ab'.repeat(16);
const unsupported = await clusterUnsupported();
const describeCluster = unsupported ? describe.skip : describe;
const title = unsupported
  ? `Redis Cluster (skipped: ${unsupported})`
  : 'RedisSessionStore on a 3-master Redis Cluster';

let cluster: RedisClusterHandle;
let raw: Cluster;

describeCluster(title, () => {
  beforeAll(async () => {
    cluster = await startRedisCluster();
    raw = new Cluster(cluster.nodes);
  }, 60_000);
  afterAll(async () => {
    await raw?.quit().catch(() => undefined);
    await cluster?.close();
  });

  const keyOf = (person: PersonKey) => `trajectory:{${personKeyHash(person, SALT)}}:session`;
  const clusterStore = (ttlSeconds?: number) =>
    new RedisSessionStore<TestSession>({
      target: { kind: 'cluster', nodes: cluster.nodes },
      codec: testSessionCodec,
      salt: SALT,
      ...(ttlSeconds ? { ttlSeconds } : {}),
    });

  sessionStoreContract('RedisSessionStore on Redis Cluster', async ({ ttlSeconds }) => {
    const store = clusterStore(ttlSeconds);
    const peer = clusterStore(ttlSeconds);
    return {
      store,
      peer,
      age: async (person, ms) => {
        const remaining = await raw.pttl(keyOf(person));
        if (remaining < 0) return;
        await raw.pexpire(keyOf(person), remaining - ms);
      },
      dispose: async () => {
        await Promise.all([store.close(), peer.close()]);
      },
    };
  });

  it('spreads people over all three masters', async () => {
    const slots = new Set<number>();
    for (let i = 0; i < 200; i++) {
      slots.add(Number(await raw.cluster('KEYSLOT', keyOf(`telegram:${900000 + i}`))));
    }
    const owners = (await raw.cluster('SLOTS')) as unknown as [number, number][];
    const used = owners.filter(([from, to]) => [...slots].some((s) => s >= from && s <= to));
    expect(used).toHaveLength(3);
  });

  it('loses no turn: two processes × 200 people × 20 turns each', async () => {
    const nodes = cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',');
    const child = (tag: string) => {
      const process_ = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/store/fixtures/clusterTurns.ts', nodes, tag, '200', '20'],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let output = '';
      process_.stdout.on('data', (chunk) => {
        output += String(chunk);
      });
      return once(process_, 'exit').then(([code]) => ({ code, ...JSON.parse(output) }));
    };
    const [a, b] = await Promise.all([child('a'), child('b')]);
    expect(a).toEqual({ code: 0, ok: 4000, failed: 0 });
    expect(b).toEqual({ code: 0, ok: 4000, failed: 0 });
    const store = clusterStore();
    let lost = 0;
    try {
      const expected = [
        ...Array.from({ length: 20 }, (_, n) => n),
        ...Array.from({ length: 20 }, (_, n) => 1000 + n),
      ];
      for (let i = 0; i < 200; i++) {
        const session = await store.read(`telegram:${900000 + i}`);
        const applied = [...(session?.applied ?? [])].sort((x, y) => x - y);
        lost += expected.length - applied.length;
        expect(applied).toEqual(expected);
        expect(session?.count).toBe(40);
      }
    } finally {
      await store.close();
    }
    console.info(`Redis Cluster, 2 processes x 200 people x 20 turns: ${lost} turns lost`);
  }, 120_000);

  it('answers "store is down" while a master is stopped, and recovers once it is back', async () => {
    const kb = loadKnowledge();
    const log = createLogger('silent');
    const outcomes: TurnOutcome[] = [];
    const stores = openStores(
      readConfig({
        REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
        SESSION_SALT: SALT,
      }),
      log,
    );
    const conversation = new Conversation(stores.sessions, kb, log, {
      turnHandled: (record) => outcomes.push(record.outcome),
    });
    const storeDown = say(kb, 'dialogue.store_down');
    const people = Array.from({ length: 30 }, (_, i) => `telegram:${700000 + i}`);
    const round = () =>
      Promise.all(people.map((p) => conversation.handle(p, { kind: 'command', name: 'profile' })));
    try {
      await round();
      expect(outcomes.every((o) => o === 'ok')).toBe(true);
      outcomes.length = 0;

      const victim = cluster.servers[1];
      await victim?.stop();
      const during: string[][] = [];
      for (let i = 0; i < 5; i++) {
        const replies = await round();
        during.push(replies.map((r) => (r[0]?.kind === 'text' ? r[0].text : (r[0]?.kind ?? ''))));
        await sleep(200);
      }
      expect(outcomes).toContain('store_down');
      expect(outcomes.filter((o) => o !== 'ok' && o !== 'store_down')).toEqual([]);
      expect(during.flat()).toContain(storeDown);

      await victim?.restart();
      await cluster.healthy();
      outcomes.length = 0;
      // Give the client a moment to reconnect to the returned master, then every turn works.
      for (let i = 0; i < 50; i++) {
        outcomes.length = 0;
        await round();
        if (outcomes.every((o) => o === 'ok')) break;
        await sleep(200);
      }
      expect(outcomes.every((o) => o === 'ok')).toBe(true);
      expect(outcomes).toHaveLength(people.length);
    } finally {
      await stores.close();
    }
  }, 90_000);
});
