import { describe, expect, it } from 'vitest';
import {
  factOptionNames,
  quickOptions,
  slashActions,
  slashCommands,
} from '../../../src/bots/discord/commandDefinitions.ts';
import { describeDiscordError, redactTokens } from '../../../src/bots/discord/errorReport.ts';
import { CommandName } from '../../../src/dialogue/input.ts';
import { say } from '../../../src/dialogue/say.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { FactName } from '../../../src/rules/profile.ts';

const kb = loadKnowledge();
const commands = slashCommands(kb);

describe('the slash commands', () => {
  it('are the eleven the issue names plus /scores and /reminders, in menu order', () => {
    expect(commands.map((c) => c.name)).toEqual([
      'retake',
      'statement',
      'step3',
      'cycles',
      'advisor',
      'outlook',
      'plan',
      'why',
      'scores',
      'reminders',
      'profile',
      'forget',
      'help',
    ]);
  });

  it('fit Discord’s limits for names, descriptions, options and choices', () => {
    for (const { json } of commands) {
      expect(json.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(json.description.length).toBeGreaterThan(0);
      expect(json.description.length).toBeLessThanOrEqual(100);
      expect(json.options?.length ?? 0).toBeLessThanOrEqual(25);
      for (const option of json.options ?? []) {
        expect(option.name).toMatch(/^[a-z0-9_-]{1,32}$/);
        expect(option.description.length).toBeLessThanOrEqual(100);
        expect(option.required ?? false).toBe(false);
        const choices = 'choices' in option ? (option.choices ?? []) : [];
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
      }
      expect(JSON.stringify(json).length).toBeLessThan(8000);
    }
  });

  it('work in servers and in DMs with the bot', () => {
    for (const { json } of commands) expect(json.contexts).toEqual([0, 1]);
  });

  it('dispatch to something the handlers know: a quick topic, an engine command or help', () => {
    expect(Object.keys(slashActions)).toEqual(commands.map((c) => c.name));
    for (const { action } of commands) {
      if (action.kind === 'turn') expect(CommandName.safeParse(action.command).success).toBe(true);
    }
    expect(commands.filter((c) => c.action.kind === 'quick').map((c) => c.name)).toEqual([
      'retake',
      'statement',
      'step3',
      'cycles',
    ]);
  });
});

describe('quick-answer options', () => {
  it('cover every fact the decision’s guided flow asks for, and nothing else', () => {
    for (const topic of ['retake', 'statement', 'step3', 'cycles'] as const) {
      const flowFacts = [...new Set(kb.flows[topic].map((s) => s.fact))];
      expect(quickOptions(topic, kb).map((o) => o.fact)).toEqual(flowFacts);
    }
  });

  it('have a distinct name and a description for every fact', () => {
    const names = Object.values(factOptionNames);
    expect(new Set(names).size).toBe(FactName.options.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(say(kb, `discord.option.${name}`).length).toBeLessThanOrEqual(100);
    }
  });

  it('offer the question’s own options as choices, and booleans for yes/no facts', () => {
    const retake = quickOptions('retake', kb);
    expect(retake.find((o) => o.name === 'exam')?.choices).toContainEqual({
      name: 'USMLE Step 1',
      value: 'step1',
    });
    expect(retake.find((o) => o.name === 'attempts')).toMatchObject({ type: 'integer' });
    expect(retake.find((o) => o.name === 'passed')).toMatchObject({ type: 'boolean', choices: [] });
    for (const question of kb.questions.values()) {
      const values = question.options.map((o) => o.value);
      if (values.some((v) => typeof v === 'boolean')) expect(values.sort()).toEqual([false, true]);
    }
  });
});

describe('Discord texts', () => {
  it('are short enough where Discord limits them', () => {
    for (const id of [
      'discord.quick.more',
      'discord.quick.bad_options',
      'discord.unknown_command',
      'discord.channel.private',
      'discord.component.invalid',
      'discord.text_only',
      'discord.apology',
      'discord.help',
    ]) {
      expect(say(kb, id).length).toBeGreaterThan(0);
      expect(say(kb, id).length).toBeLessThanOrEqual(1000);
    }
    for (const label of ['discord.quick.continue', 'discord.channel.button'])
      expect(say(kb, label).length).toBeLessThanOrEqual(80);
  });
});

describe('describeDiscordError', () => {
  it('keeps tokens out of what is logged', () => {
    const token = 'MTIz.secret-bot-token';
    const report = describeDiscordError(new Error(`bad header Bot ${token}`), token);
    expect(JSON.stringify(report)).not.toContain(token);
    expect(redactTokens('/interactions/123/aW50ZXJhY3Rpb24:abc/callback')).toBe(
      '/interactions/123/[token]/callback',
    );
    expect(redactTokens('/webhooks/9/tok_en/messages/@original')).toBe(
      '/webhooks/9/[token]/messages/@original',
    );
  });
});
