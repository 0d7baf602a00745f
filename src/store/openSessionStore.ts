import type { Config } from '../config.ts';
import type { Session } from '../dialogue/session.ts';
import { sessionCodec } from '../dialogue/sessionCodec.ts';
import type { Logger } from '../log.ts';
import { MemorySessionStore } from './memorySessionStore.ts';
import { RedisSessionStore } from './redisSessionStore.ts';
import type { SessionStore } from './sessionStore.ts';
import { MemoryUpdateClaims, RedisUpdateClaims, type UpdateClaims } from './updateClaims.ts';

/** The stores a running bot uses. */
export interface Stores {
  sessions: SessionStore<Session>;
  claims: UpdateClaims;
  /** `redis` or `memory`, for the start-up line. */
  kind: 'redis' | 'memory';
  close(): Promise<void>;
}

/** Opens Redis stores when REDIS_URL is set, in-memory ones otherwise. */
export function openStores(config: Config, log: Logger): Stores {
  const ttlSeconds = config.SESSION_TTL_DAYS * 24 * 60 * 60;
  if (config.REDIS_URL && config.SESSION_SALT) {
    const onConnectionError = (error: Error) =>
      log.warn({ reason: error.message }, 'redis connection problem');
    const sessions = new RedisSessionStore<Session>({
      url: config.REDIS_URL,
      codec: sessionCodec,
      salt: config.SESSION_SALT,
      ttlSeconds,
      onConnectionError,
    });
    const claims = new RedisUpdateClaims({ url: config.REDIS_URL, onConnectionError });
    return { sessions, claims, kind: 'redis', close: () => closeBoth(sessions, claims) };
  }
  const sessions = new MemorySessionStore<Session>({ codec: sessionCodec, ttlSeconds });
  const claims = new MemoryUpdateClaims();
  return { sessions, claims, kind: 'memory', close: () => closeBoth(sessions, claims) };
}

async function closeBoth(sessions: SessionStore<Session>, claims: UpdateClaims): Promise<void> {
  await Promise.allSettled([sessions.close(), claims.close()]);
}
