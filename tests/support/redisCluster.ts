import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type RedisServerHandle, startRedisServer } from './redisServer.ts';

const run = promisify(execFile);

/** A throwaway Redis Cluster of three masters on loopback ports, owned by one test file. */
export interface RedisClusterHandle {
  /** The masters' addresses, as REDIS_CLUSTER_NODES lists them. */
  readonly nodes: { host: string; port: number }[];
  /** Each master's redis-server, to stop and restart one of them. */
  readonly servers: RedisServerHandle[];
  /** Resolves once every master reports `cluster_state:ok`. */
  healthy(timeoutMs?: number): Promise<void>;
  /** Stops every master and removes their directories. */
  close(): Promise<void>;
}

/** Why a cluster can't be started here, or undefined when it can. */
export async function clusterUnsupported(): Promise<string | undefined> {
  try {
    const { stdout } = await run('redis-server', ['--version']);
    const major = Number(/v=(\d+)/.exec(stdout)?.[1]);
    if (!(major >= 5)) return `redis-server ${stdout.trim()} has no redis-cli --cluster create`;
    await run('redis-cli', ['--version']);
    return undefined;
  } catch (error) {
    return `redis-server or redis-cli is missing: ${(error as Error).message}`;
  }
}

/**
 * Starts three cluster-enabled redis-servers (append-only, so a master stopped and restarted
 * keeps its data and its slots) and joins them with `redis-cli --cluster create … --cluster-yes`.
 */
export async function startRedisCluster(): Promise<RedisClusterHandle> {
  const args = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'];
  // Short enough that a stopped master is noticed within the test, long enough not to flap.
  args.push('--cluster-node-timeout', '1500');
  const servers = await Promise.all([0, 1, 2].map(() => startRedisServer({ persist: true, args })));
  const nodes = servers.map((s) => ({ host: '127.0.0.1', port: s.port }));
  const handle: RedisClusterHandle = {
    nodes,
    servers,
    async healthy(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await Promise.all(
          servers.map((s) =>
            run('redis-cli', ['-p', String(s.port), 'cluster', 'info'])
              .then(({ stdout }) => stdout.includes('cluster_state:ok'))
              .catch(() => false),
          ),
        );
        if (states.every(Boolean)) return;
        if (Date.now() > deadline) throw new Error('the Redis Cluster did not become healthy');
        await sleep(100);
      }
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
  try {
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((n) => `${n.host}:${n.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await handle.healthy();
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
