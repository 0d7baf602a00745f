import type { Runtime } from '../cli/runtime.ts';
import { loadModelsNow } from '../knowledge/load.ts';
import { type DeliverReminder, PlatformNotServed } from '../reminders/reminderWorker.ts';
import { type HttpServer, startHttpServer } from '../serving/httpServer.ts';
import { Metrics } from '../serving/metrics.ts';
import { opsRoutes } from '../serving/opsRoutes.ts';
import { DRAIN_TIMEOUT_MS } from '../serving/shutdown.ts';
import { redisTarget } from '../store/openSessionStore.ts';
import { StoreRedisConnection } from '../store/redisConnection.ts';

/** One chat platform being served. */
interface RunningPlatform {
  name: string;
  done: Promise<void>;
  /** Stops fetching or accepting updates; those in hand carry on. */
  stopTaking(): Promise<void>;
  /** True while the platform's connection is up (readiness). */
  connected(): boolean;
  /** Lets go of the platform for good. */
  stop(): Promise<void>;
}

/** The platforms being served, as one. */
export interface RunningPlatforms {
  /** Which platforms are up, e.g. ['telegram (polling)']. */
  names: string[];
  /** The health and metrics server's port, when HTTP_PORT is set. */
  httpPort?: number;
  /** Settles when every platform has stopped; rejects as soon as one gives up on its own. */
  done: Promise<void>;
  /**
   * Shuts down in order: stop taking updates and reminders (those being sent finish), let
   * in-flight turns finish (at most 10 s), close Redis, then let go of the platform clients and
   * the HTTP server.
   */
  stop(): Promise<void>;
  /** Where the shutdown stands and what is still in flight, for the last-resort log line. */
  describe(): Record<string, unknown>;
}

/**
 * Starts every platform whose token is configured, sharing one conversation and one set of
 * stores, and the health and metrics server when HTTP_PORT is set (the Telegram webhook shares
 * it when TELEGRAM_WEBHOOK_PORT is the same port). Returns undefined when no platform is
 * configured.
 */
export async function servePlatforms(runtime: Runtime): Promise<RunningPlatforms | undefined> {
  const { config, conversation, stores, log, inFlight, reminders } = runtime;
  const running: RunningPlatform[] = [];
  if (!config.TELEGRAM_BOT_TOKEN && !config.DISCORD_TOKEN) {
    await reminders?.close();
    return undefined;
  }
  // Reminders go out through the clients already running, one per platform.
  const deliverers: Partial<Record<'telegram' | 'discord', DeliverReminder>> = {};
  // A broken model file stops a server before it takes any update, not mid-turn.
  loadModelsNow(runtime.kb);
  let http: HttpServer | undefined;
  const target = redisTarget(config);
  // Its own connection, so readiness asks Redis itself rather than a store's view of it.
  const probe = config.HTTP_PORT && target ? new StoreRedisConnection({ target }) : undefined;
  let phase = 'serving';
  try {
    if (config.HTTP_PORT) http = await startHttpServer({ port: config.HTTP_PORT }, log);
    // Each platform library is loaded only when its token is set: a terminal chat loads none.
    if (config.TELEGRAM_BOT_TOKEN) {
      const { startTelegramBot } = await import('./telegram/telegramBot.ts');
      const shared = http && config.TELEGRAM_WEBHOOK_PORT === config.HTTP_PORT;
      const bot = await startTelegramBot({
        config,
        conversation,
        log,
        inFlight,
        ...(shared ? { webhookListen: { server: http } } : {}),
      });
      running.push({ name: `telegram (${bot.mode})`, ...bot });
      if (reminders) {
        const { telegramReminderDelivery } = await import('./telegram/reminderDelivery.ts');
        deliverers.telegram = telegramReminderDelivery(bot.api, runtime.kb);
      }
    }
    if (config.DISCORD_TOKEN) {
      const { startDiscordBot } = await import('./discord/discordBot.ts');
      const bot = await startDiscordBot({ config, conversation, log, inFlight });
      running.push({
        name: 'discord',
        done: bot.done,
        stopTaking: async () => bot.stopTaking(),
        connected: () => bot.connected(),
        stop: () => bot.stop(),
      });
      if (reminders) {
        const { discordReminderDelivery } = await import('./discord/reminderDelivery.ts');
        deliverers.discord = discordReminderDelivery(bot.client.rest, runtime.kb);
      }
    }
  } catch (error) {
    await Promise.allSettled([
      ...running.map((p) => p.stop()),
      http?.close(),
      probe?.close(),
      reminders?.close(),
    ]);
    throw error;
  }
  if (running.length === 0) {
    await Promise.allSettled([http?.close(), probe?.close(), reminders?.close()]);
    return undefined;
  }
  reminders?.startWorker(async (reminder) => {
    const deliver = deliverers[reminder.platform];
    // Held, not failed: another process serving that platform (or `trajectory worker`) takes it.
    if (!deliver) throw new PlatformNotServed(reminder.platform);
    await deliver(reminder);
  });
  if (stores.kind === 'memory') {
    log.warn('Redis is not configured: sessions live in this process only');
  }
  if (http) {
    opsRoutes(http, {
      metrics: runtime.metrics ?? new Metrics(() => inFlight.size),
      ready: async () => ({
        serving: phase === 'serving',
        ...Object.fromEntries(running.map((p) => [p.name, p.connected()])),
        ...(probe ? { redis: await redisAnswers(probe) } : {}),
      }),
    });
    log.info({ port: http.port }, 'health and metrics listening');
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      phase = 'stopping intake';
      // The worker stops taking reminders too; those being sent finish while the clients are up.
      await Promise.allSettled([...running.map((p) => p.stopTaking()), reminders?.stopWorker()]);
      phase = 'finishing in-flight turns';
      if (!(await inFlight.drained(DRAIN_TIMEOUT_MS)))
        log.warn(
          { inFlight: inFlight.byPlatform() },
          'turns still in flight after the drain timeout; closing anyway',
        );
      phase = 'closing redis';
      await Promise.allSettled([stores.close(), probe?.close(), reminders?.close()]);
      phase = 'closing platform clients';
      await Promise.allSettled(running.map((p) => p.stop()));
      phase = 'closing http server';
      await http?.close();
      phase = 'stopped';
    })();
    return stopping;
  };
  const done = Promise.all(running.map((p) => p.done)).then(() => undefined);
  // One platform giving up (a revoked token, say) takes the others down with it, so a
  // supervisor sees the failure and restarts the whole process.
  done.catch(() => stop());
  return {
    names: running.map((p) => p.name),
    ...(http ? { httpPort: http.port } : {}),
    done,
    stop,
    describe: () => ({ phase, inFlight: inFlight.byPlatform() }),
  };
}

async function redisAnswers(probe: StoreRedisConnection): Promise<boolean> {
  try {
    return (await probe.run('read', (redis) => redis.ping())) === 'PONG';
  } catch {
    return false;
  }
}
