import { sentenceBreak } from './normalize.ts';

/**
 * How many buckets features are hashed into. Large enough that collisions between
 * the few tens of thousands of features a corpus has are rare; the model only keeps
 * the buckets training saw, so the size of the space costs nothing.
 */
export const featureBuckets = 1 << 20;

/** A message as the classifier reads it: bucket ids with weights, L2-normalised. */
export interface FeatureVector {
  readonly buckets: Uint32Array;
  readonly weights: Float32Array;
}

/**
 * Word unigrams and pairs catch phrasing ("push back", "personal statement"); character
 * 3–5-grams inside each word catch what they miss in the way people really type:
 * typos ("postphone"), inflections and run-together shorthand. Numbers become their
 * shape (a three-digit practice score, a two-digit percentage), never their value.
 */
export function messageFeatures(normalized: string): FeatureVector {
  const counts = new Map<number, number>();
  const add = (key: string, weight: number) => {
    const bucket = hashKey(key);
    counts.set(bucket, (counts.get(bucket) ?? 0) + weight);
  };
  const sentences = sentencesOf(normalized);
  for (const words of sentences) {
    words.forEach((word, i) => {
      add(`w:${word}`, 1);
      add(`b:${i > 0 ? words[i - 1] : '<s>'} ${word}`, 1);
      if (!/^#/.test(word)) for (const gram of charGrams(word)) add(`c:${gram}`, 0.25);
    });
    if (words.length > 0) add(`b:${words.at(-1)} </s>`, 1);
  }
  // The shape of a very short message ("when to retake?") is evidence of its own: a
  // two-word message is usually a bare question, rarely a story.
  const length = sentences.reduce((n, s) => n + s.length, 0);
  add(`len:${length <= 2 ? length : length <= 5 ? 'short' : length <= 20 ? 'mid' : 'long'}`, 1);
  return vectorOf(counts);
}

/** A feature vector from bucket → raw weight: log-scaled and L2-normalised. */
function vectorOf(counts: Map<number, number>): FeatureVector {
  const buckets = new Uint32Array(counts.size);
  const weights = new Float32Array(counts.size);
  let norm = 0;
  let i = 0;
  for (const [bucket, count] of counts) {
    const w = Math.log1p(count);
    buckets[i] = bucket;
    weights[i] = w;
    norm += w * w;
    i++;
  }
  const length = Math.sqrt(norm) || 1;
  for (let j = 0; j < weights.length; j++) weights[j] = weights[j]! / length;
  return { buckets, weights };
}

/** The words of each sentence of normalized text, numbers replaced by their shape. */
export function sentencesOf(normalized: string): string[][] {
  const sentences: string[][] = [[]];
  for (const token of normalized.split(' ')) {
    if (token === '') continue;
    if (token === sentenceBreak) {
      if (sentences.at(-1)!.length > 0) sentences.push([]);
      continue;
    }
    sentences.at(-1)!.push(/^\d+$/.test(token) ? `#${Math.min(token.length, 4)}` : token);
  }
  if (sentences.at(-1)!.length === 0) sentences.pop();
  return sentences;
}

function charGrams(word: string): string[] {
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
  }
  return grams;
}

/** FNV-1a over the key's UTF-16 units: fast, stable across runs and platforms. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % featureBuckets;
}
