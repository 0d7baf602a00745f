/**
 * Work a shutdown must let finish: each platform registers an update while it is being handled
 * (from arrival to the last reply sent), and the shutdown waits for the count to reach zero.
 */
export class InFlight {
  readonly #open = new Map<string, number>();
  #idle: (() => void)[] = [];

  /** How many updates are being handled now, in total. */
  get size(): number {
    let total = 0;
    for (const count of this.#open.values()) total += count;
    return total;
  }

  /** Updates being handled now, by platform, e.g. { discord: 2 }. */
  byPlatform(): Record<string, number> {
    return Object.fromEntries([...this.#open].filter(([, count]) => count > 0));
  }

  /** Counts `work` as in flight on `platform` until it settles; returns it unchanged. */
  track<T>(platform: string, work: Promise<T>): Promise<T> {
    this.#open.set(platform, (this.#open.get(platform) ?? 0) + 1);
    const settle = () => {
      this.#open.set(platform, (this.#open.get(platform) ?? 1) - 1);
      if (this.size === 0) {
        for (const resolve of this.#idle) resolve();
        this.#idle = [];
      }
    };
    work.then(settle, settle);
    return work;
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs` with work still open. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<true>((resolve) => this.#idle.push(() => resolve(true)));
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([idle, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
