import { createRequire } from 'node:module';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TurnObserver, TurnRecord } from '../bots/turnObserver.ts';
import type { CountName, Counts } from '../metrics/counts.ts';
import type { StoreObserver } from '../store/storeObserver.ts';

/**
 * The process's Prometheus metrics (prom-client, on its own registry). The turn path reports
 * through {@link TurnObserver} and the store through {@link StoreObserver}; nothing else
 * records, so every metric has one source. Counts only: no person, no text.
 */
export class Metrics implements TurnObserver, StoreObserver, Counts {
  /** The registry `/metrics` renders. */
  readonly registry: Registry;
  readonly #updates: Counter<'platform' | 'outcome'>;
  readonly #duration: Histogram<'platform'>;
  readonly #safety: Counter<'tier'>;
  readonly #conflicts: Counter;
  readonly #retries: Counter;
  readonly #redisErrors: Counter;
  readonly #circuit: Gauge;
  readonly #counts: Record<CountName, Counter>;

  /** @param inFlight how many updates are being handled right now, read at scrape time */
  constructor(inFlight: () => number = () => 0) {
    // Loaded here rather than at import, so commands that never serve metrics don't pay for it.
    const prom = createRequire(import.meta.url)('prom-client') as typeof import('prom-client');
    this.registry = new prom.Registry();
    this.#updates = new prom.Counter({
      name: 'trajectory_updates_total',
      help: 'Updates handled, by platform and outcome (ok, bad_input, store_down, busy, error).',
      labelNames: ['platform', 'outcome'] as const,
      registers: [this.registry],
    });
    this.#duration = new prom.Histogram({
      name: 'trajectory_turn_duration_seconds',
      help: 'Time from an input reaching the conversation to its replies being ready.',
      labelNames: ['platform'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.#safety = new prom.Counter({
      name: 'trajectory_safety_tiers_total',
      help: 'Messages read at a safety tier (crisis, check, distress); counts only.',
      labelNames: ['tier'] as const,
      registers: [this.registry],
    });
    this.#conflicts = new prom.Counter({
      name: 'trajectory_store_version_conflicts_total',
      help: 'Session writes that lost the compare-and-set to another writer.',
      registers: [this.registry],
    });
    this.#retries = new prom.Counter({
      name: 'trajectory_store_retries_total',
      help: 'Turns re-run after a version conflict.',
      registers: [this.registry],
    });
    this.#redisErrors = new prom.Counter({
      name: 'trajectory_redis_errors_total',
      help: 'Connection errors reported by the Redis client.',
      registers: [this.registry],
    });
    this.#circuit = new prom.Gauge({
      name: 'trajectory_redis_circuit_open',
      help: '1 while store calls are refused at once because Redis is known to be down, else 0.',
      registers: [this.registry],
    });
    new prom.Gauge({
      name: 'trajectory_updates_in_flight',
      help: 'Updates being handled right now.',
      registers: [this.registry],
      collect() {
        this.set(inFlight());
      },
    });
    const counter = (name: string, help: string) =>
      new prom.Counter({ name, help, registers: [this.registry] });
    this.#counts = {
      scores_logged: counter('trajectory_scores_logged_total', 'Practice scores added to logs.'),
      reminders_scheduled: counter('trajectory_reminders_scheduled_total', 'Reminders scheduled.'),
      reminders_sent: counter('trajectory_reminders_sent_total', 'Reminders delivered.'),
      reminders_failed: counter(
        'trajectory_reminders_failed_total',
        'Reminder deliveries that failed (refused, unreadable or erroring).',
      ),
      reminders_cancelled: counter(
        'trajectory_reminders_cancelled_total',
        'Reminders cancelled (by the person, forget, or a refusing platform).',
      ),
    };
    this.#circuit.set(0);
    prom.collectDefaultMetrics({ register: this.registry, prefix: 'trajectory_' });
  }

  turnHandled(record: TurnRecord): void {
    this.#updates.inc({ platform: record.platform, outcome: record.outcome });
    this.#duration.observe({ platform: record.platform }, record.durationMs / 1000);
    if (record.safety) this.#safety.inc({ tier: record.safety });
  }

  versionConflict(retrying: boolean): void {
    this.#conflicts.inc();
    if (retrying) this.#retries.inc();
  }

  redisError(): void {
    this.#redisErrors.inc();
  }

  circuit(open: boolean): void {
    this.#circuit.set(open ? 1 : 0);
  }

  /** Counts from the score log and the reminders ({@link Counts}): numbers only. */
  increment(name: CountName, by = 1): void {
    this.#counts[name].inc(by);
  }

  /** The Prometheus text exposition and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
