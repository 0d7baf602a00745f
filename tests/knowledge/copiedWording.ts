/** Words as the copy check compares them: lowercase, curly quotes straightened, punctuation dropped. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[–—-]/g, ' ')
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0);
}

/** Every run of `length` consecutive words in `text`, joined by single spaces. */
export function runsOf(text: string, length: number): Set<string> {
  const words = wordsOf(text);
  const runs = new Set<string>();
  for (let i = 0; i + length <= words.length; i++) runs.add(words.slice(i, i + length).join(' '));
  return runs;
}

/** One string found in a knowledge file, with where it sits. */
export interface KnowledgeString {
  file: string;
  path: string;
  text: string;
}

/** Every string value inside parsed YAML, with its path. */
export function stringsIn(file: string, value: unknown, path = ''): KnowledgeString[] {
  if (typeof value === 'string') return [{ file, path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(file, v, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringsIn(file, v, path ? `${path}.${k}` : k));
  }
  return [];
}
