import type { Runtime } from '../cli/runtime.ts';
import { loadModelsNow } from '../knowledge/load.ts';

/** One chat platform being served. */
interface RunningPlatform {
  name: string;
  done: Promise<void>;
  stop(): Promise<void>;
}

/** The platforms being served, as one. */
export interface RunningPlatforms {
  /** Which platforms are up, e.g. ['telegram (polling)']. */
  names: string[];
  /** Settles when every platform has stopped; rejects as soon as one gives up on its own. */
  done: Promise<void>;
  /** Stops every platform, then closes the stores. */
  stop(): Promise<void>;
}

/**
 * Starts every platform whose token is configured, sharing one conversation and
 * one set of stores. Returns undefined when no platform is configured.
 */
export async function servePlatforms(runtime: Runtime): Promise<RunningPlatforms | undefined> {
  const { config, conversation, stores, log } = runtime;
  const running: RunningPlatform[] = [];
  if (!config.TELEGRAM_BOT_TOKEN && !config.DISCORD_TOKEN) return undefined;
  // A broken model file stops a server before it takes any update, not mid-turn.
  loadModelsNow(runtime.kb);
  try {
    // Each platform library is loaded only when its token is set: a terminal chat loads none.
    if (config.TELEGRAM_BOT_TOKEN) {
      const { startTelegramBot } = await import('./telegram/telegramBot.ts');
      const bot = await startTelegramBot({ config, conversation, log });
      running.push({ name: `telegram (${bot.mode})`, done: bot.done, stop: () => bot.stop() });
    }
    if (config.DISCORD_TOKEN) {
      const { startDiscordBot } = await import('./discord/discordBot.ts');
      const bot = await startDiscordBot({ config, conversation, log });
      running.push({ name: 'discord', done: bot.done, stop: () => bot.stop() });
    }
  } catch (error) {
    await Promise.allSettled(running.map((p) => p.stop()));
    throw error;
  }
  if (running.length === 0) return undefined;
  if (stores.kind === 'memory') {
    log.warn('REDIS_URL is not set: sessions live in this process only');
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= Promise.allSettled(running.map((p) => p.stop())).then(() => stores.close());
    return stopping;
  };
  const done = Promise.all(running.map((p) => p.done)).then(() => undefined);
  // One platform giving up (a revoked token, say) takes the others down with it, so a
  // supervisor sees the failure and restarts the whole process.
  done.catch(() => stop());
  return { names: running.map((p) => p.name), done, stop };
}
