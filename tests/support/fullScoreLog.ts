import type { Session } from '../../src/dialogue/session.ts';
import type { Knowledge } from '../../src/knowledge/schema.ts';
import { dayOfNumber, maxScoreEntries, type ScoreEntry } from '../../src/rules/scoreLog.ts';
import { largestSession } from './largestSession.ts';

/** A full score log: 30 entries with the longest form id, a form number and three-digit scores. */
export function fullScoreLog(kb: Knowledge): ScoreEntry[] {
  const form = [...kb.practiceForms].sort((a, b) => b.id.length - a.id.length)[0]!;
  return Array.from({ length: maxScoreEntries }, (_, i) => ({
    form: form.id,
    number: 60,
    score: 300 - i,
    day: dayOfNumber(20_000 + i * 3),
  }));
}

/** The largest session the engine can hold, with a full practice-score log besides. */
export function largestSessionWithScores(kb: Knowledge): Session {
  return { ...largestSession(kb), scores: fullScoreLog(kb) };
}
