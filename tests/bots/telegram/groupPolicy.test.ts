import type { Message, MessageEntity } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import {
  isAddressedToBot,
  isPrivateChat,
  leadingCommand,
} from '../../../src/bots/telegram/groupPolicy.ts';
import { inputFromText } from '../../../src/bots/telegram/telegramInput.ts';

const bot = { id: 7000, username: 'trajectory_bot' };

function groupMessage(text: string, extra: Partial<Message> = {}): Message {
  const entities: MessageEntity[] = [];
  for (const m of text.matchAll(/\/[a-z0-9_]+(@\w+)?|@\w+/gi)) {
    entities.push({
      type: m[0].startsWith('/') ? 'bot_command' : 'mention',
      offset: m.index,
      length: m[0].length,
    });
  }
  return {
    message_id: 10,
    date: 1,
    chat: { id: -100, type: 'supergroup', title: 'IMG prep' },
    from: { id: 1, is_bot: false, first_name: 'A' },
    text,
    ...(entities.length > 0 ? { entities } : {}),
    ...extra,
  } as Message;
}

describe('isAddressedToBot', () => {
  it.each([
    ['/help', true],
    ['/help@trajectory_bot', true],
    ['/HELP@Trajectory_Bot', true],
    ['/help@other_bot', false],
    ['hey @trajectory_bot what about step 3?', true],
    ['@Trajectory_Bot', true],
    ['@trajectory_bot_fan club meets today', false],
    ['anyone passed step 1 after a fail?', false],
    ['see /help later', false],
  ])('%j → %s', (text, expected) => {
    expect(isAddressedToBot(groupMessage(text), bot)).toBe(expected);
  });

  it('counts a reply to one of the bot’s messages', () => {
    const replied = groupMessage('old', { from: { id: bot.id, is_bot: true, first_name: 'T' } });
    expect(
      isAddressedToBot(groupMessage('thanks!', { reply_to_message: replied as never }), bot),
    ).toBe(true);
    const other = groupMessage('old');
    expect(
      isAddressedToBot(groupMessage('thanks!', { reply_to_message: other as never }), bot),
    ).toBe(false);
  });

  it('does not count a forum topic’s opening message as a reply', () => {
    const opening = groupMessage('', {
      from: { id: bot.id, is_bot: true, first_name: 'T' },
      forum_topic_created: { name: 'Prep', icon_color: 1 },
    } as Partial<Message>);
    expect(
      isAddressedToBot(groupMessage('hi all', { reply_to_message: opening as never }), bot),
    ).toBe(false);
  });

  it('counts a text mention of the bot (a mention without a username)', () => {
    const message = groupMessage('Trajectory, help', {
      entities: [
        {
          type: 'text_mention',
          offset: 0,
          length: 10,
          user: { id: bot.id, is_bot: true, first_name: 'T' },
        },
      ],
    });
    expect(isAddressedToBot(message, bot)).toBe(true);
  });
});

describe('isPrivateChat', () => {
  it('is true only for one-to-one chats', () => {
    expect(isPrivateChat({ type: 'private' })).toBe(true);
    expect(isPrivateChat({ type: 'group' })).toBe(false);
    expect(isPrivateChat({ type: 'supergroup' })).toBe(false);
    expect(isPrivateChat({ type: 'channel' })).toBe(false);
  });
});

describe('typed messages as input', () => {
  const entitiesOf = (text: string) => groupMessage(text).entities;

  it('reads a leading command with its arguments', () => {
    expect(
      leadingCommand('/retake now please', entitiesOf('/retake now please') ?? [], bot),
    ).toEqual({
      name: 'retake',
      args: 'now please',
    });
    expect(
      inputFromText('/Retake@trajectory_bot', entitiesOf('/Retake@trajectory_bot'), bot),
    ).toEqual({
      kind: 'command',
      name: 'retake',
    });
  });

  it('keeps anything else as text, including commands for other bots', () => {
    expect(inputFromText('step 2', undefined, bot)).toEqual({ kind: 'text', text: 'step 2' });
    expect(inputFromText('/start@other_bot', entitiesOf('/start@other_bot'), bot)).toEqual({
      kind: 'text',
      text: '/start@other_bot',
    });
    // A slash without a command entity (Telegram didn't mark it) is just text.
    expect(inputFromText('/retake', undefined, bot)).toEqual({ kind: 'text', text: '/retake' });
  });
});
