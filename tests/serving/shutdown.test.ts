/**
 * `trajectory start` as a real child process against the fake Discord and Telegram servers and
 * a real redis-server: health and readiness, the shutdown order on SIGTERM (stop taking updates,
 * finish the turn in hand, close Redis, exit 0), shutting down while Discord or Redis is gone,
 * a second signal, and no secret in the debug-level log.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../e2e/fakes/discordApi.ts';
import { FakeTelegramBotApi } from '../e2e/fakes/telegramBotApi.ts';
import { type BotProcess, startBotProcess } from '../support/botProcess.ts';
import { freePort, type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

const salt = 'ef'.repeat(16);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Started {
  bot: BotProcess;
  redis: RedisServerHandle;
  httpPort: number;
  discord?: FakeDiscord;
  telegram?: FakeTelegramBotApi;
}

async function start(platforms: { discord?: boolean; telegram?: boolean }): Promise<Started> {
  const redis = await startRedisServer();
  cleanups.push(() => redis.close());
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    SESSION_SALT: salt,
    LOG_LEVEL: 'debug',
    HTTP_PORT: String(await freePort()),
  };
  const started: Partial<Started> = { redis, httpPort: Number(env.HTTP_PORT) };
  if (platforms.discord) {
    const discord = await FakeDiscord.start();
    cleanups.push(() => discord.close());
    Object.assign(env, {
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.restApi,
    });
    started.discord = discord;
  }
  if (platforms.telegram) {
    const telegram = await FakeTelegramBotApi.start();
    cleanups.push(() => telegram.close());
    Object.assign(env, { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
    started.telegram = telegram;
  }
  const bot = startBotProcess(env);
  cleanups.push(() => bot.kill());
  await bot.waitForLog('trajectory is serving');
  return { ...started, bot } as Started;
}

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

async function signalAndTime(bot: BotProcess, signal: NodeJS.Signals = 'SIGTERM') {
  const at = Date.now();
  bot.child.kill(signal);
  const code = await bot.exited;
  return { code, ms: Date.now() - at };
}

describe('trajectory start as a process', () => {
  it('serves /healthz, /readyz and /metrics, is not ready while Redis is down, logs no secret', async () => {
    const { bot, redis, httpPort, telegram, discord } = await start({
      telegram: true,
      discord: true,
    });
    expect(await get(httpPort, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
    const ready = await get(httpPort, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      ready: true,
      checks: { serving: true, 'telegram (polling)': true, discord: true, redis: true },
    });

    telegram?.sendText({ chatId: 42, text: '/retake' });
    await bot.waitForLog('update handled');
    const metrics = await get(httpPort, '/metrics');
    expect(metrics.body).toMatch(/trajectory_updates_total\{platform="telegram",outcome="ok"\} 1/);
    expect(metrics.body).toMatch(/trajectory_turn_duration_seconds_count\{platform="telegram"\} 1/);
    expect(metrics.body).toContain('trajectory_redis_circuit_open 0');
    expect(metrics.body).toContain('trajectory_store_version_conflicts_total 0');

    await redis.stop();
    for (let i = 0; i < 100 && (await get(httpPort, '/readyz')).status === 200; i++)
      await sleep(50);
    const down = await get(httpPort, '/readyz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body).checks.redis).toBe(false);
    expect((await get(httpPort, '/healthz')).status).toBe(200);
    // A turn while Redis is down gets the clear reply and is counted as such.
    telegram?.sendText({ chatId: 42, text: 'step 1' });
    await bot.waitForLog('update handled', (l) => l.outcome === 'store_down');
    const after = await get(httpPort, '/metrics');
    expect(after.body).toMatch(
      /trajectory_updates_total\{platform="telegram",outcome="store_down"\} 1/,
    );
    expect(after.body).toMatch(/trajectory_redis_errors_total [1-9]/);
    expect(after.body).toContain('trajectory_redis_circuit_open 1');

    // Everything it logged at debug level, start to exit, without a single secret.
    const { code } = await signalAndTime(bot);
    expect(code).toBe(0);
    expect(bot.logs().some((l) => l.level === 20)).toBe(true);
    const everything = bot.lines.join('\n');
    for (const secret of [telegram?.token, discord?.token, salt]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('exits 0 on SIGTERM though Discord became unreachable after READY and Redis is down', async () => {
    const { bot, discord, redis } = await start({ discord: true });
    await discord?.close();
    await redis.stop();
    await bot.waitForLog('discord gateway reconnecting');
    await bot.waitForLog('redis connection problem');
    const { code, ms } = await signalAndTime(bot);
    expect(code).toBe(0);
    // Exited by itself, not by the last-resort timer.
    expect(bot.lines.join('\n')).not.toContain('still open');
    expect(ms).toBeLessThan(5000);
    console.info(`shutdown with Discord unreachable and Redis down: ${ms} ms (exit ${code})`);
  });

  it('stops taking updates, finishes the turn in hand, then closes Redis and exits 0', async () => {
    const { bot, redis, telegram } = await start({ telegram: true });
    // A frozen Redis makes the turn take its full command timeout (about 1 s).
    redis.pause();
    cleanups.push(() => redis.resume());
    telegram?.sendText({ chatId: 42, text: '/retake' });
    // Fetched by the bot, so in hand: its claim now waits on the frozen Redis.
    while ((telegram?.pendingUpdates().length ?? 0) > 0) await sleep(10);
    bot.child.kill('SIGTERM');
    await bot.waitForLog('shutting down');
    const late = telegram?.sendText({ chatId: 42, text: '/profile' });
    const code = await bot.exited;
    expect(code).toBe(0);
    const order = bot
      .logs()
      .map((l) => l.msg)
      .filter((m) =>
        ['shutting down', 'update handled', 'telegram bot stopped', 'shutdown complete'].includes(
          String(m),
        ),
      );
    expect(order).toEqual([
      'shutting down',
      'update handled',
      'telegram bot stopped',
      'shutdown complete',
    ]);
    // The turn in hand was answered (the store-down reply) before the process left.
    expect(telegram?.sentMessages(42).length).toBe(1);
    // The update that came after the signal was never taken.
    expect(telegram?.pendingUpdates().map((u) => u.update_id)).toContain(late?.updateId);
  });

  it('exits at once on a second signal', async () => {
    const { bot, redis, telegram } = await start({ telegram: true });
    redis.pause();
    cleanups.push(() => redis.resume());
    telegram?.sendText({ chatId: 42, text: '/retake' });
    await sleep(200);
    bot.child.kill('SIGTERM');
    await bot.waitForLog('shutting down');
    const { code } = await signalAndTime(bot, 'SIGINT');
    expect(code).toBe(130);
    expect(bot.lines.join('\n')).toContain('second signal');
  });
});
