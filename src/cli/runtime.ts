import { Conversation } from '../bots/conversation.ts';
import { type Config, readConfig } from '../config.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import { createLogger, type Logger } from '../log.ts';
import { openStores, type Stores } from '../store/openSessionStore.ts';

/** What a running bot needs: configuration, knowledge, logger, stores and the conversation. */
export interface Runtime {
  config: Config;
  kb: Knowledge;
  log: Logger;
  stores: Stores;
  conversation: Conversation;
}

/**
 * Reads the configuration and knowledge and opens the stores. Configuration and
 * knowledge errors throw with messages naming what is wrong, before anything starts.
 */
export function openRuntime(env: Record<string, string | undefined> = process.env): Runtime {
  const config = readConfig(env);
  const kb = loadKnowledge();
  const log = createLogger(config.LOG_LEVEL);
  const stores = openStores(config, log);
  return { config, kb, log, stores, conversation: new Conversation(stores.sessions, kb, log) };
}
