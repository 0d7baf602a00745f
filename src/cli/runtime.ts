import { Conversation } from '../bots/conversation.ts';
import { unobserved } from '../bots/turnObserver.ts';
import { type Config, readConfig } from '../config.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import { createLogger, type Logger } from '../log.ts';
import {
  type InProcessReminders,
  openInProcessReminders,
} from '../reminders/inProcessReminders.ts';
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
  /** The reminder queue and in-process worker: when serving with REDIS_URL and REMINDER_KEY. */
  reminders?: InProcessReminders;
}

/**
 * Reads the configuration and knowledge and opens the stores. Configuration and
 * knowledge errors throw with messages naming what is wrong, before anything starts.
 */
export function openRuntime(
  env: Record<string, string | undefined> = process.env,
  options: {
    serving?: boolean /** The conversation's clock (tests move it). */;
    now?: () => number;
  } = {},
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
  // Reminders are delivered by a platform client, so only a process serving one runs them.
  const platform = config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN;
  const reminders =
    metrics && platform && config.REDIS_URL && config.REMINDER_KEY && config.SESSION_SALT
      ? openInProcessReminders({
          redisUrl: config.REDIS_URL,
          reminderKey: config.REMINDER_KEY,
          salt: config.SESSION_SALT,
          log,
          counts: metrics,
        })
      : undefined;
  const conversation = new Conversation(
    stores.sessions,
    kb,
    log,
    metrics ? loggedTurns(log, metrics) : unobserved,
    {
      ...(metrics ? { counts: metrics } : {}),
      ...(reminders
        ? {
            onForget: (person) => reminders.forget(person),
            stopReminders: (person, kind) =>
              reminders.queue.cancel(reminders.personId(person), kind),
            listReminders: (person) => reminders.queue.list(reminders.personId(person)),
            scheduleReminder: (person, checkIn) => reminders.schedule(person, checkIn),
          }
        : {}),
      ...(options.now ? { now: options.now } : {}),
    },
  );
  return {
    config,
    kb,
    log,
    stores,
    conversation,
    inFlight,
    ...(metrics ? { metrics } : {}),
    ...(reminders ? { reminders } : {}),
  };
}
