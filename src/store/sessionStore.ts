/** A platform-qualified person id, e.g. 'telegram:12345' or 'discord:9876'. Never stored raw. */
export type PersonKey = string;

/** How a store turns a session into a string and back; decode returns undefined for unreadable data. */
export interface SessionCodec<S> {
  /** Serialises a session for storage. */
  encode(session: S): string;
  /** Parses stored data; returns undefined (never throws) when it is unreadable or outdated. */
  decode(raw: string): S | undefined;
}

/**
 * What one turn hands back to the store: the session to save (or `null` to delete the person's
 * session in the same atomic step) and the value `update` resolves with.
 */
export interface SessionTurn<S, T> {
  session: S | null;
  result: T;
}

/** How long a session lives without being used: 30 days, refreshed by every update and read. */
export const DEFAULT_SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

/** One atomic read-modify-write per turn. */
export interface SessionStore<S> {
  /**
   * Runs `turn` on the current session (undefined if none, expired or unreadable) and saves its
   * result atomically; `turn` must be pure because it may be re-run on a version conflict.
   * Returning `session: null` deletes the session. If `turn` throws, nothing is saved and the
   * error propagates. Resolves with turn's result.
   */
  update<T>(person: PersonKey, turn: (current: S | undefined) => SessionTurn<S, T>): Promise<T>;
  /** The current session, or undefined if none, expired or unreadable; refreshes its TTL. */
  read(person: PersonKey): Promise<S | undefined>;
  /** Deletes everything stored about the person. */
  forget(person: PersonKey): Promise<void>;
  /** Releases the store's resources; every later call rejects with StoreUnavailableError. */
  close(): Promise<void>;
}

/** The store operations an error can be about; also the vocabulary of log fields. */
export type StoreOperation = 'update' | 'read' | 'forget' | 'claim';

/**
 * The backing store could not be reached in time (Redis down, timeouts, store closed).
 * The message names only the operation and the transport's reason, never a person id or
 * session content, so it is safe to log as is.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  /**
   * @param operation the store call that failed
   * @param reason the transport's own explanation, e.g. 'Command timed out'
   */
  constructor(
    readonly operation: StoreOperation,
    readonly reason: string,
  ) {
    super(`store unavailable during ${operation}: ${reason}`);
  }
}

/** An update lost the version race `attempts` times in a row and gave up. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';

  /** @param attempts how many times the turn was run before giving up */
  constructor(readonly attempts: number) {
    super(`session update gave up after ${attempts} version conflicts`);
  }
}
