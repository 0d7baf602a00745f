import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Knowledge } from './schema.ts';

/** Bumped whenever the Knowledge shape changes, so an old snapshot is never read as a new one. */
const SNAPSHOT_FORMAT = 1;

/** The parts of Knowledge a snapshot holds: everything but the lazily read models. */
type SnapshotKnowledge = Omit<Knowledge, 'intentModel' | 'safetyModel'>;

interface SnapshotFile {
  format: number;
  fingerprint: string;
  knowledge: {
    sources: [string, unknown][];
    entries: [string, unknown][];
    questions: [string, unknown][];
    rest: Record<string, unknown>;
  };
}

/**
 * What the knowledge files are right now, cheaply: names, sizes and modification times of the
 * YAML files that make up Knowledge. Any edit, checkout or added file changes it.
 */
export function knowledgeFingerprint(dir: string, paths: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(`${SNAPSHOT_FORMAT}\n`);
  for (const path of paths) {
    const stat = statSync(join(dir, path));
    hash.update(`${path}\t${stat.size}\t${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The YAML files below `dir` that make up Knowledge, sorted; `skip` is a folder left out. */
export function knowledgeYamlPaths(dir: string, skip: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => p.endsWith('.yaml') && !p.startsWith(`${skip}/`))
    .sort();
}

/**
 * The validated knowledge saved by {@link writeKnowledgeSnapshot}, if the snapshot exists and
 * was made from files with this fingerprint; undefined otherwise (never throws).
 */
export function readKnowledgeSnapshot(
  path: string,
  fingerprint: string,
): SnapshotKnowledge | undefined {
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile;
    if (file.format !== SNAPSHOT_FORMAT || file.fingerprint !== fingerprint) return undefined;
    const { sources, entries, questions, rest } = file.knowledge;
    return {
      ...rest,
      sources: new Map(sources),
      entries: new Map(entries),
      questions: new Map(questions),
    } as unknown as SnapshotKnowledge;
  } catch {
    return undefined;
  }
}

/**
 * Saves validated knowledge for the next start. Best effort: a read-only install simply
 * validates the YAML each time.
 */
export function writeKnowledgeSnapshot(
  path: string,
  fingerprint: string,
  kb: SnapshotKnowledge,
): void {
  const { sources, entries, questions, ...rest } = kb;
  const file: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    fingerprint,
    knowledge: {
      sources: [...sources],
      entries: [...entries],
      questions: [...questions],
      rest: Object.fromEntries(
        Object.entries(rest).filter(([key]) => key !== 'intentModel' && key !== 'safetyModel'),
      ),
    },
  };
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed, so a concurrent start never reads half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(file));
    renameSync(temporary, path);
  } catch {
    // Nothing lost: the snapshot only saves time.
  }
}
