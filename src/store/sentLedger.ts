/** How many recent update ids a person's session keeps: far more than a platform redelivers at once. */
export const RECENT_UPDATE_IDS = 8;

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
  /** Clears one person's stored outbox if it still belongs to `updateId`. */
  clear: (key: string, updateId: string) => Promise<unknown>;
  /** Most people tracked at once; the oldest are dropped (they read as unsent). Default 100,000. */
  capacity?: number;
}

interface Entry {
  updateId: string;
  state: 'sending' | 'sent' | 'unsent';
  timer?: NodeJS.Timeout;
}

/**
 * What this process knows about the outboxes it saved, one per person: being sent, sent (and
 * waiting to be cleared) or not sent. The stored outbox alone cannot tell "sent" from "not yet
 * sent"; this ledger can, for the process that saved it. A sent outbox is cleared in Redis by
 * the person's next turn, which replaces it in the same write; only when no turn comes within
 * `delayMs` does clearing cost a round trip of its own.
 */
export class SentLedger {
  readonly #entries = new Map<string, Entry>();
  readonly #delayMs: number;
  readonly #clear: (key: string, updateId: string) => Promise<unknown>;
  readonly #capacity: number;

  /** Starts empty. */
  constructor(options: SentLedgerOptions) {
    this.#delayMs = options.delayMs;
    this.#clear = options.clear;
    this.#capacity = options.capacity ?? 100_000;
  }

  /** The person's outbox for `updateId` was just saved (or taken over) and is being sent. */
  sending(key: string, updateId: string): void {
    const previous = this.#entries.get(key);
    if (previous?.timer) clearTimeout(previous.timer);
    this.#entries.delete(key);
    this.#entries.set(key, { updateId, state: 'sending' });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#drop(oldest);
    }
  }

  /** The platform confirmed (`sent`) or refused the replies of `updateId`. */
  settle(key: string, updateId: string, sent: boolean): void {
    const entry = this.#entries.get(key);
    if (entry?.updateId !== updateId) return;
    entry.state = sent ? 'sent' : 'unsent';
    if (sent) this.#schedule(key, entry, this.#delayMs);
  }

  /** True unless this process knows the outbox of `updateId` was sent or is being sent. */
  isUnsent(key: string, updateId: string): boolean {
    const entry = this.#entries.get(key);
    return entry?.updateId !== updateId || entry.state === 'unsent';
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
      await this.#clear(key, entry.updateId);
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
