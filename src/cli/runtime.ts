import { Conversation } from '../bots/conversation.ts';
import { unobserved } from '../bots/turnObserver.ts';
import { type Config, readConfig } from '../config.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import { createLogger, type Logger } from '../log.ts';
import { InFlight } from '../serving/inFlight.ts';
import { Metrics } from '../serving/metrics.ts';
import { loggedTurns } from '../serving/turnLog.ts';
import { openStores, type Stores } from '../store/openSessionStore.ts';

/** What a running bot needs: configuration, knowledge, logger, stores and the conversation. */
export interface Runtime {
  config: Config;
  kb: Knowledge;
  log: Logger;
  stores: Stores;
  conversation: Conversation;
  /** What /metrics shows (when serving); the conversation and the stores report into it. */
  metrics?: Metrics;
  /** Updates being handled now, which a shutdown waits for. */
  inFlight: InFlight;
}

/**
 * Reads the configuration and knowledge and opens the stores. Configuration and
 * knowledge errors throw with messages naming what is wrong, before anything starts.
 */
export function openRuntime(
  env: Record<string, string | undefined> = process.env,
  options: { serving?: boolean } = {},
): Runtime {
  const config = readConfig(env);
  const kb = loadKnowledge();
  const log = createLogger(config.LOG_LEVEL, process.stderr, {
    pretty: config.LOG_PRETTY,
    production: env.NODE_ENV === 'production',
  });
  const inFlight = new InFlight();
  // Only a serving process counts turns; the terminal chat has no /metrics to show them.
  const metrics = options.serving ? new Metrics(() => inFlight.size) : undefined;
  const stores = openStores(config, log, metrics);
  const conversation = new Conversation(
    stores.sessions,
    kb,
    log,
    metrics ? loggedTurns(log, metrics) : unobserved,
  );
  return { config, kb, log, stores, conversation, inFlight, ...(metrics ? { metrics } : {}) };
}
