import { pathToFileURL } from 'node:url';
import { intentTrainingSet, readCorpus, safetyTrainingSet } from '../../../src/knowledge/corpus.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import type { Knowledge } from '../../../src/knowledge/schema.ts';
import {
  crossValidateIntents,
  crossValidateSafety,
  factFigures,
  type HeldOutBatch,
  HeldOutRouting,
  HeldOutSafety,
  heldOutBatches,
  heldOutRouting,
  leaveOneWriterOut,
  type RoutingFigures,
  readHeldOut,
  readStories,
  type SafetyFigures,
  safetyFigures,
  share,
  type Tally,
} from './evaluationFigures.ts';

const percent = (t: Tally) => `${(share(t) * 100).toFixed(1)}% (${t.correct}/${t.total})`;
const flagged = (t: Tally) =>
  `${((1 - share(t)) * 100).toFixed(1)}% (${t.total - t.correct}/${t.total})`;

function routingLines(title: string, f: RoutingFigures, confusions = true): string[] {
  const lines = [`${title}: ${percent(f.overall)}`];
  for (const [label, t] of [...f.byLabel].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`    ${label.padEnd(28)} ${percent(t)}`);
  if (confusions) {
    const pairs = [...f.confusions].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    lines.push(`  confusions (expected → got): ${pairs.length === 0 ? 'none' : ''}`);
    for (const [pair, n] of pairs.slice(0, 15)) lines.push(`    ${n} × ${pair}`);
  }
  return lines;
}

function safetyLines(f: SafetyFigures): string[] {
  return [
    `  crisis flagged crisis or check:        ${percent(f.crisisCaught)}`,
    `  crisis flagged crisis itself:          ${percent(f.crisisAsCrisis)}`,
    `  check flagged check or crisis:         ${percent(f.checkCaught)}`,
    `  non-crisis flagged crisis:             ${flagged(f.nonCrisisClear)}`,
    `    of which none or distress:           ${flagged(f.safeClear)}`,
    `  idioms flagged crisis:                 ${flagged(f.idiomsClear)}`,
    `  idioms flagged anything:               ${flagged(f.idiomsUntouched)}`,
    `  safe messages raised to check or crisis: ${flagged(f.noneNotRaised)}`,
    `  distress flagged distress or higher:   ${percent(f.distressCaught)}`,
  ];
}

/** The held-out targets the issue sets, each with whether it was met. */
export function heldOutTargets(
  topics: RoutingFigures | undefined,
  safety: SafetyFigures,
): { name: string; met: boolean }[] {
  return [
    ...(topics ? [{ name: 'held-out top-1 topic ≥ 92%', met: share(topics.overall) >= 0.92 }] : []),
    {
      name: 'every held-out crisis message flagged crisis or check',
      met: safety.crisisCaught.correct === safety.crisisCaught.total,
    },
    {
      name: '≤ 3% of held-out non-crisis messages flagged crisis',
      met: 1 - share(safety.nonCrisisClear) <= 0.03,
    },
    {
      name: 'no held-out idiom flagged crisis',
      met: safety.idiomsClear.correct === safety.idiomsClear.total,
    },
  ];
}

/** The figures and targets of one held-out batch (routing, when written, and safety). */
export function heldOutReport(
  kb: Knowledge,
  batch: HeldOutBatch,
): { lines: string[]; targets: { name: string; met: boolean }[] } {
  const safety = safetyFigures(readHeldOut(batch.safety, HeldOutSafety), kb.safetyModel);
  const safetyPart = ['Safety:', ...safetyLines(safety)];
  if (!batch.routing) return { lines: safetyPart, targets: heldOutTargets(undefined, safety) };
  const routingSet = readHeldOut(batch.routing, HeldOutRouting);
  const routing = heldOutRouting(kb, routingSet);
  // The routing batches were written without any self-harm content: every safety
  // question or crisis reply there is a false alarm on an ordinary question.
  const ordinary = safetyFigures(
    routingSet.map((m) => ({ text: m.text, safety: 'none' as const })),
    kb.safetyModel,
  );
  return {
    lines: [
      ...routingLines('Top-1 topic', routing.topics),
      ...routingLines('Commands in words', routing.commands, false),
      `Second topic offered when the message raises one: ${percent(routing.also)}`,
      ...safetyPart,
      `  ordinary questions (the routing batch) asked the safety question or given crisis lines: ${flagged(ordinary.noneNotRaised)}`,
    ],
    targets: heldOutTargets(routing.topics, safety),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kb = loadKnowledge();
  const batches = readCorpus();
  const corpus = intentTrainingSet(batches, []);
  const examples = intentTrainingSet([], kb.intents);
  const safetyCorpus = safetyTrainingSet(batches);
  const idioms = new Set(
    batches.flatMap((b) => b.messages.filter((m) => m.idiom).map((m) => m.text)),
  );
  const showMisses = process.argv.includes('--misses');

  const cv = crossValidateIntents(kb, corpus, examples);
  const byWriter = leaveOneWriterOut(kb, batches);
  const safetyCv = crossValidateSafety(safetyCorpus, idioms);
  const facts = factFigures(kb, readStories());
  const reports = heldOutBatches.map((b) => ({ batch: b, ...heldOutReport(kb, b) }));
  const targets = [
    { name: '5-fold cross-validated top-1 topic ≥ 95%', met: share(cv.combined.overall) >= 0.95 },
    ...reports.flatMap((r) =>
      r.targets.map((t) => ({ ...t, name: `held-out ${r.batch.name}: ${t.name}` })),
    ),
  ];

  const lines = [
    `Training corpus: ${corpus.length} messages in ${batches.length} batches, plus ${examples.length} example phrases; safety: ${safetyCorpus.length} messages.`,
    '',
    '== 5-fold cross-validation on the training batches (the live reading path, retrained per fold) ==',
    `Example-phrase router (TF-IDF), top-1 topic: ${percent(cv.router.overall)}`,
    ...routingLines('Linear classifier, top-1 topic', cv.topics, false),
    `Classifier, with the router where the classifier is unsure, top-1 topic: ${percent(cv.combined.overall)}`,
    ...routingLines('Linear classifier, top-1 intent (FAQs, commands, other)', cv.intents),
    '',
    '== Leave one writer out (each decision batch read by a model trained on all the others) ==',
    `Top-1 topic: ${percent(byWriter.overall)}`,
    ...[...byWriter.byBatch].map(([name, t]) => `    ${name.padEnd(28)} ${percent(t)}`),
    '',
    'Safety screen, wording alone (no folds needed):',
    ...safetyLines(safetyCv.wordingOnly),
    'Safety screen, wording plus the trained screen:',
    ...safetyLines(safetyCv.combined),
    '',
    ...reports.flatMap((r) => [
      `== Held-out ${r.batch.name} (written blind; ${r.batch.use}) ==`,
      ...r.lines,
      '',
    ]),
    `Fact extraction on stories.yaml (field accuracy): ${percent(facts.overall)}`,
    '',
    ...targets.map((t) => `${t.met ? 'met   ' : 'MISSED'} ${t.name}`),
  ];
  if (showMisses)
    lines.push(
      '',
      'Cross-validation misses (training data):',
      ...cv.intents.misses.map((m) => `  ${m}`),
      ...safetyCv.combined.misses.map((m) => `  ${m}`),
      ...facts.misses.map((m) => `  ${m}`),
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = targets.every((t) => t.met) ? 0 : 1;
}
