import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from '../../src/dialogue/textReading.ts';
import { assembleKnowledge } from '../../src/knowledge/assemble.ts';
import {
  defaultKnowledgeDir,
  loadKnowledge,
  loadModelsNow,
  modelFiles,
  readKnowledgeFiles,
  readTextModel,
} from '../../src/knowledge/load.ts';
import {
  HeldOutRouting,
  heldOutBatches,
  readHeldOut,
  readStories,
} from '../dialogue/understand/evaluationFigures.ts';
import { describePercentiles } from './figures.ts';

/**
 * Reading one free-text message (normalising, safety check, fact extraction and intent
 * routing: everything `readText` does) over the evaluation set's messages, plus the
 * cost of the longest text the engine reads.
 */
export default async function routingBench(): Promise<string[]> {
  const kb = loadKnowledge();
  const messages = [
    ...heldOutBatches.flatMap((b) => (b.routing ? readHeldOut(b.routing, HeldOutRouting) : [])),
    ...readStories(),
  ].map((u) => u.text);
  for (const text of messages) readText(text, kb); // builds the index and warms up
  const times: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const text of messages) {
      const started = performance.now();
      readText(text, kb);
      times.push(performance.now() - started);
    }
  }
  const long = 'I failed step 2 ck twice and should I push my exam back? '
    .repeat(80)
    .slice(0, 4000);
  const longTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    readText(long, kb);
    longTimes.push(performance.now() - started);
  }
  // Start-up cost of knowledge: from the snapshot (models read on first use, as `advise` does),
  // the same with the models read, and validating every YAML file from scratch.
  const snapshot: number[] = [];
  const withModels: number[] = [];
  const withoutModels: number[] = [];
  const models: number[] = [];
  for (let i = 0; i < 10; i++) {
    let started = performance.now();
    const loaded = loadKnowledge();
    snapshot.push(performance.now() - started);
    loadModelsNow(loaded);
    withModels.push(performance.now() - started);
    started = performance.now();
    assembleKnowledge(readKnowledgeFiles(defaultKnowledgeDir));
    withoutModels.push(performance.now() - started);
    started = performance.now();
    readTextModel(defaultKnowledgeDir, modelFiles.intent);
    readTextModel(defaultKnowledgeDir, modelFiles.safety);
    models.push(performance.now() - started);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const size = (file: string) => statSync(join(defaultKnowledgeDir, file)).size / 1024 / 1024;
  return [
    `read one message: ${describePercentiles(times)} (${messages.length} messages × 50)`,
    `model files: intent ${size(modelFiles.intent).toFixed(2)} MB, safety ${size(modelFiles.safety).toFixed(2)} MB`,
    `load knowledge: ${median(snapshot).toFixed(1)} ms from the snapshot, ${median(withModels).toFixed(0)} ms with the models read; validating the YAML from scratch ${median(withoutModels).toFixed(0)} ms (models alone ${median(models).toFixed(0)} ms), medians of 10`,
    `read a 4,000-character message: ${describePercentiles(longTimes)}`,
  ];
}
