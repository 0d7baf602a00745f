import { describe, expect, it } from 'vitest';
import { decodeChoice } from '../../../src/bots/telegram/callbackData.ts';
import { choiceKeyboard, maxButtonsPerRow } from '../../../src/bots/telegram/choiceKeyboard.ts';
import { renderTelegram } from '../../../src/bots/telegram/renderTelegram.ts';
import { adviceMarkup } from '../../../src/dialogue/adviceCard.ts';
import type { Reply } from '../../../src/dialogue/reply.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { advise } from '../../../src/rules/advise.ts';

const kb = loadKnowledge();

const question: Reply = {
  kind: 'question',
  id: 'failedAttempts',
  text: 'How many **failed** attempts?',
  options: [
    { id: '1', label: '1' },
    { id: '2', label: '2' },
    { id: 'unsure', label: "I'm not sure" },
  ],
};

describe('renderTelegram', () => {
  it('joins the texts before a question into the question’s message, with its buttons', () => {
    const messages = renderTelegram([{ kind: 'text', text: 'Hello & welcome' }, question]);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.html).toBe('Hello &amp; welcome\n\nHow many <b>failed</b> attempts?');
    const buttons = messages[0]?.keyboard?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual(['1', '2', "I'm not sure"]);
    expect(
      buttons.map((b) => decodeChoice('callback_data' in b ? b.callback_data : undefined)),
    ).toEqual([
      { question: 'failedAttempts', option: '1' },
      { question: 'failedAttempts', option: '2' },
      { question: 'failedAttempts', option: 'unsure' },
    ]);
  });

  it('sends text after the last question as a message of its own', () => {
    const messages = renderTelegram([question, { kind: 'text', text: 'P.S.' }]);
    expect(messages.map((m) => [m.html, m.keyboard !== undefined])).toEqual([
      ['How many <b>failed</b> attempts?', true],
      ['P.S.', false],
    ]);
  });

  it('renders advice with its card', () => {
    const advice = advise('retake', { failedExam: 'step1', failedAttempts: 1 }, kb);
    const [message] = renderTelegram([{ kind: 'advice', advice }]);
    expect(message?.html).toContain('<b>Why</b>');
    const headline = adviceMarkup(advice).split('\n')[0] ?? '';
    expect(message?.html.startsWith(`<b>${headline.replace(/\*\*/g, '').split(':')[0]}:</b>`)).toBe(
      true,
    );
  });

  it('splits a long turn at paragraph breaks and puts the buttons on the last part', () => {
    const long = Array.from({ length: 8 }, (_, i) => `Paragraph ${i} ${'x'.repeat(20)}`).join(
      '\n\n',
    );
    const messages = renderTelegram([{ kind: 'text', text: long }, question], 100);
    expect(messages.length).toBeGreaterThan(2);
    expect(messages.slice(0, -1).every((m) => m.keyboard === undefined)).toBe(true);
    expect(messages.at(-1)?.keyboard).toBeDefined();
    expect(messages.at(-1)?.html).toContain('attempts?');
    for (const m of messages)
      expect(m.html.startsWith('Paragraph') || m.html.startsWith('How')).toBe(true);
  });

  it('renders nothing for no replies', () => {
    expect(renderTelegram([])).toEqual([]);
  });
});

describe('choiceKeyboard', () => {
  it('puts short labels side by side in balanced rows, never more than Telegram allows', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ id: String(i), label: String(i) }));
    const rows = choiceKeyboard('failedAttempts', options).inline_keyboard;
    expect(rows.every((r) => r.length <= maxButtonsPerRow)).toBe(true);
    expect(rows.flat().map((b) => b.text)).toEqual(options.map((o) => o.label));
    expect(rows.map((r) => r.length)).toEqual([6, 6]);
  });

  it('keeps short answers like yes / no on one row', () => {
    const rows = choiceKeyboard('fearOfFailing', [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
      { id: 'unsure', label: 'Unsure' },
    ]).inline_keyboard;
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([['Yes', 'No', 'Unsure']]);
  });

  it('gives long labels a row each', () => {
    const rows = choiceKeyboard('failureCause', [
      { id: 'content_gaps', label: 'Gaps in content knowledge' },
      { id: 'time_management', label: 'Running out of time' },
      { id: 'unsure', label: 'Not sure' },
    ]).inline_keyboard;
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([
      ['Gaps in content knowledge'],
      ['Running out of time'],
      ['Not sure'],
    ]);
  });

  it('lays out every question of the knowledge base in rows of at most eight', () => {
    for (const q of kb.questions.values()) {
      const rows = choiceKeyboard(q.fact, q.options).inline_keyboard;
      expect(rows.every((r) => r.length >= 1 && r.length <= maxButtonsPerRow)).toBe(true);
    }
  });
});
