import type { Logger } from '../log.ts';

/** How long in-flight turns get to finish once a shutdown starts. */
export const DRAIN_TIMEOUT_MS = 10_000;

/** From the signal to a forced exit, whatever is still open: the drain plus closing time. */
export const LAST_RESORT_MS = DRAIN_TIMEOUT_MS + 5_000;

/** After an orderly stop, how long the process may linger on handles nobody owns any more. */
export const LINGER_MS = 1_000;

/** What a shutdown runs and can tell about itself. */
export interface ShutdownPlan {
  log: Logger;
  /** The orderly sequence: stop taking updates, drain, close Redis, close the clients. */
  stop(): Promise<void>;
  /** What is still open, for the last-resort log line (phase, in-flight counts…). */
  describe(): Record<string, unknown>;
  /** Ends the process; process.exit by default (tests of the policy pass their own). */
  exit?: (code: number) => void;
  lastResortMs?: number;
  lingerMs?: number;
}

const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Shuts down on SIGTERM or SIGINT: the first signal starts the orderly stop and arms a
 * last-resort timer that exits 0 with a line naming what was still open; a second signal exits
 * at once (128 + signal number). Resolves once the orderly stop is done; if something nobody
 * owns any more still holds the event loop after that, the process exits 0 shortly after with
 * the same kind of line. Returns a function that removes the signal handlers.
 */
export function shutdownOnSignals(plan: ShutdownPlan): { stopped: Promise<void>; dispose(): void } {
  const exit = plan.exit ?? ((code: number) => process.exit(code));
  let started = false;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const forceExit = (reason: string) => {
    plan.log.error(
      { ...plan.describe(), openHandles: openHandles() },
      `${reason}: exiting with these still open`,
    );
    exit(0);
  };
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (started) {
      plan.log.warn({ signal }, 'second signal: exiting at once');
      exit(signalExitCodes[signal]);
      return;
    }
    started = true;
    const startedAt = Date.now();
    plan.log.info({ signal }, 'shutting down');
    // unref: the timer must end a process that hangs, never keep alive one that is done.
    setTimeout(
      () => forceExit('shutdown took too long'),
      plan.lastResortMs ?? LAST_RESORT_MS,
    ).unref();
    plan
      .stop()
      .catch((error: unknown) =>
        plan.log.error({ err: { message: (error as Error)?.message } }, 'shutdown step failed'),
      )
      .finally(() => {
        plan.log.info({ ms: Date.now() - startedAt }, 'shutdown complete');
        setTimeout(
          () => forceExit('still running after shutdown'),
          plan.lingerMs ?? LINGER_MS,
        ).unref();
        resolveStopped();
      });
  };
  const handlers = {
    SIGINT: () => onSignal('SIGINT'),
    SIGTERM: () => onSignal('SIGTERM'),
  };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    },
  };
}

// Node's own list of what keeps the event loop alive, counted by kind (e.g. TCPSocketWrap: 2).
function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
