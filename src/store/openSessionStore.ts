import type { Config } from '../config.ts';
import type { Session } from '../dialogue/session.ts';
import { sessionCodec } from '../dialogue/sessionCodec.ts';
import type { Logger } from '../log.ts';
import { MemorySessionStore } from './memorySessionStore.ts';
import { RedisSessionStore } from './redisSessionStore.ts';
import type { SessionStore } from './sessionStore.ts';

/** The stores a running bot uses. */
export interface Stores {
  /** Sessions, which also carry each person's recent update ids and unsent replies. */
  sessions: SessionStore<Session>;
  /** `redis` or `memory`, for the start-up line. */
  kind: 'redis' | 'memory';
  close(): Promise<void>;
}

/** Opens Redis stores when REDIS_URL is set, in-memory ones otherwise. */
export function openStores(config: Config, log: Logger): Stores {
  const ttlSeconds = config.SESSION_TTL_DAYS * 24 * 60 * 60;
  if (config.REDIS_URL && config.SESSION_SALT) {
    const sessions = new RedisSessionStore<Session>({
      url: config.REDIS_URL,
      codec: sessionCodec,
      salt: config.SESSION_SALT,
      ttlSeconds,
      onConnectionError: (error: Error) =>
        log.warn({ reason: error.message }, 'redis connection problem'),
      onBreakerChange: (reason) => {
        if (reason === undefined) log.info('redis answers again; circuit closed');
        else log.warn({ reason }, 'redis marked down; answering at once until a probe succeeds');
      },
    });
    return { sessions, kind: 'redis', close: () => sessions.close() };
  }
  const sessions = new MemorySessionStore<Session>({ codec: sessionCodec, ttlSeconds });
  return { sessions, kind: 'memory', close: () => sessions.close() };
}
