import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultKnowledgeDir,
  modelFiles,
  readTextModel,
  readTextModels,
} from '../../src/knowledge/load.ts';

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

describe('readTextModels', () => {
  it('reads both shipped models into one table', () => {
    const both = readTextModels(defaultKnowledgeDir);
    expect(both.intent?.table).toBe(both.safety?.table);
    expect(both.intent?.labels).toEqual(
      readTextModel(defaultKnowledgeDir, modelFiles.intent)?.labels,
    );
    expect(both.safety?.labels).toEqual(['check', 'crisis', 'distress', 'none']);
  });

  it('reads the one model a folder has, and neither when it has none', () => {
    const safetyOnly = readTextModels(knowledgeWith([modelFiles.safety]));
    expect(safetyOnly.intent).toBeUndefined();
    expect(safetyOnly.safety?.labels).toEqual(['check', 'crisis', 'distress', 'none']);
    expect(readTextModels(knowledgeWith([]))).toEqual({ intent: undefined, safety: undefined });
  });

  it('names the broken file', () => {
    const dir = knowledgeWith([modelFiles.safety]);
    writeFileSync(join(dir, modelFiles.intent), '{"format": 1');
    expect(() => readTextModels(dir)).toThrow(/intent-model\.json.*not valid JSON/);
  });
});
