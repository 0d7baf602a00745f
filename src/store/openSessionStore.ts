import type { Config } from '../config.ts';
import type { Session } from '../dialogue/session.ts';
import { sessionCodec } from '../dialogue/sessionCodec.ts';
import type { Logger } from '../log.ts';
import { MemorySessionStore } from './memorySessionStore.ts';
import type { RedisTarget } from './redisConnection.ts';
import { RedisSessionStore } from './redisSessionStore.ts';
import type { SessionStore } from './sessionStore.ts';
import { type StoreObserver, storeUnobserved } from './storeObserver.ts';

/** The stores a running bot uses. */
export interface Stores {
  /** Sessions, which also carry each person's recent update ids and unsent replies. */
  sessions: SessionStore<Session>;
  /** `redis` or `memory`, for the start-up line. */
  kind: 'redis' | 'memory';
  close(): Promise<void>;
}

/** Where Redis is according to the configuration, or undefined when sessions stay in memory. */
export function redisTarget(config: Config): RedisTarget | undefined {
  if (config.REDIS_CLUSTER_NODES)
    return { kind: 'cluster', nodes: config.REDIS_CLUSTER_NODES, password: config.REDIS_PASSWORD };
  if (config.REDIS_SENTINELS && config.REDIS_SENTINEL_NAME)
    return {
      kind: 'sentinel',
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_NAME,
      password: config.REDIS_PASSWORD,
    };
  if (config.REDIS_URL) return { kind: 'standalone', url: config.REDIS_URL };
  return undefined;
}

/**
 * Opens Redis stores when Redis is configured (REDIS_URL, REDIS_CLUSTER_NODES or
 * REDIS_SENTINELS), in-memory ones otherwise.
 */
export function openStores(
  config: Config,
  log: Logger,
  observer: StoreObserver = storeUnobserved,
): Stores {
  const ttlSeconds = config.SESSION_TTL_DAYS * 24 * 60 * 60;
  const target = redisTarget(config);
  if (target && config.SESSION_SALT) {
    const sessions = new RedisSessionStore<Session>({
      target,
      codec: sessionCodec,
      salt: config.SESSION_SALT,
      ttlSeconds,
      onConnectionError: (error: Error) =>
        log.warn({ reason: error.message }, 'redis connection problem'),
      onBreakerChange: (reason) => {
        if (reason === undefined) log.info('redis answers again; circuit closed');
        else log.warn({ reason }, 'redis marked down; answering at once until a probe succeeds');
      },
      observer,
    });
    return { sessions, kind: 'redis', close: () => sessions.close() };
  }
  const sessions = new MemorySessionStore<Session>({ codec: sessionCodec, ttlSeconds });
  return { sessions, kind: 'memory', close: () => sessions.close() };
}
