/** How many recent update ids a person's session keeps: far more than a platform redelivers at once. */
export const RECENT_UPDATE_IDS = 8;

/**
 * How many turns' replies an outbox holds at most while sends keep failing: the unsent replies
 * of earlier turns go out, in order, before the next turn's. Older ones are dropped beyond
 * this, so a person whose chat refuses every message can't grow their session without bound.
 */
export const MAX_HELD_TURNS = 4;

/** Adds an update id to a space-separated list of recent ids, keeping the newest few. */
export function appendRecentId(ids: string, updateId: string): string {
  const kept = ids === '' ? [] : ids.split(' ').filter((id) => id !== updateId);
  kept.push(updateId);
  return kept.slice(-RECENT_UPDATE_IDS).join(' ');
}

/** Options for SentLedger. */
export interface SentLedgerOptions {
  /** How long a sent outbox waits for the person's next turn to replace it. */
  delayMs: number;
  /** Clears one person's stored outbox if it still holds exactly `held` (its update ids). */
  clear: (key: string, held: string) => Promise<unknown>;
  /** Marks one person's stored outbox as nobody's (its send failed), if it still holds `held`. */
  release: (key: string, held: string) => Promise<unknown>;
  /** Most people tracked at once; the oldest are dropped (they read as unsent). Default 100,000. */
  capacity?: number;
}

interface Entry {
  /** The update ids the outbox holds, space-separated, as in its stored header. */
  held: string;
  state: 'sending' | 'sent' | 'unsent';
  timer?: NodeJS.Timeout;
}

/**
 * What this process knows about the outboxes it saved, one per person: being sent, sent (and
 * waiting to be cleared) or not sent. The stored outbox alone cannot tell "sent" from "not yet
 * sent"; this ledger can, for the process that saved it. A sent outbox is cleared in Redis by
 * the person's next turn, which replaces it in the same write; only when no turn comes within
 * `delayMs` does clearing cost a round trip of its own. A failed send is written back at once
 * (one round trip, only on failure), so other processes know the outbox is nobody's.
 */
export class SentLedger {
  readonly #entries = new Map<string, Entry>();
  readonly #delayMs: number;
  readonly #clear: SentLedgerOptions['clear'];
  readonly #release: SentLedgerOptions['release'];
  readonly #capacity: number;

  /** Starts empty. */
  constructor(options: SentLedgerOptions) {
    this.#delayMs = options.delayMs;
    this.#clear = options.clear;
    this.#release = options.release;
    this.#capacity = options.capacity ?? 100_000;
  }

  /** The person's outbox holding `held` was just saved (or taken over) and is being sent. */
  sending(key: string, held: string): void {
    const previous = this.#entries.get(key);
    if (previous?.timer) clearTimeout(previous.timer);
    this.#entries.delete(key);
    this.#entries.set(key, { held, state: 'sending' });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#drop(oldest);
    }
  }

  /** The platform confirmed (`sent`) or refused the replies of the outbox holding `held`. */
  settle(key: string, held: string, sent: boolean): void {
    const entry = this.#entries.get(key);
    if (entry?.held !== held) return;
    entry.state = sent ? 'sent' : 'unsent';
    if (sent) this.#schedule(key, entry, this.#delayMs);
    // Best effort: if Redis is down too, this process still knows, and the owner's lease
    // runs out for the others.
    else void this.#release(key, held).catch(() => undefined);
  }

  /** True unless this process knows the outbox holding `held` was sent or is being sent. */
  isUnsent(key: string, held: string): boolean {
    const entry = this.#entries.get(key);
    return entry?.held !== held || entry.state === 'unsent';
  }

  /** Clears every sent outbox now (on close), so no other process sends it again. */
  async flush(): Promise<void> {
    const sent = [...this.#entries].filter(([, e]) => e.state === 'sent');
    await Promise.allSettled(sent.map(([key, entry]) => this.#clearNow(key, entry)));
    for (const key of [...this.#entries.keys()]) this.#drop(key);
  }

  #schedule(key: string, entry: Entry, delayMs: number): void {
    entry.timer = setTimeout(() => void this.#clearNow(key, entry, delayMs), delayMs);
    // Clearing is housekeeping: it must never keep a finished process alive.
    entry.timer.unref();
  }

  async #clearNow(key: string, entry: Entry, lastDelayMs = this.#delayMs): Promise<void> {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    try {
      await this.#clear(key, entry.held);
    } catch {
      // Redis is down; a stale outbox would only be sent again by another process after its
      // lease, so retry gently rather than give up.
      if (this.#entries.get(key) === entry)
        this.#schedule(key, entry, Math.min(lastDelayMs * 4, 30_000));
      return;
    }
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (entry?.timer) clearTimeout(entry.timer);
    this.#entries.delete(key);
  }
}
