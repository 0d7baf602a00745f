import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { discordReminderDelivery, discordRest } from '../../src/bots/discord/reminderDelivery.ts';
import { telegramReminderDelivery } from '../../src/bots/telegram/reminderDelivery.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { DeliveryRefused } from '../../src/reminders/reminderWorker.ts';
import { FakeDiscord } from '../e2e/fakes/discordApi.ts';
import { FakeTelegramBotApi } from '../e2e/fakes/telegramBotApi.ts';

const kb = loadKnowledge();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('delivering a reminder through the real clients and the fake platforms', () => {
  it('sends a Telegram private message, and takes a 403 (bot blocked) as a refusal', async () => {
    const fake = await FakeTelegramBotApi.start();
    cleanups.push(() => fake.close());
    fake.sendText({ chatId: 77, text: 'hi' });
    const deliver = telegramReminderDelivery(new Api(fake.token, { apiRoot: fake.apiRoot }), kb);
    await deliver({ platform: 'telegram', chatId: '77', kind: 'practice' });
    expect(fake.lastSentMessage(77)?.text).toMatch(/time for a practice test/);
    fake.failNext('sendMessage', {
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await expect(deliver({ platform: 'telegram', chatId: '77', kind: 'practice' })).rejects.toEqual(
      new DeliveryRefused('telegram', 403),
    );
  });

  it('sends a Discord DM over REST, and takes 50007 (DMs closed) as a refusal', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const deliver = discordReminderDelivery(discordRest(fake.token, fake.restApi), kb);
    const user = fake.defaultUser.id;
    await deliver({ platform: 'discord', chatId: user, kind: 'before_exam' });
    const dm = fake.botMessages(fake.dmChannelId(user));
    expect(dm.at(-1)?.content).toMatch(/exam is a few days away/);
    fake.injectRestError({
      method: 'POST',
      pathIncludes: '/messages',
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    await expect(deliver({ platform: 'discord', chatId: user, kind: 'practice' })).rejects.toEqual(
      new DeliveryRefused('discord', 50007),
    );
  });
});
