import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/sessionStore.ts';
import { MemoryUpdateClaims, RedisUpdateClaims } from '../../src/store/updateClaims.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

describe('MemoryUpdateClaims', () => {
  it('grants each id once', async () => {
    const claims = new MemoryUpdateClaims();
    expect(await claims.claim('telegram-update:1')).toBe(true);
    expect(await claims.claim('telegram-update:1')).toBe(false);
    expect(await claims.claim('telegram-update:2')).toBe(true);
  });

  it('grants exactly one of many concurrent claims', async () => {
    const claims = new MemoryUpdateClaims();
    const granted = await Promise.all(Array.from({ length: 50 }, () => claims.claim('same')));
    expect(granted.filter(Boolean)).toHaveLength(1);
  });

  it('forgets a claim once its TTL has passed', async () => {
    let now = 1_700_000_000_000;
    const claims = new MemoryUpdateClaims({ now: () => now });
    expect(await claims.claim('u', 10)).toBe(true);
    now += 10_000;
    expect(await claims.claim('u', 10)).toBe(false);
    now += 1;
    expect(await claims.claim('u', 10)).toBe(true);
  });

  it('rejects a TTL that is not a positive whole number of seconds', async () => {
    const claims = new MemoryUpdateClaims();
    await expect(claims.claim('u', 0)).rejects.toBeInstanceOf(RangeError);
    await expect(claims.claim('u', 1.5)).rejects.toBeInstanceOf(RangeError);
  });

  it('rejects with StoreUnavailableError once closed', async () => {
    const claims = new MemoryUpdateClaims();
    await claims.close();
    await expect(claims.claim('u')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('RedisUpdateClaims', () => {
  let server: RedisServerHandle;
  let raw: Redis;
  let first: RedisUpdateClaims;
  let second: RedisUpdateClaims;

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
    first = new RedisUpdateClaims({ url: server.url });
    second = new RedisUpdateClaims({ url: server.url });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close(), raw?.quit()]);
    await server?.close();
  });

  it('grants each id once, across clients', async () => {
    expect(await first.claim('telegram-update:1')).toBe(true);
    expect(await first.claim('telegram-update:1')).toBe(false);
    expect(await second.claim('telegram-update:1')).toBe(false);
    expect(await second.claim('telegram-update:2')).toBe(true);
  });

  it('grants exactly one of many concurrent claims from two clients', async () => {
    const granted = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).claim('contested')),
    );
    expect(granted.filter(Boolean)).toHaveLength(1);
  });

  it('stores the claim under trajectory:claim:<id> with the TTL (a day by default)', async () => {
    await first.claim('telegram-update:3', 120);
    expect(await raw.get('trajectory:claim:telegram-update:3')).toBe('1');
    const ttl = await raw.pttl('trajectory:claim:telegram-update:3');
    expect(ttl).toBeGreaterThan(119_000);
    expect(ttl).toBeLessThanOrEqual(120_000);

    await first.claim('telegram-update:4');
    expect(await raw.ttl('trajectory:claim:telegram-update:4')).toBeGreaterThan(86_400 - 60);
  });

  it('grants the id again after the claim expires', async () => {
    expect(await first.claim('short-lived', 1)).toBe(true);
    expect(await second.claim('short-lived', 1)).toBe(false);
    await sleep(1_100);
    expect(await second.claim('short-lived', 1)).toBe(true);
  });

  it('rejects with StoreUnavailableError once closed', async () => {
    const claims = new RedisUpdateClaims({ url: server.url });
    await claims.claim('warm-up');
    await claims.close();
    await expect(claims.claim('after-close')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
