import { Collection, type Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { addressesBot, isDirectMessage } from '../../../src/bots/discord/channelPolicy.ts';

const bot = '1000';

/** Just the parts of a message the policy reads. */
function message(users: string[], roleBots: (string | null)[] = []): Pick<Message, 'mentions'> {
  return {
    mentions: {
      users: new Collection(users.map((id) => [id, { id }])),
      roles: new Collection(
        roleBots.map((botId, i) => [`r${i}`, { tags: botId ? { botId } : null }]),
      ),
    },
  } as unknown as Pick<Message, 'mentions'>;
}

describe('addressesBot', () => {
  it('counts a mention of the bot, or of its own managed role', () => {
    expect(addressesBot(message([bot]), bot)).toBe(true);
    expect(addressesBot(message([], [bot]), bot)).toBe(true);
  });

  it('ignores other people, other roles and @everyone', () => {
    expect(addressesBot(message(['2000']), bot)).toBe(false);
    expect(addressesBot(message([], [null, '3000']), bot)).toBe(false);
    expect(addressesBot(message([]), bot)).toBe(false);
  });
});

describe('isDirectMessage', () => {
  it('is true outside servers only', () => {
    expect(isDirectMessage({ inGuild: () => false } as Pick<Message, 'inGuild'>)).toBe(true);
    expect(isDirectMessage({ inGuild: () => true } as Pick<Message, 'inGuild'>)).toBe(false);
  });
});
