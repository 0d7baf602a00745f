import { parseArgs } from 'node:util';
import { describeFacts } from '../dialogue/factDisplay.ts';
import { intentName, readText } from '../dialogue/textReading.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { UsageError } from './usageError.ts';

/** How `trajectory route` is called. */
export const routeUsage = 'trajectory route "<text>" [--json]';

/** What `trajectory route --json` prints. */
export interface RouteOutput {
  /** A decision, a command, a FAQ id, or `unclear`. */
  intent: string;
  /** How well the message matched that intent (0–1; 1 for a command word). */
  score: number;
  /** The next best intent; for an unclear message, the best guess that fell short. */
  runnerUp: { intent: string; score: number } | null;
  /** Profile facts stated in the message. */
  facts: Record<string, string | number | boolean>;
  /** `none`, `distress` or `crisis`. */
  safety: string;
}

/**
 * `trajectory route "<text>" [--json]`: how the advisor reads one message — the intent
 * and its score, the runner-up, the facts it states and its safety level. Several
 * words without quotes are read as one message. Bad usage throws {@link UsageError}.
 */
export function routeCommand(args: string[]): string {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const text = positionals.join(' ');
  if (text.trim() === '') throw new UsageError(`missing the text to read\nusage: ${routeUsage}`);
  const kb = loadKnowledge();
  const output = routeOutput(text, kb);
  if (values.json) return JSON.stringify(output, null, 2);
  const score = (s: number) => s.toFixed(3);
  const facts = describeFacts(output.facts, kb);
  return [
    `intent:    ${output.intent} (${score(output.score)})`,
    `runner-up: ${output.runnerUp ? `${output.runnerUp.intent} (${score(output.runnerUp.score)})` : '—'}`,
    `facts:     ${facts.length > 0 ? facts.join('; ') : '—'}`,
    `safety:    ${output.safety}`,
  ].join('\n');
}

function routeOutput(text: string, kb: ReturnType<typeof loadKnowledge>): RouteOutput {
  const reading = readText(text, kb);
  const intent = intentName(reading.intent);
  const [best, second] = reading.ranked;
  const rounded = (s: number) => Math.round(s * 1000) / 1000;
  const asEntry = (r: { id: string; score: number } | undefined) =>
    r ? { intent: r.id, score: rounded(r.score) } : null;
  let score: number;
  let runnerUp: RouteOutput['runnerUp'];
  if (reading.word) {
    score = 1;
    runnerUp = null;
  } else if (intent === 'unclear') {
    score = rounded(best?.score ?? 0);
    runnerUp = asEntry(best);
  } else {
    score = rounded(best?.score ?? 0);
    runnerUp = asEntry(second);
  }
  return { intent, score, runnerUp, facts: { ...reading.facts }, safety: reading.safety };
}
