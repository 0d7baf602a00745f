import { describe, expect, it } from 'vitest';
import { forTerminal, renderConsole } from '../../../src/bots/console/renderConsole.ts';
import { wrapText } from '../../../src/bots/console/wrapText.ts';
import { step } from '../../../src/dialogue/engine.ts';
import { freshSession } from '../../../src/dialogue/session.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';

const kb = loadKnowledge();

describe('terminal wording', () => {
  it('says to type a number, never to tap a button', () => {
    const asked = step(freshSession(), { kind: 'command', name: 'retake' }, kb).session!;
    const reprompt = step(asked, { kind: 'text', text: 'purple' }, kb).replies;
    const shown = renderConsole(reprompt, kb).text;
    expect(shown).not.toMatch(/tap a button|buttons/i);
    expect(shown).toMatch(/type a number/i);
    const help = renderConsole(step(asked, { kind: 'command', name: 'help' }, kb).replies, kb);
    expect(help.text).not.toMatch(/buttons/i);
    expect(forTerminal('Reply yes or no, tap a button, or say "not sure".')).toBe(
      'Reply yes or no, or say "not sure".',
    );
  });
});

describe('wrapping to the terminal', () => {
  it('keeps every line within the width, with a bullet’s indent on the next line', () => {
    const text = `• ${'word '.repeat(40).trim()}\nshort`;
    const wrapped = wrapText(text, 30);
    for (const line of wrapped.split('\n')) expect(line.length).toBeLessThanOrEqual(30);
    expect(wrapped.split('\n')[1]).toMatch(/^ {2}word/);
    expect(wrapped.replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('leaves text alone without a known width, and a long word whole', () => {
    expect(wrapText('a b c', undefined)).toBe('a b c');
    expect(wrapText(`${'x'.repeat(50)} y`, 30)).toBe(`${'x'.repeat(50)}\ny`);
  });
});
