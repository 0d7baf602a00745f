import { readText } from '../../src/dialogue/textReading.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import {
  HeldOutRouting,
  heldOutFiles,
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
  const messages = [...readHeldOut(heldOutFiles.routing, HeldOutRouting), ...readStories()].map(
    (u) => u.text,
  );
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
  return [
    `read one message: ${describePercentiles(times)} (${messages.length} messages × 50)`,
    `read a 4,000-character message: ${describePercentiles(longTimes)}`,
  ];
}
