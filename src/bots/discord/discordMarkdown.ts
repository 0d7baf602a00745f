import { escapeMarkdown } from 'discord.js';
import { parseMarkup, type Segment } from '../../dialogue/markup.ts';
import { splitSegments } from '../segmentSplitting.ts';

/** Discord refuses a message whose content is longer than this many characters. */
export const discordContentLimit = 2000;

// A zero-width space after `@` keeps `@everyone`, `@here` and `<@id>` from reading as mentions
// even where a client would highlight them; allowed_mentions already stops the pings.
const zeroWidthSpace = '\u200B';

/**
 * Shows a person's own words literally: every markdown character escaped (headings, lists and
 * masked links too) and mentions broken up, so echoed text can neither format nor ping.
 */
export function literalText(text: string): string {
  return escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  }).replace(/@/g, `@${zeroWidthSpace}`);
}

/**
 * Renders the advisor's markup as Discord markdown, cut into messages of at most `limit`
 * characters as Discord counts them (markers and escapes included): at paragraph breaks first,
 * then line breaks, then spaces, and only mid-word for a single word longer than the limit.
 * Bold and italic stay markdown; `⟦…⟧` text is shown literally (see {@link literalText}).
 */
export function markupToDiscord(markup: string, limit = discordContentLimit): string[] {
  const measure = (segments: readonly Segment[]) => renderSegments(segments).length;
  return splitSegments(parseMarkup(markup), limit, measure)
    .map(renderSegments)
    .filter((chunk) => chunk !== '');
}

function renderSegment(segment: Segment): string {
  if (segment.text === '') return '';
  switch (segment.style) {
    case 'bold':
      return `**${contentText(segment.text)}**`;
    case 'italic':
      return `*${contentText(segment.text)}*`;
    case 'literal':
      return literalText(segment.text);
    default:
      return contentText(segment.text);
  }
}

// Knowledge texts are ours, but a stray `*` or `_` must not turn into formatting. Links stay as
// they are: a backslash inside a URL would break it.
function contentText(text: string): string {
  return text
    .split(/(https?:\/\/\S+)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part)))
    .join('');
}

function renderSegments(segments: readonly Segment[]): string {
  return segments.map(renderSegment).join('');
}
