import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A throwaway redis-server owned by one test file. */
export interface RedisServerHandle {
  /** e.g. 'redis://127.0.0.1:41234' */
  readonly url: string;
  readonly port: number;
  /** Shuts the server down (SIGTERM, so an append-only file is flushed); idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory; with `persist` the data is still there. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers, like a hung host. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
  /** Kills the server and removes its temp directory. */
  close(): Promise<void>;
}

/** Options for startRedisServer. */
export interface RedisServerOptions {
  /** Keep data across stop/restart with an append-only file in the temp dir. */
  persist?: boolean;
  /** More redis-server arguments, e.g. ['--cluster-enabled', 'yes']. */
  args?: string[];
}

/** redis-server is not on PATH. */
export class RedisServerNotInstalledError extends Error {
  override readonly name = 'RedisServerNotInstalledError';

  /** Says how to get it. */
  constructor() {
    super(
      'redis-server not found on PATH: install redis-server, e.g. apt-get install -y redis-server',
    );
  }
}

/** redis-server exited or never answered PING; carries the tail of its output. */
export class RedisServerStartError extends Error {
  override readonly name = 'RedisServerStartError';

  /**
   * @param port the port it was started on
   * @param output the last lines the server printed
   */
  constructor(
    readonly port: number,
    readonly output: string,
  ) {
    super(`redis-server on port ${port} did not come up:\n${output}`);
  }
}

// The developer's own Redis usually lives here; tests must never talk to it.
const RESERVED_PORT = 6379;
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const OUTPUT_LIMIT = 4_000;

// Cleaned up synchronously if the test process exits without closing its servers, so a
// crashed run leaves neither redis-server processes nor temp dirs behind.
const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Spawns `redis-server` on a free 127.0.0.1 port with a temp dir and no RDB snapshots, and
 * resolves once it answers PING.
 */
export async function startRedisServer(
  options: RedisServerOptions = {},
): Promise<RedisServerHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'trajectory-redis-'));
  tempDirs.add(dir);
  try {
    // Another process may grab the port between probing and binding; a fresh one fixes that.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        const server = await RunningServer.start(
          port,
          dir,
          options.persist ?? false,
          options.args ?? [],
        );
        return handleFor(server, dir);
      } catch (error) {
        if (!(error instanceof RedisServerStartError) || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}

function handleFor(initial: RunningServer, dir: string): RedisServerHandle {
  let server = initial;
  return {
    url: `redis://127.0.0.1:${server.port}`,
    port: server.port,
    stop: () => server.stop(),
    restart: async () => {
      await server.stop();
      server = await RunningServer.start(server.port, dir, server.persist, server.extraArgs);
    },
    pause: () => {
      server.child.kill('SIGSTOP');
    },
    resume: () => {
      server.child.kill('SIGCONT');
    },
    close: async () => {
      await server.stop();
      await removeDir(dir);
    },
  };
}

class RunningServer {
  #output = '';

  private constructor(
    readonly port: number,
    readonly persist: boolean,
    readonly extraArgs: string[],
    readonly child: ChildProcess,
  ) {
    const capture = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
  }

  static async start(
    port: number,
    dir: string,
    persist: boolean,
    extraArgs: string[],
  ): Promise<RunningServer> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    args.push('--appendonly', persist ? 'yes' : 'no', '--appendfsync', 'always');
    args.push('--daemonize', 'no', '--loglevel', 'warning', ...extraArgs);
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // events.once('spawn') would reject on 'error' too, so listen to both by hand.
    const failure = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', resolve);
    });
    if (failure !== undefined) {
      if (failure.code === 'ENOENT') throw new RedisServerNotInstalledError();
      throw failure;
    }
    running.add(child);
    child.once('exit', () => running.delete(child));
    const server = new RunningServer(port, persist, extraArgs, child);
    await server.#waitForPing();
    return server;
  }

  async stop(): Promise<void> {
    if (this.#exited()) return;
    const exited = once(this.child, 'exit');
    // A paused server would sit on SIGTERM until the SIGKILL fallback.
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const patience = new AbortController();
    const timer = sleep(STOP_TIMEOUT_MS, 'timeout' as const, { signal: patience.signal });
    timer.catch(() => {});
    try {
      if ((await Promise.race([exited, timer])) === 'timeout') {
        this.child.kill('SIGKILL');
        await exited;
      }
    } finally {
      patience.abort();
    }
  }

  #exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async #waitForPing(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.#exited()) throw new RedisServerStartError(this.port, this.#output);
      if (await answersPing(this.port)) return;
      await sleep(20);
    }
    await this.stop();
    throw new RedisServerStartError(this.port, this.#output);
  }
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A free loopback TCP port (never the shared Redis's), for a throwaway server or process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    server.close();
    await once(server, 'close');
    if (address !== null && typeof address === 'object' && address.port !== RESERVED_PORT) {
      return address.port;
    }
  }
}

// Raw RESP over a socket so readiness does not depend on the client under test.
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}
