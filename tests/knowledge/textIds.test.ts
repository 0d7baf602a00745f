import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';

const kb = loadKnowledge();

/** Every literal knowledge id of the conversation texts that the source code names. */
function literalTextIds(): { id: string; file: string }[] {
  const found: { id: string; file: string }[] = [];
  const files = (readdirSync('src', { recursive: true }) as string[]).filter((f) =>
    f.endsWith('.ts'),
  );
  for (const file of files) {
    const source = readFileSync(join('src', file), 'utf8');
    for (const match of source.matchAll(
      /'((?:dialogue|telegram|discord|understand|safety|direct)\.[a-z0-9_.]+)'/g,
    )) {
      found.push({ id: match[1]!, file });
    }
  }
  return found;
}

describe('texts named in code', () => {
  it('all exist in knowledge/, so no reply can fail for want of its words', () => {
    const ids = literalTextIds();
    expect(ids.length).toBeGreaterThan(50);
    const missing = ids.filter(({ id }) => id !== 'discord.js' && !kb.entries.has(id));
    expect(missing).toEqual([]);
  });
});
