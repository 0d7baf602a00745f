import { ComponentType, MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { choiceComponents, discordLimits } from '../../../src/bots/discord/choiceComponents.ts';
import {
  discordContentLimit,
  literalText,
  markupToDiscord,
} from '../../../src/bots/discord/discordMarkdown.ts';
import {
  answeredMessage,
  renderDiscord,
  renderQuickAnswer,
  toInteractionPayload,
  toPayload,
} from '../../../src/bots/discord/renderDiscord.ts';
import { step } from '../../../src/dialogue/engine.ts';
import { quoteUserText } from '../../../src/dialogue/markup.ts';
import type { Reply } from '../../../src/dialogue/reply.ts';
import { freshSession } from '../../../src/dialogue/session.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { advise } from '../../../src/rules/advise.ts';

const kb = loadKnowledge();
const options = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `o${i}`, label: `Option ${i}` }));
const customIds = (rows: ReturnType<typeof choiceComponents>) =>
  rows.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));

describe('markup to Discord markdown', () => {
  it('keeps bold and italic as markdown and escapes stray markdown in content', () => {
    expect(markupToDiscord('**Retake timing:** _soon_ — keep 2*3 and snake_case as text')).toEqual([
      '**Retake timing:** *soon* — keep 2\\*3 and snake\\_case as text',
    ]);
  });

  it('shows a person’s words literally: no formatting, no links, no mentions', () => {
    const said = quoteUserText('**bold** @everyone <@123> [click](https://evil.example) # hi');
    const [rendered] = markupToDiscord(`I didn't catch ${said}.`);
    expect(rendered).not.toContain('**bold**');
    expect(rendered).toContain('\\*\\*bold\\*\\*');
    expect(rendered).not.toMatch(/@everyone|<@123>/);
    expect(rendered).toContain('@\u200Beveryone');
    expect(rendered).toContain('\\[click](');
    expect(literalText('a_b')).toBe('a\\_b');
  });

  it('leaves links in content alone', () => {
    expect(markupToDiscord('See https://example.org/a_b_c now')).toEqual([
      'See https://example.org/a_b_c now',
    ]);
  });

  it('splits long text at paragraph breaks into messages of at most 2000 characters', () => {
    const paragraph = (i: number) => `**Part ${i}.** ${'word '.repeat(120).trim()}`;
    const markup = Array.from({ length: 8 }, (_, i) => paragraph(i)).join('\n\n');
    const parts = markupToDiscord(markup);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(discordContentLimit);
      expect(part.startsWith('**Part ')).toBe(true);
    }
    expect(parts.join('\n\n')).toBe(markupToDiscord(markup, 100_000)[0]);
  });

  it('cuts a word longer than a message, counting escapes', () => {
    const parts = markupToDiscord(quoteUserText('*'.repeat(3000), 3000), 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1000);
    expect(parts.join('').replaceAll('\\*', '*')).toBe('*'.repeat(3000));
  });
});

describe('choice components', () => {
  it('lays buttons out in balanced rows of at most five', () => {
    expect(choiceComponents('q', options(3)).map((r) => r.components.length)).toEqual([3]);
    expect(choiceComponents('q', options(6)).map((r) => r.components.length)).toEqual([3, 3]);
    expect(choiceComponents('q', options(7)).map((r) => r.components.length)).toEqual([4, 3]);
    expect(choiceComponents('q', options(10)).map((r) => r.components.length)).toEqual([5, 5]);
    expect(choiceComponents('q', [])).toEqual([]);
  });

  it('uses a select menu for long lists, one per 25 options', () => {
    const rows = choiceComponents('targetSpecialty', options(13));
    expect(rows).toHaveLength(1);
    const [menu] = rows[0]?.components ?? [];
    expect(menu).toMatchObject({
      type: ComponentType.StringSelect,
      custom_id: 's:targetSpecialty',
    });
    const long = choiceComponents('q', options(60));
    expect(long).toHaveLength(3);
    expect(customIds(long)).toEqual(['s:q:0', 's:q:1', 's:q:2']);
    for (const row of long) {
      const select = row.components[0];
      if (select?.type !== ComponentType.StringSelect) throw new Error('expected a select');
      expect(select.options.length).toBeLessThanOrEqual(discordLimits.selectOptions);
    }
  });

  it('greys out "not sure" and trims labels to Discord’s 80 characters', () => {
    const rows = choiceComponents('q', [
      { id: 'yes', label: 'x'.repeat(100) },
      { id: 'unsure', label: "I'm not sure" },
    ]);
    expect(rows[0]?.components).toMatchObject([
      { style: 1, label: `${'x'.repeat(79)}…` },
      { style: 2, custom_id: 'q:q:unsure' },
    ]);
  });

  it('gives every question of the knowledge base valid components', () => {
    for (const question of kb.questions.values()) {
      const rows = choiceComponents(question.fact, question.options);
      expect(rows.length).toBeLessThanOrEqual(discordLimits.rows);
      for (const row of rows)
        expect(row.components.length).toBeLessThanOrEqual(discordLimits.buttonsPerRow);
      expect(new Set(customIds(rows)).size).toBe(customIds(rows).length);
    }
  });
});

describe('renderDiscord', () => {
  it('joins a turn’s replies up to the question into one message carrying its buttons', () => {
    const { replies } = step(freshSession(), { kind: 'command', name: 'retake' }, kb);
    const messages = renderDiscord(replies);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.content).toContain('Which exam was the failed attempt on?');
    expect(customIds(messages[0]?.components ?? [])).toContain('q:failedExam:step1');
  });

  it('puts the components on the last part of a split message', () => {
    const replies: Reply[] = [
      { kind: 'text', text: Array.from({ length: 6 }, () => 'word '.repeat(100)).join('\n\n') },
      { kind: 'question', id: 'next', text: 'What next?', options: options(2) },
      { kind: 'text', text: 'After the question.' },
    ];
    const messages = renderDiscord(replies, 1000);
    expect(messages.length).toBeGreaterThanOrEqual(4);
    const withButtons = messages.findIndex((m) => m.components.length > 0);
    expect(messages[withButtons]?.content.endsWith('What next?')).toBe(true);
    expect(messages.filter((m) => m.components.length > 0)).toHaveLength(1);
    expect(messages.at(-1)?.content).toBe('After the question.');
    for (const m of messages) expect(m.content.length).toBeLessThanOrEqual(1000);
  });

  it('renders advice as its card', () => {
    const advice = advise('statement', { failedExam: 'in_training', scoresImproved: true }, kb);
    const [message] = renderDiscord([{ kind: 'advice', advice }]);
    expect(message?.content.startsWith('**Personal statement:**')).toBe(true);
  });
});

describe('quick answers and answered questions', () => {
  it('offers the continue button only when the rules have questions left', () => {
    const advice = advise('retake', {}, kb);
    const more = { note: 'More?', button: { customId: 'f:retake:', label: 'Continue' } };
    const [withMore] = renderQuickAnswer(advice, more);
    expect(withMore?.content).toContain('What I assumed');
    expect(withMore?.content.endsWith('*More?*')).toBe(true);
    expect(customIds(withMore?.components ?? [])).toEqual(['f:retake:']);
    expect(renderQuickAnswer(advice, undefined)[0]?.components).toEqual([]);
  });

  it('marks the chosen option under the question and drops the buttons', () => {
    expect(answeredMessage('Which exam?', 'USMLE Step 1')).toEqual({
      content: 'Which exam?\n\n✓ *USMLE Step 1*',
      components: [],
    });
    const full = 'x'.repeat(1995);
    expect(answeredMessage(full, 'Two')).toEqual({ content: full, components: [] });
  });
});

describe('payloads', () => {
  it('switch every ping off and mark ephemeral replies', () => {
    const message = { content: 'hi', components: [] };
    expect(toPayload(message)).toEqual({ ...message, allowedMentions: { parse: [] } });
    expect(toInteractionPayload(message, true)).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(toInteractionPayload(message, false)).not.toHaveProperty('flags');
    expect(toPayload(message).allowedMentions).not.toBe(toPayload(message).allowedMentions);
  });
});
