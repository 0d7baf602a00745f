import type { Config } from '../../config.ts';
import { loadKnowledge } from '../../knowledge/load.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import type { Logger } from '../../log.ts';
import { openStores } from '../../store/openSessionStore.ts';
import { Conversation } from '../conversation.ts';
import { type RunningTelegramBot, startTelegramBot } from './telegramBot.ts';

/**
 * Everything `npm start` needs to serve Telegram: opens the stores named by the config (Redis
 * with REDIS_URL, memory otherwise), starts the bot, and closes the stores again on `stop()`.
 * Signal handling stays with the caller.
 */
export async function serveTelegram(
  config: Config,
  log: Logger,
  kb: Knowledge = loadKnowledge(),
): Promise<RunningTelegramBot> {
  const stores = openStores(config, log);
  if (stores.kind === 'memory') {
    // Claims in memory can't see a redelivery after a restart, nor another instance's updates.
    log.warn('REDIS_URL is not set: sessions and update claims live in this process only');
  }
  try {
    const running = await startTelegramBot({
      config,
      conversation: new Conversation(stores.sessions, kb, log),
      claims: stores.claims,
      log,
    });
    return {
      ...running,
      async stop() {
        await running.stop();
        await stores.close();
      },
    };
  } catch (error) {
    await stores.close();
    throw error;
  }
}
