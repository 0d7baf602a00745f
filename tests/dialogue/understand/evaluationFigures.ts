import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { intentName, readText } from '../../../src/dialogue/textReading.ts';
import { extractFacts } from '../../../src/dialogue/understand/facts/extractFacts.ts';
import { normalizeText } from '../../../src/dialogue/understand/normalize.ts';
import type { Knowledge } from '../../../src/knowledge/schema.ts';
import { FactName, Profile } from '../../../src/rules/profile.ts';

/** One labelled message of utterances.yaml. */
export const Utterance = z
  .object({
    text: z.string().min(1),
    intent: z.string().optional(),
    safety: z.enum(['none', 'distress', 'crisis']).default('none'),
    tag: z.literal('figurative').optional(),
  })
  .strict();
/** A labelled message. */
export type Utterance = z.infer<typeof Utterance>;

/** One labelled story of stories.yaml. */
export const Story = z.object({ text: z.string().min(1), facts: Profile }).strict();
/** A labelled story. */
export type Story = z.infer<typeof Story>;

/** Labelled messages and stories to score. */
export interface EvaluationSet {
  utterances: Utterance[];
  stories: Story[];
}

const SetFile = z
  .object({
    utterances: z.array(Utterance).default([]),
    stories: z.array(Story).default([]),
    safetyBatch: z.array(Utterance).default([]),
  })
  .strict();

/** Labelled sets read from YAML files beside this one, combined. */
export function readEvaluationSet(...names: string[]): EvaluationSet {
  const set: EvaluationSet = { utterances: [], stories: [] };
  for (const name of names) {
    const file = SetFile.parse(parse(readFileSync(new URL(name, import.meta.url), 'utf8')));
    set.utterances.push(...file.utterances, ...file.safetyBatch);
    set.stories.push(...file.stories);
  }
  return set;
}

/** The set the targets are measured on (and the router was tuned on). */
export const tuningSetFiles = ['./utterances.yaml', './stories.yaml'];
/** The set written after tuning, to see how well the tuning generalises. */
export const heldOutSetFile = './heldout.yaml';

/** Correct out of total. */
export interface Tally {
  correct: number;
  total: number;
}

/** Everything `npm run eval:intents` reports. */
export interface EvaluationFigures {
  intents: { overall: Tally; byIntent: Map<string, Tally>; confusions: Map<string, number> };
  safety: {
    crisisRecall: Tally;
    crisisFalsePositives: Tally;
    figurativeFalsePositives: Tally;
    distressRecall: Tally;
    distressFalsePositives: Tally;
  };
  facts: { overall: Tally; byField: Map<string, Tally> };
  misses: string[];
}

const tally = (): Tally => ({ correct: 0, total: 0 });
const count = (t: Tally, ok: boolean) => {
  t.total++;
  if (ok) t.correct++;
};

/** Routes every labelled message and extracts every story's facts, and scores them. */
export function evaluate(kb: Knowledge, sets: EvaluationSet): EvaluationFigures {
  const overall = tally();
  const byIntent = new Map<string, Tally>();
  const confusions = new Map<string, number>();
  const safety = {
    crisisRecall: tally(),
    crisisFalsePositives: tally(),
    figurativeFalsePositives: tally(),
    distressRecall: tally(),
    distressFalsePositives: tally(),
  };
  const misses: string[] = [];
  for (const u of sets.utterances) {
    const reading = readText(u.text, kb);
    if (u.intent !== undefined) {
      const got = intentName(reading.intent);
      const ok = got === u.intent;
      count(overall, ok);
      if (!byIntent.has(u.intent)) byIntent.set(u.intent, tally());
      count(byIntent.get(u.intent)!, ok);
      if (!ok) {
        const pair = `${u.intent} → ${got}`;
        confusions.set(pair, (confusions.get(pair) ?? 0) + 1);
        misses.push(`intent  ${pair}: ${u.text}`);
      }
    }
    if (u.safety === 'crisis') count(safety.crisisRecall, reading.safety === 'crisis');
    else count(safety.crisisFalsePositives, reading.safety !== 'crisis');
    if (u.tag === 'figurative') count(safety.figurativeFalsePositives, reading.safety === 'none');
    if (u.safety === 'distress') count(safety.distressRecall, reading.safety === 'distress');
    if (u.safety === 'none') count(safety.distressFalsePositives, reading.safety === 'none');
    if (reading.safety !== u.safety)
      misses.push(`safety  ${u.safety} → ${reading.safety}: ${u.text}`);
  }
  const facts = tally();
  const byField = new Map<string, Tally>();
  for (const story of sets.stories) {
    const got = extractFacts(normalizeText(story.text, 2000), kb);
    const fields = FactName.options.filter(
      (f) => story.facts[f] !== undefined || got[f] !== undefined,
    );
    for (const field of fields) {
      const ok = story.facts[field] === got[field];
      count(facts, ok);
      if (!byField.has(field)) byField.set(field, tally());
      count(byField.get(field)!, ok);
      if (!ok)
        misses.push(
          `fact    ${field} expected ${story.facts[field]} got ${got[field]}: ${story.text}`,
        );
    }
  }
  return {
    intents: { overall, byIntent, confusions },
    safety,
    facts: { overall: facts, byField },
    misses,
  };
}

/** A tally as a share, 0 when there is nothing to count. */
export function share(t: Tally): number {
  return t.total === 0 ? 0 : t.correct / t.total;
}

/** The targets the issue sets, checked by the test and the script alike. */
export function targetsMet(figures: EvaluationFigures): { met: boolean; failures: string[] } {
  const failures: string[] = [];
  if (share(figures.intents.overall) < 0.9) failures.push('intent accuracy below 90%');
  if (share(figures.safety.crisisRecall) < 1) failures.push('crisis recall below 100%');
  if (1 - share(figures.safety.crisisFalsePositives) > 0.05)
    failures.push('crisis false positives above 5%');
  if (share(figures.facts.overall) < 0.9) failures.push('fact extraction below 90%');
  return { met: failures.length === 0, failures };
}
