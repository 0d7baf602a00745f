import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultKnowledgeDir, readKnowledgeFiles } from '../../src/knowledge/load.ts';
import { runsOf, stringsIn } from './copiedWording.ts';

// The seed article lives beside the repository, not in it; a checkout without it can't
// run this check, and says so rather than passing silently.
const articlePath = fileURLToPath(
  new URL('../../../shared/seeds/failed-exam-attempt-img-article.txt', import.meta.url),
);
const article = existsSync(articlePath) ? readFileSync(articlePath, 'utf8') : undefined;
if (article === undefined) {
  console.warn(`copy check skipped: the seed article is not at ${articlePath}`);
}
const runLength = 10;

function isArticleName(content: unknown, path: string): boolean {
  const match = /^sources\.(\d+)\.(title|url)$/.exec(path);
  if (!match) return false;
  const sources = (content as { sources?: { id?: string }[] }).sources ?? [];
  return sources[Number(match[1])]?.id === 'article';
}

describe.skipIf(article === undefined)(
  `knowledge/ in our own words${article === undefined ? ` (skipped: the seed article is not at ${articlePath})` : ''}`,
  () => {
    it(`repeats no run of ${runLength} consecutive words from the seed article`, () => {
      const articleRuns = runsOf(article ?? '', runLength);
      const copied: string[] = [];
      for (const { name, content } of readKnowledgeFiles(defaultKnowledgeDir)) {
        for (const s of stringsIn(name, content)) {
          // The article's own title (and the URL made from it) names the source; quoting
          // it there is the point.
          if (name.endsWith('sources.yaml') && isArticleName(content, s.path)) continue;
          for (const run of runsOf(s.text, runLength)) {
            if (articleRuns.has(run)) copied.push(`${s.file} ${s.path}: "${run}"`);
          }
        }
      }
      expect(copied).toEqual([]);
    });

    it('catches a copied run, so an empty result above means something', () => {
      const sentence = 'A failed attempt makes things harder, not impossible.';
      const line = 'Your trajectory after the failure matters more than the failure itself.';
      expect(runsOf(`${sentence} ${line}`, runLength).size).toBeGreaterThan(0);
      const articleRuns = runsOf(article ?? '', runLength);
      expect([...runsOf(line, runLength)].some((r) => articleRuns.has(r))).toBe(true);
    });
  },
);
