import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** `trajectory start` running as its own process, as `npm start` or a container runs it. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** Every stderr line (pino's JSON lines), in order. */
  readonly lines: string[];
  /** The parsed JSON log lines. */
  logs(): Record<string, unknown>[];
  /** Resolves with the first log line whose `msg` is `msg` (and that passes `where`). */
  waitForLog(
    msg: string,
    where?: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Kills it if it is still running. */
  kill(): void;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `node bin/trajectory.js start` with exactly `env` (plus PATH and HOME). */
export function startBotProcess(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['bin/trajectory.js', 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete.filter((l) => l.length > 0));
  });
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return (code ?? signal) as number | string;
  });
  const logs = () =>
    lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    child,
    lines,
    logs,
    exited,
    async waitForLog(msg, where = () => true, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs().find((l) => l.msg === msg && where(l));
        if (found) return found;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`no "${msg}" log line; the process wrote:\n${lines.join('\n')}`);
        await sleep(20);
      }
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
