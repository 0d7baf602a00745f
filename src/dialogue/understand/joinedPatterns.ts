/**
 * How many patterns are joined into one. Groups of 32 read the hundred longest held-out
 * stories through the safety wording in ≈ 97–102 µs each, against 129–133 µs in groups of
 * eight (December 2026, interleaved runs, before the shared word start below; with it, 16,
 * 32 and 64 read the same in place). Larger groups cost more to compile at the first
 * message a process reads (all of the safety wording as one pattern: ≈ 255 ms).
 */
const patternsPerGroup = 32;

/** A test that matches wherever any one of a list of patterns does. */
export interface AnyPattern {
  test(text: string): boolean;
}

/**
 * Patterns that together match where any of `patterns` does, joined a few at a time. Read
 * one by one, each pattern scans the whole text; joined, the text is scanned once per
 * group. Patterns that start at a word start (`\b`, maybe after lookbehinds) are joined
 * behind a single `\b`, so the engine tries them only where a word starts instead of
 * testing `\b` once per pattern at every character: that halved the safety wording's cost
 * on long stories (≈ 111 → 60 µs, December 2026). `g` is ignored (only `replace` needs it);
 * patterns are grouped by their other flags; a back-reference cannot be joined.
 */
export function anyPattern(patterns: readonly RegExp[]): AnyPattern {
  const byFlags = new Map<string, { led: string[]; rest: string[] }>();
  for (const p of patterns) {
    if (/\\[1-9]|\\k</.test(p.source))
      throw new Error(`joined patterns: ${p} refers back to a group and cannot be joined`);
    const flags = p.flags.replace('g', '');
    let lists = byFlags.get(flags);
    if (!lists) {
      lists = { led: [], rest: [] };
      byFlags.set(flags, lists);
    }
    const after = afterWordStart(p.source);
    if (after === undefined) lists.rest.push(p.source);
    else lists.led.push(after);
  }
  const groups: RegExp[] = [];
  for (const [flags, { led, rest }] of byFlags) {
    for (let i = 0; i < led.length; i += patternsPerGroup)
      groups.push(new RegExp(`\\b(?:${alternatives(led.slice(i, i + patternsPerGroup))})`, flags));
    for (let i = 0; i < rest.length; i += patternsPerGroup)
      groups.push(new RegExp(alternatives(rest.slice(i, i + patternsPerGroup)), flags));
  }
  return { test: (text) => groups.some((g) => g.test(text)) };
}

function alternatives(sources: readonly string[]): string {
  return sources.map((s) => `(?:${s})`).join('|');
}

/**
 * The pattern without the `\b` that starts each of its top-level alternatives (lookbehinds
 * before it kept: two assertions at one place hold in either order); undefined when an
 * alternative does not start at a word start.
 */
export function afterWordStart(source: string): string | undefined {
  const out: string[] = [];
  for (const alternative of topLevelAlternatives(source)) {
    let at = 0;
    while (alternative.startsWith('(?<!', at) || alternative.startsWith('(?<=', at))
      at = groupEnd(alternative, at);
    if (!alternative.startsWith('\\b', at)) return undefined;
    out.push(alternative.slice(0, at) + alternative.slice(at + 2));
  }
  return out.join('|');
}

/** The top-level alternatives of a pattern's source, split at `|` outside groups and classes. */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** Where the group opening at `open` ends (just past its `)`). */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return source.length;
}
