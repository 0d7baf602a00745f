import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { assembleKnowledge, type RawKnowledgeFile } from './assemble.ts';
import { KnowledgeError } from './knowledgeError.ts';
import type { Knowledge } from './schema.ts';

/** The knowledge/ folder shipped with the project. */
export const defaultKnowledgeDir = fileURLToPath(new URL('../../knowledge', import.meta.url));

/** Reads every YAML file below `dir` and validates it into one {@link Knowledge}. */
export function loadKnowledge(dir: string = defaultKnowledgeDir): Knowledge {
  return assembleKnowledge(readKnowledgeFiles(dir));
}

/** Reads and YAML-parses every .yaml file below `dir`, in a stable order. */
export function readKnowledgeFiles(dir: string): RawKnowledgeFile[] {
  const paths = (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => p.endsWith('.yaml'))
    .sort();
  return paths.map((p) => {
    const name = relative(process.cwd(), join(dir, p)) || p;
    try {
      return { name, content: parse(readFileSync(join(dir, p), 'utf8')) };
    } catch (error) {
      throw new KnowledgeError(name, '', `not valid YAML: ${(error as Error).message}`);
    }
  });
}
