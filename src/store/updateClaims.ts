import { StoreRedisConnection, type StoreRedisConnectionOptions } from './redisConnection.ts';
import { StoreUnavailableError } from './sessionStore.ts';

/** How long a claim is remembered by default: a day, far longer than any platform redelivers. */
export const DEFAULT_CLAIM_TTL_SECONDS = 24 * 60 * 60;

/** A one-shot ledger: the first claim of an id wins, every later one (in any process) loses. */
export interface UpdateClaims {
  /**
   * True exactly once per id until the claim expires after `ttlSeconds` (default one day);
   * use it to process a redelivered platform update (e.g. a Telegram update_id) only once.
   * Rejects with StoreUnavailableError when the ledger cannot be reached.
   */
  claim(id: string, ttlSeconds?: number): Promise<boolean>;
  /** Releases the ledger's resources; later claims reject with StoreUnavailableError. */
  close(): Promise<void>;
}

const CLAIM_KEY_PREFIX = 'trajectory:claim:';

/** Claims shared by every process on one Redis, as `SET trajectory:claim:<id> 1 NX EX ttl`. */
export class RedisUpdateClaims implements UpdateClaims {
  readonly #connection: StoreRedisConnection;

  /** Connects to `options.url`; the ledger owns this connection and quits it on close. */
  constructor(options: StoreRedisConnectionOptions) {
    this.#connection = new StoreRedisConnection(options);
  }

  async claim(id: string, ttlSeconds = DEFAULT_CLAIM_TTL_SECONDS): Promise<boolean> {
    assertTtl(ttlSeconds);
    const reply = await this.#connection.run('claim', (redis) =>
      redis.set(CLAIM_KEY_PREFIX + id, '1', 'EX', ttlSeconds, 'NX'),
    );
    return reply === 'OK';
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }
}

/** Options for MemoryUpdateClaims. */
export interface MemoryUpdateClaimsOptions {
  /** Milliseconds clock, injectable so tests can move time; default Date.now. */
  now?: () => number;
}

/** Claims within one process, for development and tests; same expiry rules as Redis. */
export class MemoryUpdateClaims implements UpdateClaims {
  readonly #expiresAt = new Map<string, number>();
  readonly #now: () => number;
  #nextSweepAt = 0;
  #closed = false;

  /** Creates an empty ledger. */
  constructor(options: MemoryUpdateClaimsOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  async claim(id: string, ttlSeconds = DEFAULT_CLAIM_TTL_SECONDS): Promise<boolean> {
    assertTtl(ttlSeconds);
    if (this.#closed) throw new StoreUnavailableError('claim', 'store is closed');
    const now = this.#now();
    this.#sweep(now);
    const expiresAt = this.#expiresAt.get(id);
    if (expiresAt !== undefined && expiresAt >= now) return false;
    this.#expiresAt.set(id, now + ttlSeconds * 1000);
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#expiresAt.clear();
  }

  // Update ids only grow, so without a sweep the ledger would keep every id it ever saw.
  #sweep(now: number): void {
    if (now < this.#nextSweepAt) return;
    this.#nextSweepAt = now + 60_000;
    for (const [id, expiresAt] of this.#expiresAt) {
      if (expiresAt < now) this.#expiresAt.delete(id);
    }
  }
}

function assertTtl(ttlSeconds: number): void {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
}
