/** The things counted for metrics: how many, never what (no score, no person, no text). */
export type CountName =
  | 'scores_logged'
  | 'reminders_scheduled'
  | 'reminders_sent'
  | 'reminders_failed'
  | 'reminders_cancelled';

/**
 * Somewhere counts go. A small interface of our own: the serving process's prom-client
 * {@link import('../serving/metrics.ts').Metrics} implements it; tests keep counts in memory.
 */
export interface Counts {
  increment(name: CountName, by?: number): void;
}

/** Counts that go nowhere, for callers that don't report metrics. */
export const noCounts: Counts = { increment: () => {} };

/** Counts kept in memory: for tests, and readable until a metrics endpoint exists. */
export class MemoryCounts implements Counts {
  private readonly values = new Map<CountName, number>();

  /** Adds `by` (default 1) to a count. */
  increment(name: CountName, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }

  /** The current value of a count (0 if never counted). */
  get(name: CountName): number {
    return this.values.get(name) ?? 0;
  }
}
