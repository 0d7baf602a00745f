import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { describeFacts } from '../dialogue/factDisplay.ts';
import { intentName, readText } from '../dialogue/textReading.ts';
import { topicOf } from '../dialogue/understand/classifyIntent.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import { routeUsage } from './usage.ts';
import { UsageError } from './usageError.ts';

export { routeUsage };

/** What `trajectory route --json` prints. */
export interface RouteOutput {
  /** A decision, a command, a FAQ id, or `unclear`. */
  intent: string;
  /** The decision the intent belongs to (a FAQ's is named in intents.yaml), or null. */
  topic: string | null;
  /** A second decision the message also raises, offered after the answer, or null. */
  also: string | null;
  /** How well the message matched that intent (0–1; 1 for a command word). */
  score: number;
  /** The next best intent; for an unclear message, the best guess that fell short. */
  runnerUp: { intent: string; score: number } | null;
  /** Profile facts stated in the message. */
  facts: Record<string, string | number | boolean>;
  /** `none`, `distress`, `check` or `crisis`. */
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
    options: {
      json: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
    },
  });
  if (values.jsonl) throw new UsageError(`--jsonl reads standard input\nusage: ${routeUsage}`);
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

/** Whether a `route` command line asks for the line-by-line mode. */
export function wantsRouteLines(args: readonly string[]): boolean {
  return args.includes('--jsonl');
}

/**
 * `trajectory route --jsonl`: one message per input line, one {@link RouteOutput}
 * JSON line per message, in order, with the knowledge loaded once. Blank lines are
 * skipped; any other positional argument is a usage error.
 */
export async function routeLines(
  args: string[],
  input: Readable,
  output: Writable,
): Promise<number> {
  const { positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { jsonl: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0)
    throw new UsageError(
      `--jsonl reads messages from standard input, not arguments\nusage: ${routeUsage}`,
    );
  const kb = loadKnowledge();
  let count = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    output.write(`${JSON.stringify(routeOutput(line, kb))}\n`);
    count++;
  }
  return count;
}

function routeOutput(text: string, kb: Knowledge): RouteOutput {
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
  return {
    intent,
    topic: topicOf(kb, intent) ?? null,
    also: reading.also ?? null,
    score,
    runnerUp,
    facts: { ...reading.facts },
    safety: reading.safety,
  };
}
