import type { Client } from 'discord.js';

/** The parts of an @discordjs/ws shard that a shutdown has to reach. */
interface GatewayShard {
  internalConnect(): Promise<void>;
  connection: { readyState: number; on(event: 'error', listener: () => void): unknown } | null;
}

/** What discord.js keeps of @discordjs/ws: the manager and, in one process, its shards. */
interface GatewayInternals {
  _ws: { strategy?: { shards?: Map<number, GatewayShard> } } | null;
}

/**
 * Destroys a discord.js client so that nothing of it keeps the process alive, even while the
 * gateway is unreachable.
 *
 * Why this exists: in @discordjs/ws 1.2 a shard that lost its connection waits 500 ms and
 * reconnects. `client.destroy()` landing in that wait finds the shard idle and returns without
 * cancelling the pending reconnect, so the shard dials again after the client is gone and keeps
 * doing so twice a second for ever. Disarming each shard's reconnect before destroying closes
 * that window. A connection still being dialled keeps an error listener, because destroy()
 * removes the library's own and a refused dial would otherwise be an uncaught 'error'.
 */
export async function destroyForGood(client: Client): Promise<void> {
  const shards = (client.ws as unknown as GatewayInternals)._ws?.strategy?.shards;
  for (const shard of shards?.values() ?? []) {
    shard.internalConnect = async () => {};
    shard.connection?.on('error', () => {});
  }
  await client.destroy();
}
