import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import {
  formatHeader,
  NOBODY,
  OUTBOX_SEPARATOR,
  type OutboxHeader,
  parseHeader,
} from './outboxHeader.ts';
import { createPersonKeyHasher, type PersonKeyHasher } from './personKeyHash.ts';
import {
  StoreNotConnectedError,
  StoreRedisConnection,
  type StoreRedisConnectionOptions,
} from './redisConnection.ts';
import {
  CLAIM_SCRIPT,
  CLEAR_SCRIPT,
  DELIVER_READ_SCRIPT,
  DELIVER_WRITE_SCRIPT,
  READ_BACK_SCRIPT,
  READ_SCRIPT,
  RELEASE_SCRIPT,
  SWAP_SCRIPT,
  TAKE_OVER_SCRIPT,
} from './redisScripts.ts';
import { appendRecentId, MAX_HELD_TURNS, RECENT_UPDATE_IDS, SentLedger } from './sentLedger.ts';
import {
  DEFAULT_SESSION_TTL_SECONDS,
  type Delivery,
  type DeliveryTurn,
  type PersonKey,
  type SessionCodec,
  type SessionStore,
  type SessionTurn,
  StoreConflictError,
  type StoreOperation,
  StoreUnavailableError,
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
  /**
   * How long another process's unsent outbox is left to it before this one takes it over and
   * sends it; default 10 s. Shorter risks a double send from a slow process, longer delays the
   * answer after a crash.
   */
  outboxLeaseMs?: number;
  /**
   * How long a sent outbox waits for the person's next turn to clear it for free before it is
   * cleared on its own; default 250 ms.
   */
  clearDelayMs?: number;
}

/** The Redis key of a person's hash; the braces make every key of one person one Cluster slot. */
export function sessionKey(personHash: string): string {
  return `trajectory:{${personHash}}:session`;
}

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

interface StoredSession {
  /** '' when the key does not exist. */
  version: string;
  encoded: string | undefined;
}

/**
 * Sessions in Redis, one hash per person (see redisScripts.ts for its fields). Updates are
 * optimistic: read, run the turn locally, then compare-and-set on the version in Lua; on a
 * conflict the turn is re-run after a jittered backoff. Within one process, updates for the
 * same person are queued so they never race each other, which leaves version conflicts to
 * cross-process races.
 *
 * `deliver` adds exactly-once delivery in the same two round trips: the read also checks the
 * update id against the ids kept in the hash, and the write saves the id and the outbox with
 * the session. A sent outbox is cleared by the person's next write, or on its own after
 * `clearDelayMs` when no next turn comes. An outbox whose send failed is not replaced by the
 * next turn but carried into its outbox (up to MAX_HELD_TURNS turns), so its replies still go,
 * in order. `claim` records an update that runs no turn in the same ids, in one round trip.
 */
export class RedisSessionStore<S> implements SessionStore<S> {
  readonly #connection: StoreRedisConnection;
  readonly #codec: SessionCodec<S>;
  readonly #hash: PersonKeyHasher;
  readonly #ttlMs: number;
  readonly #maxAttempts: number;
  readonly #leaseMs: number;
  readonly #queue = new PerPersonQueue();
  readonly #scripts: Record<
    | 'read'
    | 'swap'
    | 'deliverRead'
    | 'deliverWrite'
    | 'claim'
    | 'takeOver'
    | 'clear'
    | 'release'
    | 'readBack',
    ScriptCall
  >;
  /** Identifies this process's outboxes, so a redelivery here knows what it already sent. */
  readonly #owner = randomUUID().slice(0, 8);
  readonly #sent: SentLedger;
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
    this.#leaseMs = options.outboxLeaseMs ?? 10_000;
    this.#connection = new StoreRedisConnection(options);
    const redis = this.#connection.redis;
    this.#scripts = {
      read: defineScript(redis, 'trajectorySessionRead', READ_SCRIPT),
      swap: defineScript(redis, 'trajectorySessionSwap', SWAP_SCRIPT),
      deliverRead: defineScript(redis, 'trajectoryDeliverRead', DELIVER_READ_SCRIPT),
      deliverWrite: defineScript(redis, 'trajectoryDeliverWrite', DELIVER_WRITE_SCRIPT),
      claim: defineScript(redis, 'trajectoryClaim', CLAIM_SCRIPT),
      takeOver: defineScript(redis, 'trajectoryOutboxTakeOver', TAKE_OVER_SCRIPT),
      clear: defineScript(redis, 'trajectoryOutboxClear', CLEAR_SCRIPT),
      release: defineScript(redis, 'trajectoryOutboxRelease', RELEASE_SCRIPT),
      readBack: defineScript(redis, 'trajectoryReadBack', READ_BACK_SCRIPT),
    };
    this.#sent = new SentLedger({
      delayMs: options.clearDelayMs ?? 250,
      clear: (key, held) => this.#connection.run('deliver', () => this.#scripts.clear(key, held)),
      release: (key, held) =>
        this.#connection.run('deliver', () => this.#scripts.release(key, held)),
    });
    this.#observer = options.observer;
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
        const version = newVersion();
        const written = await this.#write(key, stored.version, version, () =>
          this.#scripts.swap(key, stored.version, version, ...change),
        );
        if (written) return result;
        this.#observer?.versionConflict(attempt < this.#maxAttempts);
        if (attempt >= this.#maxAttempts) throw new StoreConflictError(attempt);
        await sleep(conflictBackoffMs(attempt));
      }
    });
  }

  async deliver(
    person: PersonKey,
    updateId: string,
    turn: (current: S | undefined) => DeliveryTurn<S>,
  ): Promise<Delivery> {
    const key = this.#keyOf(person);
    return this.#queue.run(key, async () => {
      for (let attempt = 1; ; ) {
        const reply = await this.#connection.run('deliver', () =>
          this.#scripts.deliverRead(key, this.#ttlMs, updateId),
        );
        const fields = Array.isArray(reply) ? (reply as (string | null)[]) : [];
        const [kind, version = ''] = fields;
        if (kind === 'done') return { kind: 'done' };
        if (kind === 'outbox') {
          const [, , outbox, rawHeader] = fields;
          const header = parseHeader(rawHeader);
          if (!header) return { kind: 'done' };
          const held = await this.#heldOutbox(key, version ?? '', header);
          if (held === 'done') return { kind: 'done' };
          if (held === 'wait') continue;
          const turns = (outbox ?? '').split(OUTBOX_SEPARATOR);
          return this.#handOut('resend', key, header.held, turns.pop() ?? '', turns);
        }
        const [, , encoded, ids, rawHeader, stored] = fields;
        const earlier = this.#unsentTurns(key, parseHeader(rawHeader), stored);
        const result = turn(encoded == null ? undefined : this.#codec.decode(encoded));
        if (result.outbox.includes(OUTBOX_SEPARATOR))
          throw new RangeError('an encoded outbox must not contain U+001E');
        const held = [...earlier.ids, updateId].join(' ');
        const next = newVersion();
        const written = await this.#write(key, version ?? '', next, () =>
          this.#scripts.deliverWrite(
            key,
            version ?? '',
            next,
            result.session === null ? 'delete' : 'set',
            result.session === null ? '' : this.#codec.encode(result.session),
            this.#ttlMs,
            appendRecentId(ids ?? '', updateId),
            formatHeader({ owner: this.#owner, savedAt: Date.now(), held }),
            [...earlier.outboxes, result.outbox].join(OUTBOX_SEPARATOR),
          ),
        );
        if (written) return this.#handOut('turn', key, held, result.outbox, earlier.outboxes);
        this.#observer?.versionConflict(attempt < this.#maxAttempts);
        if (attempt >= this.#maxAttempts) throw new StoreConflictError(attempt);
        await sleep(conflictBackoffMs(attempt));
        attempt++;
      }
    });
  }

  async claim(person: PersonKey, updateId: string): Promise<boolean> {
    const key = this.#keyOf(person);
    const fresh = await this.#connection.run('claim', () =>
      this.#scripts.claim(key, this.#ttlMs, updateId, newVersion(), RECENT_UPDATE_IDS),
    );
    return fresh === 1;
  }

  async read(person: PersonKey): Promise<S | undefined> {
    return this.#decode(await this.#fetch('read', this.#keyOf(person)));
  }

  async forget(person: PersonKey): Promise<void> {
    // Every field that holds data about a person lives in this one hash.
    const key = this.#keyOf(person);
    await this.#connection.run('forget', (redis) => redis.del(key));
  }

  async close(): Promise<void> {
    // Sent outboxes still waiting for a next turn are cleared now, so no other process resends them.
    await this.#sent.flush();
    await this.#connection.close();
  }

  #keyOf(person: PersonKey): string {
    return sessionKey(this.#hash(person));
  }

  /**
   * The turns of a stored outbox that were saved but not sent, to go out before the next
   * turn's replies: those this process knows it failed to send, or any marked as nobody's.
   * Anything else is sent or being sent, and the next write replaces it. At most
   * MAX_HELD_TURNS - 1, the newest, so the next turn's replies fit beside them.
   */
  #unsentTurns(
    key: string,
    header: OutboxHeader | undefined,
    stored: string | null | undefined,
  ): { ids: string[]; outboxes: string[] } {
    const none = { ids: [], outboxes: [] };
    if (!header || !stored) return none;
    const mine = header.owner === this.#owner && this.#sent.isUnsent(key, header.held);
    if (!mine && header.owner !== NOBODY) return none;
    const ids = header.held.split(' ');
    const outboxes = stored.split(OUTBOX_SEPARATOR);
    // One reply list per id; anything else was not written by this version, so not trusted.
    if (ids.length !== outboxes.length) return none;
    const keep = MAX_HELD_TURNS - 1;
    return { ids: ids.slice(-keep), outboxes: outboxes.slice(-keep) };
  }

  /**
   * What to do with a redelivered update whose outbox is still stored: `done` if this process
   * sent it (or is sending it), `send` if it was never sent, `wait` while another process may
   * still be sending it (the caller reads again).
   */
  async #heldOutbox(
    key: string,
    version: string,
    header: OutboxHeader,
  ): Promise<'done' | 'send' | 'wait'> {
    if (header.owner === this.#owner)
      return this.#sent.isUnsent(key, header.held) ? 'send' : 'done';
    const age = Date.now() - header.savedAt;
    if (header.owner !== NOBODY && age < this.#leaseMs) {
      // Its owner is probably sending it right now; if that works the outbox is cleared.
      await sleep(Math.min(100, this.#leaseMs - age) + Math.random() * 20);
      return 'wait';
    }
    const taken = await this.#connection.run('deliver', () =>
      this.#scripts.takeOver(
        key,
        version,
        newVersion(),
        formatHeader({ owner: this.#owner, savedAt: Date.now(), held: header.held }),
      ),
    );
    return taken === 1 ? 'send' : 'wait';
  }

  #handOut(
    kind: 'turn' | 'resend',
    key: string,
    held: string,
    outbox: string,
    earlier: string[],
  ): Delivery {
    this.#sent.sending(key, held);
    let settled = false;
    return {
      kind,
      outbox,
      earlier,
      settle: (sent) => {
        if (settled) return;
        settled = true;
        this.#sent.settle(key, held, sent);
      },
    };
  }

  /**
   * Runs a compare-and-set write and says whether it landed. When the write times out or the
   * connection drops, a read-back decides: a write that landed counts as written, one that did
   * not is fenced off so it can never land later. Only when even the read-back fails is the
   * outcome unknown, and the error says so.
   */
  async #write(
    key: string,
    expected: string,
    next: string,
    write: () => Promise<unknown>,
  ): Promise<boolean> {
    try {
      return (await this.#connection.run('update', write)) === 1;
    } catch (error) {
      // Refused by the breaker or never sent: nothing can have landed, so nothing to read back.
      if (
        !(error instanceof StoreUnavailableError) ||
        error instanceof StoreNotConnectedError ||
        error.reason.startsWith('marked down')
      ) {
        throw error;
      }
      let landed: unknown;
      try {
        landed = await this.#connection.run(
          'update',
          () => this.#scripts.readBack(key, expected, next, newVersion(), this.#ttlMs),
          { bypassBreaker: true },
        );
      } catch {
        throw new StoreUnavailableError('update', error.reason, 'unknown');
      }
      if (landed === 1) return true;
      throw error;
    }
  }

  async #fetch(operation: StoreOperation, key: string): Promise<StoredSession> {
    const reply = await this.#connection.run(operation, () => this.#scripts.read(key, this.#ttlMs));
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

// A version only has to differ from every other write to this one key: a random prefix per
// process (48 bits) and a counter do, in about 12 characters (a UUID's 36 would be most of what
// the hash's bookkeeping costs) and without asking the system for random bytes on every write,
// which the CPU profile showed at 3 % of a turn.
const versionPrefix = randomBytes(6).toString('base64url');
let versionCounter = 0;
function newVersion(): string {
  versionCounter += 1;
  return `${versionPrefix}${versionCounter.toString(36)}`;
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
