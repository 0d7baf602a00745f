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

/**
 * What a turn delivered exactly once hands back to the store: the session to save (or `null`
 * to delete it) and the replies, already encoded, kept in the session's outbox until sent. The
 * encoded replies must not contain U+001E (JSON never does): the store joins outboxes with it.
 */
export interface DeliveryTurn<S> {
  session: S | null;
  outbox: string;
}

/**
 * The outcome of {@link SessionStore.deliver}:
 * - `turn`: the turn ran now and was saved with its outbox;
 * - `resend`: an earlier delivery of the same update was saved but not sent, so its stored
 *   outbox comes back and the turn is not run again;
 * - `done`: the update was handled and its replies sent already (or are being sent by
 *   another process); there is nothing to do.
 *
 * `earlier` holds outboxes of this person's earlier updates that were saved but not sent (a send
 * that failed, a write that timed out but landed), oldest first, at most a few; send them
 * first. A `resend` hands back the same: every turn still held, in order.
 * After sending, call `settle(true)` so the outbox is cleared, or `settle(false)` if the
 * platform refused, so a redelivery sends it again.
 */
export type Delivery =
  | { kind: 'turn' | 'resend'; outbox: string; earlier: string[]; settle(sent: boolean): void }
  | { kind: 'done' };

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
  /**
   * Runs `turn` for one platform update exactly once: the update id is checked against the ids
   * recently seen in the person's session and saved with the session, atomically. A redelivered
   * update whose replies were saved but never sent gets them back instead of a second run.
   * Same purity, conflict and error rules as `update`.
   */
  deliver(
    person: PersonKey,
    updateId: string,
    turn: (current: S | undefined) => DeliveryTurn<S>,
  ): Promise<Delivery>;
  /**
   * Records an update that runs no turn (a notice, a pointer to a private chat) among the
   * person's recent update ids, atomically. Resolves true the first time, false for a
   * redelivery, which should then send nothing. No key per update: the ids live with the
   * session (a person without one gets a small record of ids, kept at most a day).
   */
  claim(person: PersonKey, updateId: string): Promise<boolean>;
  /** The current session, or undefined if none, expired or unreadable; refreshes its TTL. */
  read(person: PersonKey): Promise<S | undefined>;
  /** Deletes everything stored about the person. */
  forget(person: PersonKey): Promise<void>;
  /** Releases the store's resources; every later call rejects with StoreUnavailableError. */
  close(): Promise<void>;
}

/** The store operations an error can be about; also the vocabulary of log fields. */
export type StoreOperation = 'update' | 'read' | 'forget' | 'deliver' | 'claim';

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
   * @param outcome `not_applied` when nothing was saved; `unknown` when a write timed out and
   *   even the read-back failed, so it may have landed
   */
  constructor(
    readonly operation: StoreOperation,
    readonly reason: string,
    readonly outcome: 'not_applied' | 'unknown' = 'not_applied',
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
