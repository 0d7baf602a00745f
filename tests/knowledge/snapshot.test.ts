import { cpSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleKnowledge } from '../../src/knowledge/assemble.ts';
import {
  corpusFolder,
  defaultKnowledgeDir,
  loadKnowledge,
  readKnowledgeFiles,
} from '../../src/knowledge/load.ts';
import {
  knowledgeFingerprint,
  knowledgeYamlPaths,
  readKnowledgeSnapshot,
  writeKnowledgeSnapshot,
} from '../../src/knowledge/snapshot.ts';

const temp = mkdtempSync(join(tmpdir(), 'trajectory-snapshot-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the knowledge snapshot', () => {
  const fresh = assembleKnowledge(readKnowledgeFiles(defaultKnowledgeDir));
  const paths = knowledgeYamlPaths(defaultKnowledgeDir, corpusFolder);
  const fingerprint = knowledgeFingerprint(defaultKnowledgeDir, paths);

  it('reads back exactly the validated knowledge', () => {
    const path = join(temp, 'a.json');
    writeKnowledgeSnapshot(path, fingerprint, fresh);
    expect(readKnowledgeSnapshot(path, fingerprint)).toEqual(fresh);
  });

  it('is ignored once any knowledge file changed, or when missing or corrupt', () => {
    const dir = join(temp, 'knowledge');
    cpSync(defaultKnowledgeDir, dir, { recursive: true });
    const before = knowledgeFingerprint(dir, knowledgeYamlPaths(dir, corpusFolder));
    const path = join(temp, 'b.json');
    writeKnowledgeSnapshot(path, before, fresh);
    const first = knowledgeYamlPaths(dir, corpusFolder)[0] ?? '';
    utimesSync(join(dir, first), new Date(), new Date(Date.now() + 5000));
    const after = knowledgeFingerprint(dir, knowledgeYamlPaths(dir, corpusFolder));
    expect(after).not.toBe(before);
    expect(readKnowledgeSnapshot(path, after)).toBeUndefined();
    expect(readKnowledgeSnapshot(join(temp, 'none.json'), before)).toBeUndefined();
  });

  it('gives loadKnowledge the same knowledge, models included, as validating from scratch', () => {
    const kb = loadKnowledge();
    expect({ ...kb, intentModel: undefined, safetyModel: undefined }).toEqual({
      ...fresh,
      intentModel: undefined,
      safetyModel: undefined,
    });
    expect(kb.intentModel?.labels.length).toBeGreaterThan(1);
    expect(kb.safetyModel?.labels.length).toBeGreaterThan(1);
  });
});
