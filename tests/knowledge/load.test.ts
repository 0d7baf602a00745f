import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir, modelFiles, readTextModel } from '../../src/knowledge/load.ts';

const dirs: string[] = [];
function knowledgeWith(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'trajectory-models-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'model'));
  for (const file of files) cpSync(join(defaultKnowledgeDir, file), join(dir, file));
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readTextModel', () => {
  it('reads a shipped model, and nothing where a folder has none', () => {
    const dir = knowledgeWith([modelFiles.safety]);
    expect(readTextModel(dir, modelFiles.safety)?.labels).toEqual([
      'check',
      'crisis',
      'distress',
      'none',
    ]);
    expect(readTextModel(dir, modelFiles.intent)).toBeUndefined();
  });

  it('names the broken file and says what is wrong with it', () => {
    const dir = knowledgeWith([]);
    writeFileSync(join(dir, modelFiles.intent), '{"format": 1');
    expect(() => readTextModel(dir, modelFiles.intent)).toThrow(
      /intent-model\.json.*not valid JSON/,
    );
    writeFileSync(join(dir, modelFiles.intent), '{"format": 2}');
    expect(() => readTextModel(dir, modelFiles.intent)).toThrow(/intent-model\.json/);
  });
});
