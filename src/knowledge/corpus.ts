import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { KnowledgeError, validKnowledge } from './knowledgeError.ts';
import { corpusFolder, defaultKnowledgeDir } from './load.ts';

/** A safety tier, as the corpus labels it and the screen reports it. */
export const SafetyTier = z.enum(['none', 'distress', 'check', 'crisis']);
/** One safety tier. */
export type SafetyTier = z.infer<typeof SafetyTier>;

/**
 * One labelled message of the training corpus: what it asks for (`intent`, with a
 * second topic it also raises in `also`), and/or how it reads for safety. `idiom`
 * marks dark talk that is harmless ("I'd kill for a 240").
 */
export const CorpusMessage = z
  .object({
    text: z.string().trim().min(1).max(2000),
    intent: z.string().min(1).max(64).optional(),
    also: z.string().min(1).max(64).optional(),
    safety: SafetyTier.optional(),
    idiom: z.literal(true).optional(),
  })
  .strict()
  .refine((m) => m.intent !== undefined || m.safety !== undefined, 'needs an intent or a safety');
/** A labelled corpus message. */
export type CorpusMessage = z.infer<typeof CorpusMessage>;

/** One corpus file: a batch of messages, written by one hand. */
export const CorpusFile = z.object({ messages: z.array(CorpusMessage).min(1) }).strict();
/** A parsed corpus file. */
export type CorpusFile = z.infer<typeof CorpusFile>;

/** A corpus batch with the file it came from. */
export interface CorpusBatch {
  readonly name: string;
  readonly messages: readonly CorpusMessage[];
}

/** Reads and validates every corpus batch below `dir` (knowledge/corpus by default), sorted by name. */
export function readCorpus(dir: string = join(defaultKnowledgeDir, corpusFolder)): CorpusBatch[] {
  const names = readdirSync(dir)
    .filter((p) => p.endsWith('.yaml'))
    .sort();
  return names.map((file) => {
    const name = relative(process.cwd(), join(dir, file)) || file;
    let content: unknown;
    try {
      content = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new KnowledgeError(name, '', `not valid YAML: ${(error as Error).message}`);
    }
    return { name, messages: validKnowledge(name, CorpusFile, content).messages };
  });
}

/**
 * A digest of labelled texts, in order: the shipped model records the one it was
 * trained on, so a test can tell when the corpus changed and the model did not.
 */
export function corpusDigest(labelled: readonly { text: string; label: string }[]): string {
  const hash = createHash('sha256');
  for (const { text, label } of labelled) hash.update(`${label}\t${text}\n`);
  return hash.digest('hex');
}

/** A text with the label a classifier should learn for it. */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
}

/**
 * What the intent classifier learns from: every corpus message labelled with an
 * intent, then the intents' own example phrases from intents.yaml, in that order.
 */
export function intentTrainingSet(
  batches: readonly CorpusBatch[],
  intents: readonly { id: string; examples: readonly string[] }[],
): LabelledText[] {
  const labelled: LabelledText[] = [];
  for (const batch of batches)
    for (const m of batch.messages) if (m.intent) labelled.push({ text: m.text, label: m.intent });
  for (const intent of intents)
    for (const text of intent.examples) labelled.push({ text, label: intent.id });
  return labelled;
}

/**
 * What the safety classifier learns from: every corpus message with a safety tier,
 * and every message written only for its intent as `none` — ordinary questions about
 * exams and the Match are what the screen must learn to leave alone ("going for the
 * retake saturday, any last reason not to go?").
 */
export function safetyTrainingSet(batches: readonly CorpusBatch[]): LabelledText[] {
  const labelled: LabelledText[] = [];
  for (const batch of batches)
    for (const m of batch.messages) {
      if (m.safety) labelled.push({ text: m.text, label: m.safety });
      else if (m.intent) labelled.push({ text: m.text, label: 'none' });
    }
  return labelled;
}
