/**
 * What /metrics counts and what the log shows, with the real conversation, engine, stores and
 * prom-client: updates by platform and outcome, turn durations, safety tiers (counts only),
 * version conflicts and retries on a real Redis; the per-update log line; redaction; pretty logs.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { Metrics } from '../../src/serving/metrics.ts';
import { loggedTurns } from '../../src/serving/turnLog.ts';
import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

const kb = loadKnowledge();

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

function sample(text: string, metric: string): number | undefined {
  const escaped = metric.replace(/[{}"=,]/g, (c) => `\\${c}`);
  const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

describe('metrics from the turn path', () => {
  it('counts updates by platform and outcome, durations, and safety tiers without text', async () => {
    const metrics = new Metrics();
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    const conversation = new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      kb,
      log,
      loggedTurns(log, metrics),
    );
    const crisis = 'there is no point waking up tomorrow';
    await conversation.handle('telegram:1', { kind: 'command', name: 'start' });
    await conversation.handle('telegram:1', { kind: 'text', text: crisis });
    await conversation.handle('discord:2', { kind: 'nonsense' });
    const { body } = await metrics.render();
    expect(sample(body, 'trajectory_updates_total{platform="telegram",outcome="ok"}')).toBe(2);
    expect(sample(body, 'trajectory_updates_total{platform="discord",outcome="bad_input"}')).toBe(
      1,
    );
    expect(sample(body, 'trajectory_turn_duration_seconds_count{platform="telegram"}')).toBe(2);
    expect(sample(body, 'trajectory_safety_tiers_total{tier="crisis"}')).toBe(1);
    expect(body).not.toContain('waking');

    const handled = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'update handled');
    expect(handled).toHaveLength(3);
    expect(handled[1]).toMatchObject({ platform: 'telegram', outcome: 'ok', safety: 'crisis' });
    expect(typeof handled[1].ms).toBe('number');
    expect(lines.join('')).not.toContain('waking');
    expect(lines.join('')).not.toContain('telegram:1');
  });
});

describe('metrics from the Redis store', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('counts version conflicts and the retries they cause', async () => {
    const metrics = new Metrics();
    const open = () =>
      new RedisSessionStore<{ n: number }>({
        url: redis.url,
        salt: 'ab'.repeat(16),
        codec: { encode: JSON.stringify, decode: (raw) => JSON.parse(raw) },
        observer: metrics,
      });
    const [a, b] = [open(), open()];
    try {
      const turn = (current: { n: number } | undefined) => ({
        session: { n: (current?.n ?? 0) + 1 },
        result: undefined,
      });
      // Two processes' worth of stores writing one person at once: some writes must lose.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).update('telegram:9', turn)),
      );
      expect(await a.read('telegram:9')).toEqual({ n: 40 });
      const { body } = await metrics.render();
      const conflicts = sample(body, 'trajectory_store_version_conflicts_total') ?? 0;
      expect(conflicts).toBeGreaterThan(0);
      expect(sample(body, 'trajectory_store_retries_total')).toBe(conflicts);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('the process logger', () => {
  it('redacts every secret wherever a mistake would put it', () => {
    const { lines, stream } = capture();
    const log = createLogger('debug', stream);
    const secrets = {
      TELEGRAM_BOT_TOKEN: '123:telegram-secret',
      TELEGRAM_WEBHOOK_SECRET: 'webhook-secret',
      DISCORD_TOKEN: 'discord-secret',
      SESSION_SALT: 'salt-secret',
      REDIS_URL: 'redis://:redis-secret@host',
      REDIS_PASSWORD: 'password-secret',
    };
    log.debug({ config: secrets }, 'config');
    log.debug(secrets, 'flat');
    log.debug({ token: 'token-secret', request: { url: 'https://x/bottoken-secret2/m' } }, 'x');
    log.debug({ headers: { 'x-telegram-bot-api-secret-token': 'header-secret' } }, 'y');
    const text = lines.join('');
    for (const secret of [
      ...Object.values(secrets),
      'token-secret',
      'token-secret2',
      'header-secret',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('pretty-prints when asked, and falls back to JSON lines when pino-pretty is missing', () => {
    const pretty = capture();
    createLogger('info', pretty.stream, { pretty: true }).info({ platform: 'telegram' }, 'hello');
    expect(pretty.lines.join('')).toMatch(/INFO.*hello/);
    expect(() => JSON.parse(pretty.lines[0] ?? '')).toThrow();

    const fallback = capture();
    const log = createLogger('info', fallback.stream, {
      pretty: true,
      loadPretty: () => {
        throw Object.assign(new Error("Cannot find module 'pino-pretty'"), {
          code: 'MODULE_NOT_FOUND',
        });
      },
    });
    log.info('hello');
    const parsed = fallback.lines.map((l) => JSON.parse(l));
    expect(parsed.map((l) => l.msg)).toEqual([
      'LOG_PRETTY asks for pino-pretty, which is not installed: writing JSON lines',
      'hello',
    ]);

    const production = capture();
    createLogger('info', production.stream, { production: true }).info('json');
    expect(JSON.parse(production.lines[0] ?? '').msg).toBe('json');
  });
});
