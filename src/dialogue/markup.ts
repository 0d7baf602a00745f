/**
 * The advisor's light markup, shared by every reply: `**bold**`, `_italic_`,
 * `• ` bullets (plain text) and `⟦…⟧` around anything a person typed, which
 * renderers must show literally — escaped for HTML or markdown, never formatted.
 */
export interface Segment {
  text: string;
  style: 'plain' | 'bold' | 'italic' | 'literal';
}

const open = '\u27E6';
const close = '\u27E7';

/** Marks a person's own words for literal display, trimmed to `max` characters on one line. */
export function quoteUserText(said: string, max = 80): string {
  const clean = said
    .replace(/[\u27E6\u27E7]/g, '')
    // Bidi controls could turn the echoed words, and the bot's text after them, around.
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, ' ')
    .trim();
  const cut = [...clean];
  const shown = cut.length > max ? `${cut.slice(0, max).join('')}…` : clean;
  return `${open}${shown}${close}`;
}

/** Splits markup into styled segments; unmatched markers stay as plain text. */
export function parseMarkup(markup: string): Segment[] {
  const segments: Segment[] = [];
  const pattern =
    /\u27E6([^\u27E7]*)\u27E7|\*\*(.+?)\*\*|(?<![\p{L}\p{N}])_(.+?)_(?![\p{L}\p{N}])/gsu;
  let last = 0;
  for (const match of markup.matchAll(pattern)) {
    if (match.index > last)
      segments.push({ text: markup.slice(last, match.index), style: 'plain' });
    if (match[1] !== undefined) segments.push({ text: match[1], style: 'literal' });
    else if (match[2] !== undefined) segments.push({ text: match[2], style: 'bold' });
    else segments.push({ text: match[3] ?? '', style: 'italic' });
    last = match.index + match[0].length;
  }
  if (last < markup.length) segments.push({ text: markup.slice(last), style: 'plain' });
  return segments;
}

/** Renders markup by giving each segment style its own rendering. */
export function renderMarkup(
  markup: string,
  render: Record<Segment['style'], (text: string) => string>,
): string {
  return parseMarkup(markup)
    .map((s) => render[s.style](s.text))
    .join('');
}
