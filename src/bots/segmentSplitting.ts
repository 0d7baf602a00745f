import type { Segment } from '../dialogue/markup.ts';

/** How long a run of segments is once rendered, as the platform counts its limit. */
export type SegmentMeasure = (segments: readonly Segment[]) => number;

/**
 * Cuts styled text into chunks that each measure at most `limit`: at paragraph breaks first,
 * then line breaks, then spaces, and only mid-word for a single word longer than the limit.
 * Chunks are trimmed and never empty. Nothing here knows a platform — `measure` says how long a
 * chunk is once rendered (Discord counts markdown markers and escapes), so a platform's own
 * renderer decides what fits.
 */
export function splitSegments(
  segments: readonly Segment[],
  limit: number,
  measure: SegmentMeasure,
): Segment[][] {
  return pack([...segments], limit, measure, ['\n\n', '\n', ' '])
    .map(trimChunk)
    .filter((chunk) => chunk.length > 0);
}

function pack(
  segments: Segment[],
  limit: number,
  measure: SegmentMeasure,
  separators: string[],
): Segment[][] {
  if (measure(segments) <= limit) return [segments];
  const [separator, ...finer] = separators;
  if (separator === undefined) return cut(segments, limit, measure);
  const chunks: Segment[][] = [];
  let current: Segment[] | undefined;
  for (const part of splitAt(segments, separator)) {
    if (measure(part) > limit) {
      if (current) chunks.push(current);
      current = undefined;
      chunks.push(...pack(part, limit, measure, finer));
      continue;
    }
    const joined: Segment[] = current
      ? [...current, { text: separator, style: 'plain' }, ...part]
      : part;
    if (measure(joined) <= limit) {
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
function splitAt(segments: readonly Segment[], separator: string): Segment[][] {
  const parts: Segment[][] = [[]];
  for (const segment of segments) {
    segment.text.split(separator).forEach((piece, i) => {
      if (i > 0) parts.push([]);
      if (piece !== '') parts.at(-1)?.push({ text: piece, style: segment.style });
    });
  }
  return parts;
}

/**
 * Last resort for one word longer than a chunk: cut by code points (never inside a surrogate
 * pair), finding each cut by bisection on the measured length, since rendering (escapes, say)
 * can make a piece longer than its text.
 */
function cut(segments: readonly Segment[], limit: number, measure: SegmentMeasure): Segment[][] {
  const chunks: Segment[][] = [];
  let current: Segment[] = [];
  for (const segment of segments) {
    let chars = [...segment.text];
    while (chars.length > 0) {
      const piece = (n: number) => ({ text: chars.slice(0, n).join(''), style: segment.style });
      let fits = 0;
      let tooLong = chars.length + 1;
      while (tooLong - fits > 1) {
        const middle = Math.floor((fits + tooLong) / 2);
        if (measure([...current, piece(middle)]) <= limit) fits = middle;
        else tooLong = middle;
      }
      if (fits === 0 && current.length > 0) {
        chunks.push(current);
        current = [];
        continue;
      }
      const taken = Math.max(fits, 1);
      current.push(piece(taken));
      chars = chars.slice(taken);
      if (chars.length > 0) {
        chunks.push(current);
        current = [];
      }
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

// Platforms trim messages themselves; trimming here keeps the length check and empty-chunk test honest.
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
