import { z } from 'zod';
import type { FeatureVector } from './messageFeatures.ts';

/**
 * A trained text classifier as shipped in knowledge/model/ (intents, safety): a linear model
 * (multinomial logistic regression) over hashed message features, with weights
 * quantised to one byte each so the file stays small. `corpusDigest` names the
 * training data it was built from, so a stale model is caught by a test.
 */
export const TextModelFile = z
  .object({
    format: z.literal(1),
    labels: z.array(z.string().min(1).max(64)).min(2),
    corpusDigest: z.string().regex(/^[0-9a-f]{64}$/),
    /** Size of the training set and how it was trained, for the README and review. */
    trainedOn: z.object({ messages: z.number().int().positive(), epochs: z.number().int() }),
    /** Weight = byte × scale. */
    scale: z.number().positive(),
    bias: z.array(z.number()),
    /** Feature buckets with weights, base64 of little-endian uint32, ascending. */
    buckets: z.string(),
    /** base64 of int8, `labels.length` per bucket, in bucket order. */
    weights: z.string(),
  })
  .strict()
  .refine((m) => m.bias.length === m.labels.length, 'one bias per label');
/** The shipped model file. */
export type TextModelFile = z.infer<typeof TextModelFile>;

/** A model ready to score messages: weights in memory, looked up by bucket. */
export interface TextModel {
  readonly labels: readonly string[];
  readonly digest: string;
  readonly bias: Float64Array;
  /** Bucket → offset of its weights in `weights`. */
  readonly offsets: ReadonlyMap<number, number>;
  /**
   * The weights, each to be multiplied by `scale`. A shipped model keeps its one-byte weights
   * as they are (a quarter of the memory, so a message's lookups stay in cache); a model
   * fresh from training holds floats with a scale of 1.
   */
  readonly weights: Float32Array | Int8Array;
  readonly scale: number;
  /**
   * The same lookup as an open-addressing table (bucket + 1, 0 = empty, then the
   * offset): reading a message does thousands of lookups, and this is several times
   * faster than a Map.
   */
  readonly table: Int32Array;
}

/** Builds the open-addressing lookup table for a model's buckets. */
export function lookupTable(offsets: ReadonlyMap<number, number>): Int32Array {
  let size = 1;
  while (size < offsets.size * 2) size <<= 1;
  const table = new Int32Array(size * 2);
  const mask = size - 1;
  for (const [bucket, offset] of offsets) {
    let slot = hashSlot(bucket) & mask;
    while (table[slot * 2] !== 0) slot = (slot + 1) & mask;
    table[slot * 2] = bucket + 1;
    table[slot * 2 + 1] = offset;
  }
  return table;
}

function hashSlot(bucket: number): number {
  return Math.imul(bucket, 0x9e3779b1) >>> 12;
}

/** The offset of a bucket's weights, or -1 when the model never saw it. */
function offsetOf(table: Int32Array, bucket: number): number {
  const mask = (table.length >> 1) - 1;
  let slot = hashSlot(bucket) & mask;
  const key = bucket + 1;
  for (;;) {
    const found = table[slot * 2]!;
    if (found === key) return table[slot * 2 + 1]!;
    if (found === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** Whether training saw this feature bucket at all. */
export function knowsBucket(model: TextModel, bucket: number): boolean {
  return offsetOf(model.table, bucket) >= 0;
}

/** Decodes a validated model file into lookup form. */
export function decodeTextModel(file: TextModelFile): TextModel {
  const bucketBytes = Buffer.from(file.buckets, 'base64');
  const weightBytes = Buffer.from(file.weights, 'base64');
  const k = file.labels.length;
  const count = bucketBytes.length / 4;
  if (!Number.isInteger(count) || weightBytes.length !== count * k)
    throw new Error('text model: bucket and weight tables do not match');
  const offsets = new Map<number, number>();
  for (let i = 0; i < count; i++) offsets.set(bucketBytes.readUInt32LE(i * 4), i * k);
  const weights = new Int8Array(count * k);
  for (let i = 0; i < weights.length; i++) weights[i] = weightBytes.readInt8(i);
  return {
    labels: file.labels,
    digest: file.corpusDigest,
    bias: Float64Array.from(file.bias),
    offsets,
    weights,
    scale: file.scale,
    table: lookupTable(offsets),
  };
}

/** Probabilities per label (in `model.labels` order) for one message's features. */
export function predictLabels(model: TextModel, features: FeatureVector): Float64Array {
  return predictAt(model, features, weightOffsets(model, features));
}

/** Where each of a vector's buckets keeps its weights in `model` (-1: never seen). */
export function weightOffsets(model: TextModel, features: FeatureVector): Int32Array {
  const offsets = new Int32Array(features.buckets.length);
  for (let i = 0; i < offsets.length; i++) offsets[i] = offsetOf(model.table, features.buckets[i]!);
  return offsets;
}

/**
 * Probabilities for a sentence read alone, reusing the offsets already looked up for the
 * whole message (`wholeOffsets`, from {@link weightOffsets}) for the buckets they share.
 */
export function predictSentence(
  model: TextModel,
  sentence: FeatureVector,
  wholeOffsets: Int32Array,
): Float64Array {
  const links = sentence.inWhole;
  if (!links) return predictLabels(model, sentence);
  const offsets = new Int32Array(links.length);
  for (let i = 0; i < offsets.length; i++) {
    const at = links[i]!;
    offsets[i] = at >= 0 ? wholeOffsets[at]! : offsetOf(model.table, sentence.buckets[i]!);
  }
  return predictAt(model, sentence, offsets);
}

/** Probabilities from a vector whose weight offsets are already known. */
export function predictAt(
  model: TextModel,
  features: FeatureVector,
  offsets: Int32Array,
): Float64Array {
  const k = model.labels.length;
  const scores = Float64Array.from(model.bias);
  const { weights, scale } = model;
  const xs = features.weights;
  for (let i = 0; i < offsets.length; i++) {
    const offset = offsets[i]!;
    if (offset < 0) continue;
    const x = xs[i]! * scale;
    for (let c = 0; c < k; c++) scores[c] = scores[c]! + weights[offset + c]! * x;
  }
  return softmax(scores);
}

/** Softmax in place, shifted by the maximum so large scores cannot overflow. */
export function softmax(scores: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c]! - max);
    sum += scores[c]!;
  }
  for (let c = 0; c < scores.length; c++) scores[c] = scores[c]! / sum;
  return scores;
}
