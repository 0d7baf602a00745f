/**
 * The Redis store through Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME): a real master and a
 * real sentinel (`redis-server --sentinel`) on loopback ports; ioredis asks the sentinel where
 * the master is and the store works through it. (Failover needs replicas and takes the
 * sentinel's down-after time; it is ioredis' and Sentinel's job and is not exercised here.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { freshSession } from '../../src/dialogue/session.ts';
import { createLogger } from '../../src/log.ts';
import { openStores } from '../../src/store/openSessionStore.ts';
import { freePort, type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

let master: RedisServerHandle;
let sentinel: ChildProcess;
let sentinelPort: number;
let dir: string;

beforeAll(async () => {
  master = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'trajectory-sentinel-'));
  sentinelPort = await freePort();
  const conf = join(dir, 'sentinel.conf');
  await writeFile(
    conf,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor mymaster 127.0.0.1 ${master.port} 1`,
      'sentinel down-after-milliseconds mymaster 5000',
    ].join('\n'),
  );
  sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const probe = new Redis({ port: sentinelPort, lazyConnect: true, retryStrategy: () => 50 });
  probe.on('error', () => {});
  for (let i = 0; i < 100; i++) {
    try {
      if (probe.status !== 'ready') await probe.connect().catch(() => undefined);
      const found = await probe.call('SENTINEL', 'get-master-addr-by-name', 'mymaster');
      if (Array.isArray(found) && Number(found[1]) === master.port) break;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  probe.disconnect();
});

afterAll(async () => {
  sentinel?.kill('SIGTERM');
  if (sentinel && sentinel.exitCode === null) await once(sentinel, 'exit');
  await master?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('RedisSessionStore through Sentinel', () => {
  it('finds the master through the sentinel and keeps sessions there', async () => {
    const stores = openStores(
      readConfig({
        REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
        REDIS_SENTINEL_NAME: 'mymaster',
        SESSION_SALT: 'ab'.repeat(16),
      }),
      createLogger('silent'),
    );
    try {
      expect(stores.kind).toBe('redis');
      await stores.sessions.update('telegram:5', () => ({ session: freshSession(), result: 1 }));
      expect(await stores.sessions.read('telegram:5')).toEqual(freshSession());
      // An update is delivered once through the master the sentinel names, too.
      const first = await stores.sessions.deliver('telegram:5', 'sentinel-update-1', (s) => ({
        session: s ?? freshSession(),
        outbox: '[]',
      }));
      expect(first.kind).toBe('turn');
      if (first.kind !== 'done') first.settle(true);
      const again = await stores.sessions.deliver('telegram:5', 'sentinel-update-1', (s) => ({
        session: s ?? freshSession(),
        outbox: '[]',
      }));
      expect(again.kind).not.toBe('turn');
      const direct = new Redis(master.url);
      expect(await direct.dbsize()).toBeGreaterThanOrEqual(1);
      await direct.quit();
    } finally {
      await stores.close();
    }
  });
});
