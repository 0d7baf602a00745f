import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  decodeTextModel,
  type TextModel,
  TextModelFile,
} from '../dialogue/understand/textModel.ts';
import { assembleKnowledge, type RawKnowledgeFile } from './assemble.ts';
import { KnowledgeError, validKnowledge } from './knowledgeError.ts';
import type { Knowledge } from './schema.ts';

/** The knowledge/ folder shipped with the project. */
export const defaultKnowledgeDir = fileURLToPath(new URL('../../knowledge', import.meta.url));

/** The folder below knowledge/ with the labelled training messages; not content the bot says. */
export const corpusFolder = 'corpus';

/** The trained classifiers below knowledge/, built by `npm run train:models`. */
export const modelFiles = {
  intent: join('model', 'intent-model.json'),
  safety: join('model', 'safety-model.json'),
} as const;

/**
 * Reads every YAML file below `dir` and validates it into one {@link Knowledge},
 * with the trained intent model when the folder has one.
 */
export function loadKnowledge(dir: string = defaultKnowledgeDir): Knowledge {
  return {
    ...assembleKnowledge(readKnowledgeFiles(dir)),
    intentModel: readTextModel(dir, modelFiles.intent),
    safetyModel: readTextModel(dir, modelFiles.safety),
  };
}

/** A shipped classifier, validated; undefined when the folder has none. */
export function readTextModel(dir: string, file: string): TextModel | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  const name = relative(process.cwd(), path) || path;
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KnowledgeError(name, '', `not valid JSON: ${(error as Error).message}`);
  }
  const model = validKnowledge(name, TextModelFile, content);
  try {
    return decodeTextModel(model);
  } catch (error) {
    throw new KnowledgeError(name, '', (error as Error).message);
  }
}

/** Reads and YAML-parses every .yaml file below `dir`, in a stable order. */
export function readKnowledgeFiles(dir: string): RawKnowledgeFile[] {
  const paths = (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => p.endsWith('.yaml') && !p.startsWith(`${corpusFolder}/`))
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
