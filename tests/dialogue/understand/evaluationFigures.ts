import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { intentName, readText } from '../../../src/dialogue/textReading.ts';
import { otherLabel, topicOf } from '../../../src/dialogue/understand/classifyIntent.ts';
import { extractFacts } from '../../../src/dialogue/understand/facts/extractFacts.ts';
import { normalizeText } from '../../../src/dialogue/understand/normalize.ts';
import { detectSafety } from '../../../src/dialogue/understand/safety.ts';
import type { TextModel } from '../../../src/dialogue/understand/textModel.ts';
import {
  defaultTraining,
  type TrainingOptions,
  trainOnTexts,
} from '../../../src/dialogue/understand/textModelTraining.ts';
import {
  type CorpusBatch,
  intentTrainingSet,
  type LabelledText,
  SafetyTier,
} from '../../../src/knowledge/corpus.ts';
import type { Knowledge } from '../../../src/knowledge/schema.ts';
import { FactName, Profile } from '../../../src/rules/profile.ts';

/** One message of the held-out routing set: a topic or command, and maybe a second topic. */
export const HeldOutRouting = z
  .object({ text: z.string().min(1), label: z.string().min(1), also: z.string().optional() })
  .strict();
/** One message of the held-out safety set. */
export const HeldOutSafety = z
  .object({ text: z.string().min(1), safety: SafetyTier, idiom: z.literal(true).optional() })
  .strict();
/** One labelled story of stories.yaml. */
export const Story = z.object({ text: z.string().min(1), facts: Profile }).strict();
/** A labelled story. */
export type Story = z.infer<typeof Story>;

/** A pair of held-out batches (routing and safety), written blind by the same hands. */
export interface HeldOutBatch {
  readonly name: string;
  /** How the batch has been used, as the figures' heading says it. */
  readonly use: string;
  /** The routing batch, when the writers wrote one. */
  readonly routing?: string;
  readonly safety: string;
}

/**
 * The blind held-out batches, each written from a brief naming only the topics and tiers
 * by hands that never saw the router, the classifier or another batch. None is trained or
 * tuned on; they differ in how much they were looked at.
 */
export const heldOutBatches: readonly HeldOutBatch[] = [
  {
    name: '#1',
    use: 'never trained or tuned on, but its figures were watched during development',
    routing: './heldout/routing.yaml',
    safety: './heldout/safety.yaml',
  },
  {
    name: '#2',
    use: 'read once for the previous final figures',
    routing: './heldout2/routing.yaml',
    safety: './heldout2/safety.yaml',
  },
  {
    name: '#3',
    use: 'read once for the final routing figures; its three missed crisis messages were then read, and the screen widened for their kinds',
    routing: './heldout3/routing.yaml',
    safety: './heldout3/safety.yaml',
  },
  {
    name: '#4',
    use: 'safety only, written after #3 was read; read once, its seven missed crisis messages read, and the screen widened for their kinds',
    safety: './heldout4/safety.yaml',
  },
  {
    name: '#5',
    use: "safety only, written after #4 was read; read once for an earlier session's final safety figures (79/80); its one miss was read two sessions later and its kind covered",
    safety: './heldout5/safety.yaml',
  },
  {
    name: '#6',
    use: 'written by two new hands after the previous figures; read once midway through this session, then its two idioms given the crisis reply were read and guarded',
    routing: './heldout6/routing.yaml',
    safety: './heldout6/safety.yaml',
  },
  {
    name: '#7',
    use: 'written by two more new hands after #6 was read; read once, after the last change to the model, for the final figures; then its four safety misses were read and their kinds covered',
    routing: './heldout7/routing.yaml',
    safety: './heldout7/safety.yaml',
  },
  {
    name: '#8',
    use: 'written by two new hands from a rewritten brief, set aside unread while four more safety hands were added and the model changed; read once (routing 91.0%, every crisis caught, no idiom given the crisis reply); then its routing misses were read, and the two crisis messages that slipped under the threshold after the next retraining were read and their kinds covered',
    routing: './heldout8/routing.yaml',
    safety: './heldout8/safety.yaml',
  },
  {
    name: '#9',
    use: 'written by two more new hands from the same brief after #8 was read, set aside unread; read once, after the last change to the models and the routing, for the final figures (none of its messages read since)',
    routing: './heldout9/routing.yaml',
    safety: './heldout9/safety.yaml',
  },
];

/** Reads a held-out batch beside this file. */
export function readHeldOut<T extends z.ZodType>(name: string, schema: T): z.infer<T>[] {
  const file = parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as { messages: unknown };
  return z.array(schema).parse(file.messages);
}

/** The fact-extraction stories. */
export function readStories(): Story[] {
  const file = parse(readFileSync(new URL('./stories.yaml', import.meta.url), 'utf8'));
  return z.object({ stories: z.array(Story) }).parse(file).stories;
}

/** Correct out of total. */
export interface Tally {
  correct: number;
  total: number;
}

const tally = (): Tally => ({ correct: 0, total: 0 });
const count = (t: Tally, ok: boolean) => {
  t.total++;
  if (ok) t.correct++;
};

/** A tally as a share, 0 when there is nothing to count. */
export function share(t: Tally): number {
  return t.total === 0 ? 0 : t.correct / t.total;
}

/** Routing figures: overall, per label, and the confusions (expected → got). */
export interface RoutingFigures {
  overall: Tally;
  byLabel: Map<string, Tally>;
  confusions: Map<string, number>;
  misses: string[];
}

function routingFigures(): RoutingFigures {
  return { overall: tally(), byLabel: new Map(), confusions: new Map(), misses: [] };
}

function score(f: RoutingFigures, expected: string, got: string, text: string): void {
  const ok = expected === got;
  count(f.overall, ok);
  if (!f.byLabel.has(expected)) f.byLabel.set(expected, tally());
  count(f.byLabel.get(expected)!, ok);
  if (!ok) {
    const pair = `${expected} → ${got}`;
    f.confusions.set(pair, (f.confusions.get(pair) ?? 0) + 1);
    f.misses.push(`${pair}: ${text}`);
  }
}

/** What a message was routed to, as a topic where the intent belongs to one. */
export function routedTopic(kb: Knowledge, text: string): string {
  const name = intentName(readText(text, kb).intent);
  return topicOf(kb, name) ?? name;
}

/**
 * Held-out routing: top-1 topic on the topic messages, the command messages, and how
 * often a second topic in the message is offered.
 */
export function heldOutRouting(kb: Knowledge, messages: z.infer<typeof HeldOutRouting>[]) {
  const topics = routingFigures();
  const commands = routingFigures();
  const also = tally();
  for (const m of messages) {
    const reading = readText(m.text, kb);
    const name = intentName(reading.intent);
    const got = topicOf(kb, name) ?? name;
    const isTopic = topicOf(kb, m.label) !== undefined;
    score(isTopic ? topics : commands, m.label, got, m.text);
    if (m.also && got === m.label) count(also, reading.also === m.also);
  }
  return { topics, commands, also };
}

/** Safety figures on a labelled set of messages. */
export interface SafetyFigures {
  /** Crisis messages flagged `crisis` or `check`. */
  crisisCaught: Tally;
  /** Crisis messages flagged `crisis` itself. */
  crisisAsCrisis: Tally;
  /** `check` messages flagged `check` or `crisis`. */
  checkCaught: Tally;
  /** Non-crisis messages not flagged `crisis`. */
  nonCrisisClear: Tally;
  /** Messages labelled `none` or `distress` not flagged `crisis`. */
  safeClear: Tally;
  /** Messages labelled `none` given neither the safety question nor crisis lines. */
  noneNotRaised: Tally;
  /** Idioms not flagged `crisis`. */
  idiomsClear: Tally;
  /** Idioms flagged nothing at all. */
  idiomsUntouched: Tally;
  /** Distress messages flagged distress or higher. */
  distressCaught: Tally;
  misses: string[];
}

/** Screens every message and scores it against its tier. */
export function safetyFigures(
  messages: { text: string; safety: SafetyTier; idiom?: true | undefined }[],
  model: TextModel | undefined,
): SafetyFigures {
  const f: SafetyFigures = {
    crisisCaught: tally(),
    crisisAsCrisis: tally(),
    checkCaught: tally(),
    nonCrisisClear: tally(),
    safeClear: tally(),
    noneNotRaised: tally(),
    idiomsClear: tally(),
    idiomsUntouched: tally(),
    distressCaught: tally(),
    misses: [],
  };
  for (const m of messages) {
    const got = detectSafety(normalizeText(m.text, 4000), model);
    const raised = got === 'crisis' || got === 'check';
    if (m.safety === 'crisis') {
      count(f.crisisCaught, raised);
      count(f.crisisAsCrisis, got === 'crisis');
    } else count(f.nonCrisisClear, got !== 'crisis');
    if (m.safety === 'none' || m.safety === 'distress') count(f.safeClear, got !== 'crisis');
    if (m.safety === 'none') count(f.noneNotRaised, !raised);
    if (m.safety === 'check') count(f.checkCaught, raised);
    if (m.safety === 'distress') count(f.distressCaught, got !== 'none');
    if (m.idiom) {
      count(f.idiomsClear, got !== 'crisis');
      count(f.idiomsUntouched, got === 'none');
    }
    if (got !== m.safety)
      f.misses.push(`${m.safety}${m.idiom ? '/idiom' : ''} → ${got}: ${m.text}`);
  }
  return f;
}

/**
 * k-fold cross-validation of the intent classifier on the training set: each fold's
 * messages are read by the whole live path (`readText`) with a model trained on the
 * other folds. The intents' own example phrases always stay in training.
 */
export function crossValidateIntents(
  kb: Knowledge,
  corpus: readonly LabelledText[],
  examples: readonly LabelledText[],
  folds = 5,
  training: TrainingOptions = defaultTraining,
) {
  const intents = routingFigures();
  const topics = routingFigures();
  const router = routingFigures();
  const combined = routingFigures();
  const routerKb: Knowledge = { ...kb, intentModel: undefined };
  for (let fold = 0; fold < folds; fold++) {
    const train = corpus.filter((_, i) => i % folds !== fold);
    const test = corpus.filter((_, i) => i % folds === fold);
    const foldKb: Knowledge = {
      ...kb,
      intentModel: trainOnTexts([...train, ...examples], training),
    };
    for (const m of test) {
      // The classifier alone, and combined with the router where it is unsure (the
      // live path).
      const name = intentName(readText(m.text, foldKb, {}, { routerFallback: false }).intent);
      const fallback = intentName(readText(m.text, foldKb).intent);
      const expected = m.label === otherLabel ? 'unclear' : m.label;
      score(intents, expected, name, m.text);
      const topic = topicOf(kb, m.label);
      if (topic) {
        score(topics, topic, topicOf(kb, name) ?? name, m.text);
        score(router, topic, routedTopic(routerKb, m.text), m.text);
        score(combined, topic, topicOf(kb, fallback) ?? fallback, m.text);
      }
    }
  }
  return { intents, topics, router, combined };
}

/**
 * Leave one writer out: for each decision batch (one hand each), a model trained on every
 * other batch reads it whole. Five-fold cross-validation mixes a writer's messages into
 * training and test; this asks what the held-out batches ask, how a new hand's messages fare.
 */
export function leaveOneWriterOut(
  kb: Knowledge,
  batches: readonly CorpusBatch[],
  training: TrainingOptions = defaultTraining,
): { overall: Tally; byBatch: Map<string, Tally> } {
  const overall = tally();
  const byBatch = new Map<string, Tally>();
  const examples = intentTrainingSet([], kb.intents);
  for (const test of batches.filter((b) => /decisions-/.test(b.name))) {
    const train = batches.filter((b) => b !== test);
    const foldKb: Knowledge = {
      ...kb,
      intentModel: trainOnTexts([...intentTrainingSet(train, []), ...examples], training),
    };
    const t = tally();
    for (const m of intentTrainingSet([test], [])) {
      const topic = topicOf(kb, m.label);
      if (!topic) continue;
      const ok = routedTopic(foldKb, m.text) === topic;
      count(t, ok);
      count(overall, ok);
    }
    byBatch.set(basename(test.name, '.yaml'), t);
  }
  return { overall, byBatch };
}

/** k-fold cross-validation of the safety screen (wording plus the trained screen). */
export function crossValidateSafety(
  corpus: readonly LabelledText[],
  idioms: ReadonlySet<string>,
  folds = 5,
) {
  const labelled = corpus.map((m) => ({
    text: m.text,
    safety: m.label as SafetyTier,
    ...(idioms.has(m.text) ? { idiom: true as const } : {}),
  }));
  const parts: SafetyFigures[] = [];
  const wordingOnly = safetyFigures(labelled, undefined);
  for (let fold = 0; fold < folds; fold++) {
    const model = trainOnTexts(corpus.filter((_, i) => i % folds !== fold));
    parts.push(
      safetyFigures(
        labelled.filter((_, i) => i % folds === fold),
        model,
      ),
    );
  }
  const combined = parts.reduce((a, b) => {
    for (const key of Object.keys(a) as (keyof SafetyFigures)[]) {
      if (key === 'misses') a.misses.push(...b.misses);
      else {
        a[key].correct += b[key].correct;
        a[key].total += b[key].total;
      }
    }
    return a;
  });
  return { combined, wordingOnly };
}

/** Fact extraction over the labelled stories: each field stated or extracted, right or wrong. */
export function factFigures(kb: Knowledge, stories: readonly Story[]) {
  const overall = tally();
  const byField = new Map<string, Tally>();
  const misses: string[] = [];
  for (const story of stories) {
    const got = extractFacts(normalizeText(story.text, 2000), kb);
    const fields = FactName.options.filter(
      (f) => story.facts[f] !== undefined || got[f] !== undefined,
    );
    for (const field of fields) {
      const ok = story.facts[field] === got[field];
      count(overall, ok);
      if (!byField.has(field)) byField.set(field, tally());
      count(byField.get(field)!, ok);
      if (!ok)
        misses.push(`${field} expected ${story.facts[field]} got ${got[field]}: ${story.text}`);
    }
  }
  return { overall, byField, misses };
}
