import { parseMarkup, type Segment } from '../../dialogue/markup.ts';
import { splitSegments } from '../segmentSplitting.ts';

/** Telegram refuses a message whose text, once its HTML is parsed, is longer than this. */
export const telegramTextLimit = 4096;

/** Escapes text for Telegram's HTML parse mode, which knows only `&lt;`, `&gt;`, `&amp;` and `&quot;`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * Renders the advisor's markup as Telegram HTML, cut into messages that each fit `limit`
 * characters of visible text: at paragraph breaks first, then line breaks, then spaces, and
 * only mid-word for a single word longer than the limit. Every segment is escaped, so a
 * person's own words (`⟦…⟧`) and any `<`, `>` or `&` in the content arrive literally.
 */
export function markupToHtml(markup: string, limit = telegramTextLimit): string[] {
  return splitSegments(parseMarkup(markup), limit, visibleLength).map((chunk) =>
    chunk.map(segmentHtml).join(''),
  );
}

function segmentHtml(segment: Segment): string {
  const text = escapeHtml(segment.text);
  if (text === '') return '';
  if (segment.style === 'bold') return `<b>${text}</b>`;
  if (segment.style === 'italic') return `<i>${text}</i>`;
  return text;
}

// Telegram counts the parsed text, where `&lt;` is one character, so length is measured on the
// segments before escaping.
function visibleLength(segments: readonly Segment[]): number {
  return segments.reduce((sum, s) => sum + s.text.length, 0);
}
