import { pathToFileURL } from 'node:url';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import {
  type EvaluationFigures,
  evaluate,
  heldOutSetFile,
  readEvaluationSet,
  share,
  type Tally,
  targetsMet,
  tuningSetFiles,
} from './evaluationFigures.ts';

const percent = (t: Tally) => `${(share(t) * 100).toFixed(1)}% (${t.correct}/${t.total})`;
const rate = (t: Tally) =>
  `${((1 - share(t)) * 100).toFixed(1)}% (${t.total - t.correct}/${t.total})`;

/** The report `npm run eval:intents` prints, one line per figure. */
export function report(figures: EvaluationFigures, verbose = false): string[] {
  const lines = [`Intent accuracy: ${percent(figures.intents.overall)}`, '', 'By intent:'];
  const width = Math.max(...[...figures.intents.byIntent.keys()].map((k) => k.length));
  for (const [intent, t] of [...figures.intents.byIntent].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${intent.padEnd(width)}  ${percent(t)}`);
  lines.push('', 'Confusion pairs (expected → routed):');
  const pairs = [...figures.intents.confusions].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
  if (pairs.length === 0) lines.push('  none');
  for (const [pair, n] of pairs) lines.push(`  ${n} × ${pair}`);
  const s = figures.safety;
  lines.push(
    '',
    'Safety:',
    `  crisis recall:                          ${percent(s.crisisRecall)}`,
    `  crisis false positives (all non-crisis): ${rate(s.crisisFalsePositives)}`,
    `  crisis or distress on "kill/die" talk:   ${rate(s.figurativeFalsePositives)}`,
    `  distress recall:                        ${percent(s.distressRecall)}`,
    `  distress flagged on ordinary messages:  ${rate(s.distressFalsePositives)}`,
    '',
    `Fact extraction (field accuracy): ${percent(figures.facts.overall)}`,
  );
  for (const [field, t] of [...figures.facts.byField].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${field.padEnd(22)}  ${percent(t)}`);
  const targets = targetsMet(figures);
  lines.push(
    '',
    targets.met ? 'All targets met.' : `Targets missed: ${targets.failures.join('; ')}`,
  );
  if (verbose && figures.misses.length > 0)
    lines.push('', 'Misses:', ...figures.misses.map((m) => `  ${m}`));
  return lines;
}

/** The held-out figures, in brief. */
export function heldOutReport(figures: EvaluationFigures): string[] {
  const s = figures.safety;
  return [
    `Intent accuracy: ${percent(figures.intents.overall)}`,
    `Crisis recall: ${percent(s.crisisRecall)}; crisis false positives: ${rate(s.crisisFalsePositives)}`,
    `Distress recall: ${percent(s.distressRecall)}`,
    `Fact extraction (field accuracy): ${percent(figures.facts.overall)}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kb = loadKnowledge();
  const verbose = process.argv.includes('--misses');
  const figures = evaluate(kb, readEvaluationSet(...tuningSetFiles));
  const heldOut = evaluate(kb, readEvaluationSet(heldOutSetFile));
  const lines = [
    `Evaluation set (${tuningSetFiles.join(', ')}), which the targets apply to:`,
    '',
    ...report(figures, verbose),
    '',
    `Held-out set (${heldOutSetFile}), written after tuning; routing and facts never tuned on it:`,
    ...heldOutReport(heldOut).map((l) => `  ${l}`),
  ];
  if (verbose) lines.push(...heldOut.misses.map((m) => `  ${m}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = targetsMet(figures).met ? 0 : 1;
}
