import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { createPersonKeyHasher, type PersonKeyHasher } from './personKeyHash.ts';
import { StoreRedisConnection, type StoreRedisConnectionOptions } from './redisConnection.ts';
import {
  DEFAULT_SESSION_TTL_SECONDS,
  type PersonKey,
  type SessionCodec,
  type SessionStore,
  type SessionTurn,
  StoreConflictError,
  type StoreOperation,
} from './sessionStore.ts';

/** How many times an update runs its turn before giving up with StoreConflictError. */
export const DEFAULT_MAX_UPDATE_ATTEMPTS = 20;

/** Options for RedisSessionStore. */
export interface RedisSessionStoreOptions<S> extends StoreRedisConnectionOptions {
  codec: SessionCodec<S>;
  /** Hex secret for hashing person keys; see createPersonKeyHasher. */
  salt: string;
  /** Idle lifetime of a session, refreshed by update and read; default 30 days. */
  ttlSeconds?: number;
  /** Turn runs per update before StoreConflictError; default 20. */
  maxAttempts?: number;
}

const SESSION_KEY_PREFIX = 'trajectory:session:';

// Fetches version and session in one round trip and refreshes the TTL in the same step, so
// every use keeps the session alive without a second command (and never revives a missing key).
// A key of another type (a string someone SET by hand) is stored data we can't read, not an
// outage: it comes back as unreadable bytes, so the person gets a fresh session and a notice.
const READ_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  return {'', ''}
end
local fields = redis.call('HMGET', KEYS[1], 'v', 's')
if fields[1] or fields[2] then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return fields
`;

// Compare-and-set on the version field: the write (or delete) happens only if nobody else
// wrote since our read. An absent version is compared as ''. Returns 1 on success, 0 on conflict.
// A key of another type, read as unreadable with version '', is replaced.
const SWAP_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  if ARGV[1] ~= '' then
    return 0
  end
  redis.call('DEL', KEYS[1])
end
local current = redis.call('HGET', KEYS[1], 'v') or ''
if current ~= ARGV[1] then
  return 0
end
if ARGV[3] == 'delete' then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 's', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

interface StoredSession {
  /** '' when the key does not exist. */
  version: string;
  encoded: string | undefined;
}

/**
 * Sessions in Redis, one hash per person at `trajectory:session:<hmac>` with fields `v`
 * (a random version token) and `s` (the encoded session). Updates are optimistic: read,
 * run the turn locally, then compare-and-set on `v` in Lua; on a conflict the turn is re-run
 * after a jittered backoff. Within one process, updates for the same person are queued so
 * they never race each other, which leaves version conflicts to cross-process races.
 */
export class RedisSessionStore<S> implements SessionStore<S> {
  readonly #connection: StoreRedisConnection;
  readonly #codec: SessionCodec<S>;
  readonly #hash: PersonKeyHasher;
  readonly #ttlMs: number;
  readonly #maxAttempts: number;
  readonly #queue = new PerPersonQueue();
  readonly #readScript: ScriptCall;
  readonly #swapScript: ScriptCall;
  readonly #observer: RedisSessionStoreOptions<S>['observer'];

  /** Connects to `options.url`; the store owns this connection and quits it on close. */
  constructor(options: RedisSessionStoreOptions<S>) {
    const ttlSeconds = options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_UPDATE_ATTEMPTS;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
    }
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
    }
    this.#hash = createPersonKeyHasher(options.salt);
    this.#codec = options.codec;
    this.#ttlMs = ttlSeconds * 1000;
    this.#maxAttempts = maxAttempts;
    this.#connection = new StoreRedisConnection(options);
    this.#observer = options.observer;
    this.#readScript = defineScript(this.#connection.redis, 'trajectorySessionRead', READ_SCRIPT);
    this.#swapScript = defineScript(this.#connection.redis, 'trajectorySessionSwap', SWAP_SCRIPT);
  }

  async update<T>(
    person: PersonKey,
    turn: (current: S | undefined) => SessionTurn<S, T>,
  ): Promise<T> {
    const key = this.#keyOf(person);
    return this.#queue.run(key, async () => {
      for (let attempt = 1; ; attempt++) {
        const stored = await this.#fetch('update', key);
        const { session, result } = turn(this.#decode(stored));
        // Encoded outside `run` so a codec bug surfaces as itself, not as an outage.
        const change =
          session === null
            ? (['delete', '', 0] as const)
            : (['set', this.#codec.encode(session), this.#ttlMs] as const);
        const written = await this.#connection.run('update', () =>
          this.#swapScript(key, stored.version, randomUUID(), ...change),
        );
        if (written === 1) return result;
        this.#observer?.versionConflict(attempt < this.#maxAttempts);
        if (attempt >= this.#maxAttempts) throw new StoreConflictError(attempt);
        await sleep(conflictBackoffMs(attempt));
      }
    });
  }

  async read(person: PersonKey): Promise<S | undefined> {
    return this.#decode(await this.#fetch('read', this.#keyOf(person)));
  }

  async forget(person: PersonKey): Promise<void> {
    // Every key that holds data about a person is derived from the same hash; list them all here.
    const keys = [this.#keyOf(person)];
    await this.#connection.run('forget', (redis) => redis.del(...keys));
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  #keyOf(person: PersonKey): string {
    return SESSION_KEY_PREFIX + this.#hash(person);
  }

  async #fetch(operation: StoreOperation, key: string): Promise<StoredSession> {
    const reply = await this.#connection.run(operation, () => this.#readScript(key, this.#ttlMs));
    const [version, encoded] = Array.isArray(reply) ? reply : [];
    return {
      version: typeof version === 'string' ? version : '',
      encoded: typeof encoded === 'string' ? encoded : undefined,
    };
  }

  #decode(stored: StoredSession): S | undefined {
    return stored.encoded === undefined ? undefined : this.#codec.decode(stored.encoded);
  }
}

// Full jitter over an exponential ceiling: two writers that collided are unlikely to collide
// again, and the ceiling keeps a conflicted turn's extra latency around a tenth of a second.
function conflictBackoffMs(attempt: number): number {
  return Math.random() * Math.min(100, 4 * 2 ** (attempt - 1));
}

// defineCommand gives EVALSHA with a transparent EVAL fallback after a Redis restart; the
// command is attached dynamically, so this is the one place that reaches for it untyped.
function defineScript(redis: Redis, name: string, lua: string): ScriptCall {
  redis.defineCommand(name, { numberOfKeys: 1, lua });
  const command = (redis as unknown as Record<string, ScriptCall | undefined>)[name];
  if (command === undefined) throw new Error(`ioredis did not define script command ${name}`);
  return command.bind(redis);
}

/** Serialises async tasks per key while letting different keys run concurrently. */
class PerPersonQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
