import { Cluster, Redis, type RedisOptions, ReplyError } from 'ioredis';
import { CircuitBreaker } from './circuitBreaker.ts';
import { type StoreOperation, StoreUnavailableError } from './sessionStore.ts';
import { type StoreObserver, storeUnobserved } from './storeObserver.ts';

/** How long a command (or the wait for a reconnect) may take before it counts as unavailable. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;

/** Where Redis is: one server, a Redis Cluster, or a master found through Sentinel. */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; password?: string | undefined }
  | {
      kind: 'sentinel';
      sentinels: { host: string; port: number }[];
      /** The master group name the sentinels watch, e.g. `mymaster`. */
      name: string;
      password?: string | undefined;
    };

/** Settings for the Redis connection a store owns. */
export interface StoreRedisConnectionOptions {
  /** e.g. 'redis://127.0.0.1:6379/0'; shorthand for a standalone `target`. */
  url?: string;
  /** Where Redis is; takes precedence over `url`. */
  target?: RedisTarget;
  /** Bound on each command and on waiting for a reconnect; default 1000 ms. */
  commandTimeoutMs?: number;
  /** Told about connection errors (refused, reset...) so they can be logged; default: ignored. */
  onConnectionError?: (error: Error) => void;
  /** Told when Redis is marked down (with the reason) and up again (undefined). */
  onBreakerChange?: (reason: string | undefined) => void;
  /** Told about connection errors and whether calls are refused at once (metrics). */
  observer?: StoreObserver;
}

/** How one call goes through the connection. */
export interface RunOptions {
  /**
   * Try even while Redis is marked down: for the one read-back that decides whether a
   * timed-out write landed, which is worth a real attempt.
   */
  bypassBreaker?: boolean;
}

/**
 * An ioredis client set up to fail fast instead of queueing: while Redis is down every call
 * rejects with StoreUnavailableError within about `commandTimeoutMs`, and the client keeps
 * reconnecting in the background so the same instance works again once Redis is back. For a
 * Cluster it is ioredis' own Cluster client (slots, redirections, failover are its job).
 */
export class StoreRedisConnection {
  /**
   * The underlying client; use it only through `run` so failures are translated. A Cluster
   * client speaks the same commands and scripts for single-slot work, so stores are written
   * against one type.
   */
  readonly redis: Redis;
  readonly #timeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #observer: StoreObserver;
  #everReady = false;
  #closed = false;
  /** Why the last (re)connect failed; set only while Redis is known to be unreachable. */
  #outage: string | undefined;
  /** Callers waiting for the current connect attempt: told undefined (ready) or why it failed. */
  readonly #waiters = new Set<(failure: string | undefined) => void>();
  /** Open while Redis is known to be down or frozen, so calls fail at once instead of waiting. */
  readonly #breaker: CircuitBreaker;

  /** Starts connecting right away; no call fails just because the first connect is slow. */
  constructor(options: StoreRedisConnectionOptions) {
    this.#timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.#connectTimeoutMs = Math.max(this.#timeoutMs, 2000);
    this.#observer = options.observer ?? storeUnobserved;
    const target = options.target ?? { kind: 'standalone', url: options.url ?? '' };
    this.redis = createClient(target, {
      // A queued command could run long after its caller was told it failed, e.g. a session
      // write landing minutes later; so nothing is queued and callers wait for 'ready' instead.
      enableOfflineQueue: false,
      // Same reason for commands that were in flight when the connection dropped: reject them
      // at once rather than replaying them on reconnect.
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.#timeoutMs,
      connectTimeout: this.#connectTimeoutMs,
      // Never give up reconnecting, but keep the gap short so recovery is noticed quickly.
      retryStrategy: (times) => Math.min(times * 50, 500),
      // disconnect() is only used once the socket is gone or still dialling (a live one is
      // quit), and ioredis would otherwise hold a 2 s timer waiting for a socket that already
      // closed, which kept a shutting-down process alive for 2 s while Redis was down.
      disconnectTimeout: 0,
    });
    const onBreakerChange = options.onBreakerChange;
    this.#breaker = new CircuitBreaker({
      probe: () => this.redis.ping(),
      // The circuit metric follows the breaker: open is exactly when calls are refused at once.
      onChange: (reason) => {
        this.#observer.circuit(reason !== undefined);
        onBreakerChange?.(reason);
      },
    });
    const onError = options.onConnectionError ?? (() => {});
    // Without a listener ioredis prints every reconnect failure to stderr.
    const reportError = (error: Error) => {
      if (this.redis.status !== 'ready') {
        this.#settle(error.message);
        this.#breaker.trip(error.message);
      }
      this.#observer.redisError();
      onError(error);
    };
    this.redis.on('error', reportError);
    // A Cluster reports each node's trouble separately; the cluster itself may stay ready.
    this.redis.on('node error', (error: Error) => {
      this.#observer.redisError();
      onError(error);
    });
    this.redis.on('ready', () => {
      this.#everReady = true;
      this.#settle(undefined);
    });
  }

  /**
   * Runs Redis commands once the connection is ready, turning any Redis failure into
   * StoreUnavailableError for `operation`. While a connect is merely in progress it waits up to
   * the command timeout; once a reconnect has actually failed it rejects at once, so a long
   * outage costs callers nothing but the error.
   */
  async run<T>(
    operation: StoreOperation,
    commands: (redis: Redis) => Promise<T>,
    options: RunOptions = {},
  ): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError(operation, 'store is closed');
    const down = this.#breaker.openReason;
    if (down !== undefined && !options.bypassBreaker) {
      throw new StoreUnavailableError(operation, `marked down: ${down}`);
    }
    try {
      await this.#whenReady(operation);
    } catch (error) {
      this.#breaker.trip((error as StoreUnavailableError).reason);
      throw new StoreNotConnectedError(operation, (error as StoreUnavailableError).reason);
    }
    try {
      return await commands(this.redis);
    } catch (error) {
      const reason = error instanceof StoreUnavailableError ? error.reason : reasonOf(error);
      // A reply error (a script bug, a wrong type) is Redis answering; anything else — a
      // timeout, a refused or reset connection — means it is not answering.
      if (!(error instanceof ReplyError)) this.#breaker.trip(reason);
      throw new StoreUnavailableError(operation, reason);
    }
  }

  /** Why Redis is marked down, or undefined while it is believed up. */
  get downReason(): string | undefined {
    return this.#breaker.openReason;
  }

  /** Quits the client; later `run` calls reject with StoreUnavailableError. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#breaker.stop();
    if (this.redis.status === 'ready') {
      try {
        await this.redis.quit();
        return;
      } catch {
        // Fall through: the socket is already gone, so there is nothing left to say goodbye to.
      }
    }
    this.redis.disconnect();
  }

  async #whenReady(operation: StoreOperation): Promise<void> {
    if (this.redis.status === 'ready') return;
    if (this.redis.status === 'end') {
      throw new StoreUnavailableError(operation, 'connection ended');
    }
    if (this.#outage !== undefined) throw new StoreUnavailableError(operation, this.#outage);
    // The very first connect of a busy process may take longer than one command should; a
    // person's first message after start-up waits for it rather than being told Redis is down.
    const wait = this.#everReady ? this.#timeoutMs : this.#connectTimeoutMs;
    const failure = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(settle);
        resolve(`not connected after ${wait} ms (${this.redis.status})`);
      }, wait);
      const settle = (outcome: string | undefined) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      this.#waiters.add(settle);
    });
    if (failure !== undefined) throw new StoreUnavailableError(operation, failure);
  }

  #settle(failure: string | undefined): void {
    this.#outage = failure;
    for (const waiter of this.#waiters) waiter(failure);
    this.#waiters.clear();
  }
}

/** Nothing was sent: the connection was not ready, so a write cannot have landed. */
export class StoreNotConnectedError extends StoreUnavailableError {}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function createClient(target: RedisTarget, options: RedisOptions): Redis {
  switch (target.kind) {
    case 'standalone':
      return new Redis(target.url, options);
    case 'sentinel':
      return new Redis({
        ...options,
        sentinels: target.sentinels,
        name: target.name,
        ...(target.password ? { password: target.password } : {}),
        sentinelRetryStrategy: (times: number) => Math.min(times * 50, 500),
      });
    case 'cluster': {
      const { enableOfflineQueue, retryStrategy: _perNode, ...perNode } = options;
      const cluster = new Cluster(target.nodes, {
        enableOfflineQueue,
        // The cluster's own reconnects: as short and endless as a single server's.
        clusterRetryStrategy: (times) => Math.min(times * 50, 500),
        // Follow MOVED/ASK and wait out a failover briefly, then fail the call rather than queue.
        maxRedirections: 16,
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        retryDelayOnTryAgain: 100,
        slotsRefreshTimeout: 1000,
        redisOptions: {
          ...perNode,
          ...(target.password ? { password: target.password } : {}),
        },
      });
      // Same command surface for single-slot commands and scripts; see the `redis` field.
      return cluster as unknown as Redis;
    }
  }
}
