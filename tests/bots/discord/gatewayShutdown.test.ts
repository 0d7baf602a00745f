/**
 * Stopping the Discord bot while Discord is unreachable: the real discord.js client logged in to
 * the fake Discord, which then goes away (gateway and REST refuse connections). After `stop()`
 * the client must not dial again; before the fix it reconnected twice a second for ever.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Events } from 'discord.js';
import { expect, it } from 'vitest';
import { Conversation } from '../../../src/bots/conversation.ts';
import { startDiscordBot } from '../../../src/bots/discord/discordBot.ts';
import { readConfig } from '../../../src/config.ts';
import type { Session } from '../../../src/dialogue/session.ts';
import { sessionCodec } from '../../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { createLogger } from '../../../src/log.ts';
import { MemorySessionStore } from '../../../src/store/memorySessionStore.ts';
import { FakeDiscord } from '../../e2e/fakes/discordApi.ts';

it('stops dialling the gateway once stopped, though Discord went away after READY', async () => {
  const fake = await FakeDiscord.start();
  const log = createLogger('silent');
  const running = await startDiscordBot({
    config: readConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.restApi,
    }),
    conversation: new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      loadKnowledge(),
      log,
    ),
    log,
  });
  const dials: number[] = [];
  running.client.on(Events.Debug, (message) => {
    if (message.includes('Connecting to')) dials.push(Date.now());
  });
  await fake.close();
  // Let it fail a few reconnects, so stop() lands between attempts as it does in production.
  for (let waited = 0; dials.length < 3 && waited < 10_000; waited += 50) await sleep(50);
  expect(dials.length).toBeGreaterThanOrEqual(3);

  const stopAt = Date.now();
  await running.stop();
  expect(Date.now() - stopAt).toBeLessThan(2000);
  await sleep(1500);
  expect(dials.filter((at) => at >= stopAt)).toEqual([]);
});
