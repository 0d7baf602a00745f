import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeTextModel,
  type TextModel,
  TextModelFile,
} from '../dialogue/understand/textModel.ts';
import { assembleKnowledge, type RawKnowledgeFile } from './assemble.ts';
import { KnowledgeError, validKnowledge } from './knowledgeError.ts';
import type { Knowledge } from './schema.ts';
import {
  knowledgeFingerprint,
  knowledgeYamlPaths,
  readKnowledgeSnapshot,
  writeKnowledgeSnapshot,
} from './snapshot.ts';

/** The knowledge/ folder shipped with the project. */
export const defaultKnowledgeDir = fileURLToPath(new URL('../../knowledge', import.meta.url));

/**
 * Where the validated knowledge/ is kept between runs, beside the compiled code: a start reads
 * it instead of parsing and validating every YAML file, until a file in knowledge/ changes.
 */
export const knowledgeSnapshotPath = fileURLToPath(
  new URL('../../dist/knowledge.snapshot.json', import.meta.url),
);

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
 *
 * The two model files (about 1.6 MB of JSON) are read and validated on first use, since
 * only reading free text needs them: `advise` never pays for them. Call
 * {@link loadModelsNow} where a broken model file should stop a start-up instead.
 */
export function loadKnowledge(dir: string = defaultKnowledgeDir): Knowledge {
  const kb =
    dir === defaultKnowledgeDir
      ? snapshotKnowledge(dir)
      : assembleKnowledge(readKnowledgeFiles(dir));
  lazyModel(kb, 'intentModel', () => readTextModel(dir, modelFiles.intent));
  lazyModel(kb, 'safetyModel', () => readTextModel(dir, modelFiles.safety));
  return kb;
}

// The shipped knowledge/ through its snapshot: validated once per change of the files.
function snapshotKnowledge(dir: string): Knowledge {
  const fingerprint = knowledgeFingerprint(dir, knowledgeYamlPaths(dir, corpusFolder));
  const saved = readKnowledgeSnapshot(knowledgeSnapshotPath, fingerprint);
  if (saved) return { ...saved };
  const kb = assembleKnowledge(readKnowledgeFiles(dir));
  writeKnowledgeSnapshot(knowledgeSnapshotPath, fingerprint, kb);
  return kb;
}

/** Reads the knowledge's models now, so a broken model file fails here rather than mid-turn. */
export function loadModelsNow(kb: Knowledge): void {
  void kb.intentModel;
  void kb.safetyModel;
}

function lazyModel(
  kb: Knowledge,
  name: 'intentModel' | 'safetyModel',
  read: () => TextModel | undefined,
): void {
  let model: TextModel | undefined;
  let loaded = false;
  Object.defineProperty(kb, name, {
    enumerable: true,
    configurable: true,
    get() {
      if (!loaded) {
        model = read();
        loaded = true;
      }
      return model;
    },
  });
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

// The YAML parser costs about as much to load as everything else a command needs, and with a
// current snapshot nothing is parsed, so it is loaded on first use (synchronously, as CommonJS).
let yamlParse: ((text: string) => unknown) | undefined;
function parseYaml(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;
  return yamlParse(text);
}

/** Reads and YAML-parses every .yaml file below `dir`, in a stable order. */
export function readKnowledgeFiles(dir: string): RawKnowledgeFile[] {
  const paths = knowledgeYamlPaths(dir, corpusFolder);
  return paths.map((p) => {
    const name = relative(process.cwd(), join(dir, p)) || p;
    try {
      return { name, content: parseYaml(readFileSync(join(dir, p), 'utf8')) };
    } catch (error) {
      throw new KnowledgeError(name, '', `not valid YAML: ${(error as Error).message}`);
    }
  });
}
