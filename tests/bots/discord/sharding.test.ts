/**
 * Discord sharding from DISCORD_SHARDS / DISCORD_SHARD_IDS: the real discord.js client, logged
 * in to the fake Discord, runs the shards it is given (the fake's gateway does not check shard
 * routing, so this shows the client side: how many shards, which ids, all ready).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../../src/bots/conversation.ts';
import {
  type RunningDiscordBot,
  shardOptions,
  startDiscordBot,
} from '../../../src/bots/discord/discordBot.ts';
import { readConfig } from '../../../src/config.ts';
import type { Session } from '../../../src/dialogue/session.ts';
import { sessionCodec } from '../../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { createLogger } from '../../../src/log.ts';
import { MemorySessionStore } from '../../../src/store/memorySessionStore.ts';
import { FakeDiscord } from '../../e2e/fakes/discordApi.ts';

const kb = loadKnowledge();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function start(env: Record<string, string>): Promise<RunningDiscordBot> {
  const fake = await FakeDiscord.start();
  cleanups.push(() => fake.close());
  const log = createLogger('silent');
  const bot = await startDiscordBot({
    config: readConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.restApi,
      ...env,
    }),
    conversation: new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      kb,
      log,
    ),
    log,
  });
  cleanups.push(() => bot.stop());
  return bot;
}

describe('Discord shards from the configuration', () => {
  it('maps DISCORD_SHARDS and DISCORD_SHARD_IDS to discord.js options', () => {
    expect(shardOptions({ DISCORD_SHARDS: undefined, DISCORD_SHARD_IDS: undefined })).toEqual({});
    expect(shardOptions({ DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: undefined })).toEqual({
      shards: 'auto',
    });
    expect(shardOptions({ DISCORD_SHARDS: '3', DISCORD_SHARD_IDS: undefined })).toEqual({
      shardCount: 3,
      shards: [0, 1, 2],
    });
    expect(shardOptions({ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: [2, 3] })).toEqual({
      shardCount: 4,
      shards: [2, 3],
    });
  });

  it('runs only the shards this process is given', async () => {
    const bot = await start({ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3' });
    expect([...bot.client.ws.shards.keys()]).toEqual([3]);
    expect(bot.client.options.shardCount).toBe(4);
    expect(bot.connected()).toBe(true);
  });

  it('runs every shard of DISCORD_SHARDS=auto as the gateway recommends', async () => {
    const bot = await start({ DISCORD_SHARDS: 'auto' });
    expect([...bot.client.ws.shards.keys()]).toEqual([0]);
    expect(bot.connected()).toBe(true);
  });
});
