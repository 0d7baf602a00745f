/** Options for CircuitBreaker. */
export interface CircuitBreakerOptions {
  /** One cheap round trip to the backing store; resolves when it answered. */
  probe: () => Promise<unknown>;
  /** Gap between probes while open; default 250 ms. */
  probeIntervalMs?: number;
  /** Told when the breaker opens (with the reason) or closes (undefined), e.g. to log it. */
  onChange?: (reason: string | undefined) => void;
}

/**
 * Remembers that the backing store is down, so callers are answered at once instead of each
 * waiting out its own timeout. Opened by `trip` after a timeout or connection error; while
 * open it probes in the background and closes on the first probe that succeeds.
 */
export class CircuitBreaker {
  readonly #probe: () => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #onChange: (reason: string | undefined) => void;
  #reason: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  /** Starts closed. */
  constructor(options: CircuitBreakerOptions) {
    this.#probe = options.probe;
    this.#intervalMs = options.probeIntervalMs ?? 250;
    this.#onChange = options.onChange ?? (() => {});
  }

  /** Why the store is marked down, or undefined while it is believed up. */
  get openReason(): string | undefined {
    return this.#reason;
  }

  /** Marks the store down and starts probing, unless it is already open. */
  trip(reason: string): void {
    if (this.#stopped || this.#reason !== undefined) return;
    this.#reason = reason;
    this.#onChange(reason);
    this.#schedule();
  }

  /** Stops probing for good (the store is closing). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#probeOnce(), this.#intervalMs);
    // A breaker must never keep a finished process alive.
    this.#timer.unref();
  }

  async #probeOnce(): Promise<void> {
    this.#timer = undefined;
    try {
      await this.#probe();
    } catch {
      this.#schedule();
      return;
    }
    if (this.#stopped || this.#reason === undefined) return;
    this.#reason = undefined;
    this.#onChange(undefined);
  }
}
