import { appendRecentId, MAX_HELD_TURNS } from './sentLedger.ts';
import {
  DEFAULT_SESSION_TTL_SECONDS,
  type Delivery,
  type DeliveryTurn,
  type PersonKey,
  type SessionCodec,
  type SessionStore,
  type SessionTurn,
  type StoreOperation,
  StoreUnavailableError,
} from './sessionStore.ts';

/** Options for MemorySessionStore. */
export interface MemorySessionStoreOptions<S> {
  codec: SessionCodec<S>;
  /** Idle lifetime of a session, refreshed by update and read; default 30 days. */
  ttlSeconds?: number;
  /** Milliseconds clock, injectable so tests can move time; default Date.now. */
  now?: () => number;
}

interface Entry {
  /** Undefined after a delivered turn deleted the session but its ids and outbox remain. */
  encoded: string | undefined;
  expiresAt: number;
  /** Recent update ids, space-separated, as in Redis. */
  ids?: string;
  /** Replies saved but not confirmed sent: one list per held update, oldest first. */
  outbox?: { updateIds: string[]; encoded: string[]; state: 'sending' | 'unsent' };
}

/**
 * Sessions in process memory, for development and tests, with the same semantics as the
 * Redis store: sessions are stored encoded (so callers never share objects with the store and
 * unreadable data reads as undefined), expire after an idle TTL, and updates are atomic.
 * Atomicity needs no versions here: read, turn and write happen in one synchronous step, so
 * concurrent async callers are applied one after another and a turn is never re-run.
 */
export class MemorySessionStore<S> implements SessionStore<S> {
  readonly #entries = new Map<PersonKey, Entry>();
  readonly #codec: SessionCodec<S>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #nextSweepAt = 0;
  #closed = false;

  /** Creates an empty store. */
  constructor(options: MemorySessionStoreOptions<S>) {
    const ttlSeconds = options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
    }
    this.#codec = options.codec;
    this.#ttlMs = ttlSeconds * 1000;
    this.#now = options.now ?? Date.now;
  }

  async update<T>(
    person: PersonKey,
    turn: (current: S | undefined) => SessionTurn<S, T>,
  ): Promise<T> {
    this.#assertOpen('update');
    const now = this.#now();
    this.#sweep(now);
    const entry = this.#live(person, now);
    const { session, result } = turn(this.#decoded(entry));
    if (session === null) {
      this.#entries.delete(person);
    } else {
      this.#entries.set(person, {
        ...entry,
        encoded: this.#codec.encode(session),
        expiresAt: now + this.#ttlMs,
      });
    }
    return result;
  }

  async deliver(
    person: PersonKey,
    updateId: string,
    turn: (current: S | undefined) => DeliveryTurn<S>,
  ): Promise<Delivery> {
    this.#assertOpen('deliver');
    const now = this.#now();
    this.#sweep(now);
    const entry = this.#live(person, now);
    const held = entry?.outbox;
    if (held?.updateIds.includes(updateId)) {
      if (held.state === 'sending') return { kind: 'done' };
      held.state = 'sending';
      return this.#handOut('resend', person, held);
    }
    if (entry?.ids?.split(' ').includes(updateId)) return { kind: 'done' };
    // Replies whose send failed go out first, with the new turn's (bounded, like Redis).
    const keep = MAX_HELD_TURNS - 1;
    const carried = held?.state === 'unsent' ? held : { updateIds: [], encoded: [] };
    const { session, outbox } = turn(this.#decoded(entry));
    const stored = {
      updateIds: [...carried.updateIds.slice(-keep), updateId],
      encoded: [...carried.encoded.slice(-keep), outbox],
      state: 'sending' as const,
    };
    this.#entries.set(person, {
      encoded: session === null ? undefined : this.#codec.encode(session),
      // Like Redis: a forgotten person's ids and outbox stay at most a day.
      expiresAt: now + (session === null ? Math.min(this.#ttlMs, 86_400_000) : this.#ttlMs),
      ids: appendRecentId(entry?.ids ?? '', updateId),
      outbox: stored,
    });
    return this.#handOut('turn', person, stored);
  }

  async claim(person: PersonKey, updateId: string): Promise<boolean> {
    this.#assertOpen('claim');
    const now = this.#now();
    this.#sweep(now);
    const entry = this.#live(person, now);
    if (entry?.ids?.split(' ').includes(updateId)) return false;
    const ids = appendRecentId(entry?.ids ?? '', updateId);
    if (entry) entry.ids = ids;
    // Someone with no session yet: their ids alone, at most a day, as in Redis.
    else
      this.#entries.set(person, {
        encoded: undefined,
        expiresAt: now + Math.min(this.#ttlMs, 86_400_000),
        ids,
      });
    return true;
  }

  // In one process the outbox can be cleared the moment it is sent: that costs nothing here.
  #handOut(
    kind: 'turn' | 'resend',
    person: PersonKey,
    held: NonNullable<Entry['outbox']>,
  ): Delivery {
    let settled = false;
    return {
      kind,
      outbox: held.encoded.at(-1) ?? '',
      earlier: held.encoded.slice(0, -1),
      settle: (sent) => {
        if (settled) return;
        settled = true;
        const entry = this.#entries.get(person);
        if (entry?.outbox !== held) return;
        if (sent) entry.outbox = undefined;
        else held.state = 'unsent';
      },
    };
  }

  async read(person: PersonKey): Promise<S | undefined> {
    this.#assertOpen('read');
    const now = this.#now();
    const entry = this.#live(person, now);
    if (entry === undefined) return undefined;
    entry.expiresAt = now + this.#ttlMs;
    return this.#decoded(entry);
  }

  async forget(person: PersonKey): Promise<void> {
    this.#assertOpen('forget');
    this.#entries.delete(person);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
  }

  #decoded(entry: Entry | undefined): S | undefined {
    return entry?.encoded === undefined ? undefined : this.#codec.decode(entry.encoded);
  }

  #assertOpen(operation: StoreOperation): void {
    if (this.#closed) throw new StoreUnavailableError(operation, 'store is closed');
  }

  #live(person: PersonKey, now: number): Entry | undefined {
    const entry = this.#entries.get(person);
    // Like Redis, a key is still alive at the very millisecond it expires.
    if (entry === undefined || entry.expiresAt >= now) return entry;
    this.#entries.delete(person);
    return undefined;
  }

  // Expired entries of people who never come back would otherwise stay forever; sweeping at
  // most once a minute keeps the cost off the typical turn without needing a timer handle.
  #sweep(now: number): void {
    if (now < this.#nextSweepAt) return;
    this.#nextSweepAt = now + 60_000;
    for (const [person, entry] of this.#entries) {
      if (entry.expiresAt < now) this.#entries.delete(person);
    }
  }
}
