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
  /** Bucket → offset of its weights in `weights` (a model fresh from training, for encoding). */
  readonly offsets?: ReadonlyMap<number, number>;
  /**
   * The weights, each to be multiplied by `scale`. A shipped model keeps its one-byte weights
   * as they are (a quarter of the memory, so a message's lookups stay in cache); a model
   * fresh from training holds floats with a scale of 1.
   */
  readonly weights: Float32Array | Int8Array;
  readonly scale: number;
  /**
   * Buckets as an open-addressing table of `stride` numbers per slot (bucket + 1, 0 = empty,
   * then where its weights are): reading a message does thousands of lookups, and this is
   * several times faster than a Map.
   */
  readonly table: Int32Array;
  /** Numbers per slot of `table`. */
  readonly stride: number;
  /**
   * False: a slot holds the offset of the bucket's weights in `weights` (stride 2). True: the
   * slot holds the one-byte weights themselves, and `weights` is the table's own bytes. A
   * long message looks up some five hundred buckets scattered over megabytes, each a cache
   * miss or two: weights beside their bucket make it one.
   */
  readonly inline: boolean;
}

/** Builds the open-addressing lookup table (stride 2: bucket, offset) for a model's buckets. */
export function lookupTable(offsets: ReadonlyMap<number, number>): Int32Array {
  const size = slotsFor(offsets.size);
  const table = new Int32Array(size * 2);
  for (const [bucket, offset] of offsets) {
    const slot = freeSlot(table, 2, bucket);
    table[slot * 2] = bucket + 1;
    table[slot * 2 + 1] = offset;
  }
  return table;
}

// A power of two at most `fill` full, so probes stay short.
function slotsFor(count: number, fill = 0.5): number {
  let size = 1;
  while (size * fill < count) size <<= 1;
  return size;
}

function freeSlot(table: Int32Array, stride: number, bucket: number): number {
  const mask = table.length / stride - 1;
  let slot = hashSlot(bucket) & mask;
  while (table[slot * stride] !== 0) slot = (slot + 1) & mask;
  return slot;
}

function hashSlot(bucket: number): number {
  return Math.imul(bucket, 0x9e3779b1) >>> 12;
}

/** The offset of a bucket's weights in `model.weights`, or -1 when the model never saw it. */
function offsetOf(model: TextModel, bucket: number): number {
  const { table, stride, inline } = model;
  const mask = table.length / stride - 1;
  let slot = hashSlot(bucket) & mask;
  const key = bucket + 1;
  for (;;) {
    const at = slot * stride;
    const found = table[at]!;
    if (found === key) return inline ? (at + 1) * 4 : table[at + 1]!;
    if (found === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** Whether training saw this feature bucket at all. */
export function knowsBucket(model: TextModel, bucket: number): boolean {
  return offsetOf(model, bucket) >= 0;
}

/** Decodes a validated model file into lookup form. */
export function decodeTextModel(file: TextModelFile): TextModel {
  const bucketBytes = Buffer.from(file.buckets, 'base64');
  const weightBytes = Buffer.from(file.weights, 'base64');
  // The weights as signed bytes, read by index: Buffer's readInt8 per weight made decoding
  // three times slower.
  const weights = new Int8Array(weightBytes.buffer, weightBytes.byteOffset, weightBytes.length);
  const k = file.labels.length;
  const count = bucketBytes.length / 4;
  if (!Number.isInteger(count) || weightBytes.length !== count * k)
    throw new Error('text model: bucket and weight tables do not match');
  // Each slot: the bucket, then its k one-byte weights, padded to a power of two (32 bytes
  // for the intent model), so that slots line up with cache lines when the buffer does.
  let stride = 2;
  while (stride < 1 + Math.ceil(k / 4)) stride <<= 1;
  // Fuller than the offset table: a slot is several times larger, and a few longer probes
  // touch neighbouring slots, often in the same cache line.
  const table = new Int32Array(slotsFor(count, 0.8) * stride);
  const bytes = new Int8Array(table.buffer);
  for (let i = 0; i < count; i++) {
    // Little-endian, as written; byte by byte, since a Buffer need not be aligned for a view.
    const bucket =
      (bucketBytes[i * 4]! |
        (bucketBytes[i * 4 + 1]! << 8) |
        (bucketBytes[i * 4 + 2]! << 16) |
        (bucketBytes[i * 4 + 3]! << 24)) >>>
      0;
    const at = freeSlot(table, stride, bucket) * stride;
    table[at] = bucket + 1;
    const from = i * k;
    const to = (at + 1) * 4;
    for (let c = 0; c < k; c++) bytes[to + c] = weights[from + c]!;
  }
  return {
    labels: file.labels,
    digest: file.corpusDigest,
    bias: Float64Array.from(file.bias),
    weights: bytes,
    scale: file.scale,
    table,
    stride,
    inline: true,
  };
}

/** Probabilities per label (in `model.labels` order) for one message's features. */
export function predictLabels(model: TextModel, features: FeatureVector): Float64Array {
  return predictAt(model, features, weightOffsets(model, features));
}

/** Where each of a vector's buckets keeps its weights in `model` (-1: never seen). */
export function weightOffsets(model: TextModel, features: FeatureVector): Int32Array {
  const offsets = new Int32Array(features.buckets.length);
  for (let i = 0; i < offsets.length; i++) offsets[i] = offsetOf(model, features.buckets[i]!);
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
    offsets[i] = at >= 0 ? wholeOffsets[at]! : offsetOf(model, sentence.buckets[i]!);
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
  const { weights, scale } = model;
  const xs = features.weights;
  if (known.at.length < offsets.length) {
    known.at = new Int32Array(offsets.length * 2);
    known.x = new Float64Array(offsets.length * 2);
  }
  const { at, x } = known;
  let n = 0;
  for (let i = 0; i < offsets.length; i++) {
    const offset = offsets[i]!;
    if (offset < 0) continue;
    at[n] = offset;
    x[n] = xs[i]! * scale;
    n++;
  }
  // Label by label, four at a time, each sum kept in a local instead of stored back per
  // feature: several times fewer memory operations than feature by feature. Every label's
  // sum still adds the features in the same order, so the result is the same to the bit.
  const scores = Float64Array.from(model.bias);
  let c = 0;
  for (; c + 4 <= k; c += 4) {
    let s0 = scores[c]!;
    let s1 = scores[c + 1]!;
    let s2 = scores[c + 2]!;
    let s3 = scores[c + 3]!;
    for (let j = 0; j < n; j++) {
      const o = at[j]! + c;
      const v = x[j]!;
      s0 += weights[o]! * v;
      s1 += weights[o + 1]! * v;
      s2 += weights[o + 2]! * v;
      s3 += weights[o + 3]! * v;
    }
    scores[c] = s0;
    scores[c + 1] = s1;
    scores[c + 2] = s2;
    scores[c + 3] = s3;
  }
  for (; c < k; c++) {
    let sum = scores[c]!;
    for (let j = 0; j < n; j++) sum += weights[at[j]! + c]! * x[j]!;
    scores[c] = sum;
  }
  return softmax(scores);
}

// The known features of the vector being scored, reused from message to message.
const known = { at: new Int32Array(4096), x: new Float64Array(4096) };

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
