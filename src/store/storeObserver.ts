/** Told what the Redis store meets, for metrics; every method is optional to implement. */
export interface StoreObserver {
  /** A compare-and-set lost to another writer; `retrying` is false when the update gives up. */
  versionConflict(retrying: boolean): void;
  /** The Redis client reported a connection error (refused, reset, timed out…). */
  redisError(): void;
  /**
   * Whether calls are being refused at once because Redis is known to be down (the breaker is
   * open) or go through (closed).
   */
  circuit(open: boolean): void;
}

/** An observer that ignores everything. */
export const storeUnobserved: StoreObserver = {
  versionConflict: () => {},
  redisError: () => {},
  circuit: () => {},
};
