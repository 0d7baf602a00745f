import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import {
  groupCommands,
  menuCommandNames,
  menuCommands,
} from '../../../src/bots/telegram/botCommands.ts';
import { describeError } from '../../../src/bots/telegram/errorReport.ts';
import { CommandName } from '../../../src/dialogue/input.ts';
import { say } from '../../../src/dialogue/say.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';

const kb = loadKnowledge();

describe('the command menu', () => {
  it('lists the fifteen commands, each a command the engine knows, with a description', () => {
    expect(menuCommandNames).toEqual([
      'start',
      'retake',
      'statement',
      'step3',
      'cycles',
      'outlook',
      'plan',
      'why',
      'scores',
      'reminders',
      'back',
      'restart',
      'profile',
      'forget',
      'help',
    ]);
    for (const { command, description } of [...menuCommands(kb), ...groupCommands(kb)]) {
      expect(CommandName.safeParse(command).success).toBe(true);
      expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(description.length).toBeGreaterThan(2);
      expect(description.length).toBeLessThanOrEqual(256);
    }
  });
});

describe('Telegram texts', () => {
  it('keeps the button notice short enough for a callback answer (200 characters)', () => {
    expect(say(kb, 'telegram.button.stale').length).toBeLessThanOrEqual(200);
    for (const id of [
      'telegram.group.private',
      'telegram.group.button',
      'telegram.text_only',
      'telegram.apology',
    ]) {
      expect(say(kb, id).length).toBeGreaterThan(0);
    }
  });
});

describe('describeError', () => {
  const token = '123456:SECRET-token';

  it('keeps a GrammyError’s method and code but not its payload', () => {
    const error = new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code: 400, description: "Bad Request: can't parse entities" },
      'sendMessage',
      { chat_id: 1, text: 'my private exam story' },
    );
    const report = describeError(error, token);
    expect(report).toEqual({
      type: 'GrammyError',
      message: "Bad Request: can't parse entities",
      method: 'sendMessage',
      code: 400,
    });
    expect(JSON.stringify(report)).not.toContain('exam story');
  });

  it('drops the wrapped fetch error of an HttpError, whose URL holds the token', () => {
    const inner = new Error(`request to https://api.telegram.org/bot${token}/getUpdates failed`);
    const report = describeError(
      new HttpError("Network request for 'getUpdates' failed!", inner),
      token,
    );
    expect(JSON.stringify(report)).not.toContain(token);
    expect(report.message).toContain('getUpdates');
  });

  it('scrubs the token from any other error', () => {
    const report = describeError(new Error(`bad url /bot${token}/x`), token);
    expect(JSON.stringify(report)).not.toContain(token);
    expect(report.message).toContain('[token]');
  });
});
