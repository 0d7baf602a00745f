import type { ScoreEntry } from '../../src/rules/scoreLog.ts';

/** A plausible Step 2 CK log, rising toward the bar: the README's chart and the chart benchmark. */
export const exampleScoreLog: ScoreEntry[] = [
  { form: 'ck_nbme', number: 9, score: 204, day: '2026-09-20' },
  { form: 'ck_uwsa1', score: 209, day: '2026-10-04' },
  { form: 'ck_nbme', number: 10, score: 207, day: '2026-10-18' },
  { form: 'ck_nbme', number: 11, score: 215, day: '2026-11-01' },
  { form: 'ck_uwsa2', score: 219, day: '2026-11-15' },
  { form: 'ck_nbme', number: 12, score: 222, day: '2026-11-29' },
];
