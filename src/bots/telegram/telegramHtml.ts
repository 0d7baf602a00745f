import { parseMarkup, type Segment } from '../../dialogue/markup.ts';

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
  return packSegments(parseMarkup(markup), limit, ['\n\n', '\n', ' '])
    .map(trimChunk)
    .filter((chunk) => visibleLength(chunk) > 0)
    .map((chunk) => chunk.map(segmentHtml).join(''));
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

function packSegments(segments: Segment[], limit: number, separators: string[]): Segment[][] {
  if (visibleLength(segments) <= limit) return [segments];
  const [separator, ...finer] = separators;
  if (separator === undefined) return cutSegments(segments, limit);
  const chunks: Segment[][] = [];
  let current: Segment[] | undefined;
  for (const part of splitSegments(segments, separator)) {
    if (visibleLength(part) > limit) {
      if (current) chunks.push(current);
      current = undefined;
      chunks.push(...packSegments(part, limit, finer));
      continue;
    }
    const joined: Segment[] = current
      ? [...current, { text: separator, style: 'plain' }, ...part]
      : part;
    if (visibleLength(joined) <= limit) {
      current = joined;
    } else {
      if (current) chunks.push(current);
      current = part;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Splits styled text at every `separator`, dropping it; each part keeps its segments' styles. */
function splitSegments(segments: readonly Segment[], separator: string): Segment[][] {
  const parts: Segment[][] = [[]];
  for (const segment of segments) {
    segment.text.split(separator).forEach((piece, i) => {
      if (i > 0) parts.push([]);
      if (piece !== '') parts.at(-1)?.push({ text: piece, style: segment.style });
    });
  }
  return parts;
}

/** Last resort for one word longer than a message: cut by code points, never inside a surrogate pair. */
function cutSegments(segments: readonly Segment[], limit: number): Segment[][] {
  const chunks: Segment[][] = [];
  let current: Segment[] = [];
  let length = 0;
  for (const segment of segments) {
    let piece = '';
    for (const char of segment.text) {
      if (length + char.length > limit) {
        if (piece !== '') current.push({ text: piece, style: segment.style });
        chunks.push(current);
        current = [];
        piece = '';
        length = 0;
      }
      piece += char;
      length += char.length;
    }
    if (piece !== '') current.push({ text: piece, style: segment.style });
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

// Telegram trims messages itself; trimming here keeps the length check and empty-chunk test honest.
function trimChunk(chunk: readonly Segment[]): Segment[] {
  const trimmed = chunk.map((s) => ({ ...s }));
  while (trimmed[0] && trimmed[0].text.trimStart() === '') trimmed.shift();
  while (trimmed.at(-1) && trimmed.at(-1)?.text.trimEnd() === '') trimmed.pop();
  const first = trimmed[0];
  if (first) first.text = first.text.trimStart();
  const last = trimmed.at(-1);
  if (last) last.text = last.text.trimEnd();
  return trimmed;
}
