import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaultTraining,
  encodeTextModel,
  trainOnTexts,
} from '../dialogue/understand/textModelTraining.ts';
import {
  corpusDigest,
  intentTrainingSet,
  type LabelledText,
  readCorpus,
  safetyTrainingSet,
} from '../knowledge/corpus.ts';
import { defaultKnowledgeDir, loadKnowledge, modelFiles } from '../knowledge/load.ts';
import { trainUsage } from './usage.ts';

export { trainUsage };

/**
 * `trajectory train`: trains the intent and safety classifiers on knowledge/corpus
 * (plus the intents' example phrases) and writes them to knowledge/model/. With
 * `--check` it writes nothing and fails when a shipped model is stale.
 */
export function trainCommand(args: string[]): { text: string; ok: boolean } {
  const { values } = parseArgs({ args, options: { check: { type: 'boolean', default: false } } });
  const kb = loadKnowledge();
  const batches = readCorpus();
  const sets: [keyof typeof modelFiles, LabelledText[]][] = [
    ['intent', intentTrainingSet(batches, kb.intents)],
    ['safety', safetyTrainingSet(batches)],
  ];
  const lines: string[] = [];
  let ok = true;
  for (const [kind, labelled] of sets) {
    const digest = corpusDigest(labelled);
    const path = join(defaultKnowledgeDir, modelFiles[kind]);
    const shipped = kind === 'intent' ? kb.intentModel : kb.safetyModel;
    if (values.check) {
      const fresh = shipped?.digest === digest;
      lines.push(`${kind}: ${fresh ? 'up to date' : 'stale — run `npm run train`'}`);
      ok &&= fresh;
      continue;
    }
    const started = performance.now();
    const model = trainOnTexts(labelled, defaultTraining);
    const file = encodeTextModel(model, digest, {
      messages: labelled.length,
      epochs: defaultTraining.epochs,
    });
    const json = `${JSON.stringify(file)}\n`;
    writeFileSync(path, json);
    lines.push(
      `${kind}: ${labelled.length} messages, ${model.labels.length} labels, ` +
        `${Math.round(performance.now() - started)} ms → ${relative(process.cwd(), path)} ` +
        `(${(json.length / 1024).toFixed(0)} KiB)`,
    );
  }
  return { text: lines.join('\n'), ok };
}
