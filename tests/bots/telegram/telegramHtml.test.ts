import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  markupToHtml,
  telegramTextLimit,
} from '../../../src/bots/telegram/telegramHtml.ts';
import { quoteUserText } from '../../../src/dialogue/markup.ts';

/** What Telegram would display: tags dropped, the three entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<\/?[bi]>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('escapeHtml', () => {
  it('escapes the three characters Telegram’s HTML mode reserves', () => {
    expect(escapeHtml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('markupToHtml', () => {
  it('renders bold and italic as tags and escapes every segment', () => {
    expect(markupToHtml('**Why & how** _<soon>_ • plain <x>')).toEqual([
      '<b>Why &amp; how</b> <i>&lt;soon&gt;</i> • plain &lt;x&gt;',
    ]);
  });

  it('shows a person’s words literally, markup characters included', () => {
    const quoted = quoteUserText('<b>hi</b> & **not bold** <script>alert(1)</script>');
    const [html] = markupToHtml(`I didn't catch ${quoted}.`);
    expect(html).toBe(
      "I didn't catch &lt;b&gt;hi&lt;/b&gt; &amp; **not bold** &lt;script&gt;alert(1)&lt;/script&gt;.",
    );
    expect(html).not.toContain('<b>');
  });

  it('keeps a short text in one message', () => {
    expect(markupToHtml('one\n\ntwo')).toEqual(['one\n\ntwo']);
  });

  it('splits a long text at paragraph breaks, each part within the limit', () => {
    const paragraphs = Array.from(
      { length: 12 },
      (_, i) => `**Part ${i}** ${'word '.repeat(80).trim()}`,
    );
    const parts = markupToHtml(paragraphs.join('\n\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(visible(part).length).toBeLessThanOrEqual(telegramTextLimit);
      // Every part starts at a paragraph start and ends at a paragraph end.
      expect(part.startsWith('<b>Part ')).toBe(true);
      expect(part.endsWith('word')).toBe(true);
    }
    expect(parts.map(visible).join('\n\n')).toBe(
      visible(markupToHtml(paragraphs.join('\n\n'), 1e9)[0] ?? ''),
    );
  });

  it('measures the visible length, so escaped characters are not over-counted', () => {
    const text = '<'.repeat(telegramTextLimit);
    expect(markupToHtml(text)).toEqual(['&lt;'.repeat(telegramTextLimit)]);
  });

  it('falls back to line breaks, then spaces, then a hard cut', () => {
    expect(markupToHtml('aaaa\nbbbb\ncc', 9)).toEqual(['aaaa\nbbbb', 'cc']);
    expect(markupToHtml('aaaa bbbb cc', 9)).toEqual(['aaaa bbbb', 'cc']);
    expect(markupToHtml('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    // Never inside a surrogate pair.
    expect(markupToHtml('😀😀😀', 3)).toEqual(['😀', '😀', '😀']);
  });

  it('keeps the style of a bold passage cut across two messages', () => {
    expect(markupToHtml('**aaaa bbbb**', 4)).toEqual(['<b>aaaa</b>', '<b>bbbb</b>']);
  });

  it('drops empty and whitespace-only parts', () => {
    expect(markupToHtml('  \n\n  ')).toEqual([]);
    expect(markupToHtml('\n\nhello\n\n\n\n')).toEqual(['hello']);
  });
});
