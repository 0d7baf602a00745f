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
 * 3–4-grams inside each word catch what they miss in the way people really type:
 * typos ("postphone"), inflections and run-together shorthand. Numbers become their
 * shape (a three-digit practice score, a two-digit percentage), never their value.
 */
export function messageFeatures(normalized: string): FeatureVector {
  return readFeatures(normalized, false).whole;
}

/** A message's features as a whole and sentence by sentence, computed in one pass. */
export interface MessageFeatures {
  readonly whole: FeatureVector;
  /** Each sentence read alone (as {@link messageFeatures} would read it), with its word count. */
  readonly sentences: readonly { readonly words: number; readonly features: FeatureVector }[];
}

/**
 * Reads the features once: each sentence's counts are kept for reading it alone, and
 * summed for the whole message, since no feature crosses a sentence break. Without
 * `bySentence` only the whole is built (training and the safety screen need no more).
 */
export function readFeatures(normalized: string, bySentence = true): MessageFeatures {
  const sentences = sentencesOf(normalized);
  const whole = new Map<number, number>();
  const parts: { words: number; features: FeatureVector }[] = [];
  for (const words of sentences) {
    const counts = sentenceCounts(words);
    for (const [bucket, count] of counts) whole.set(bucket, (whole.get(bucket) ?? 0) + count);
    if (bySentence && sentences.length > 1) {
      counts.set(lengthBucket(words.length), 1);
      addQuestionCounts(words, counts);
      parts.push({ words: words.length, features: vectorOf(counts) });
    }
  }
  const length = sentences.reduce((n, s) => n + s.length, 0);
  whole.set(lengthBucket(length), 1);
  addQuestionCounts(sentences.at(-1) ?? [], whole);
  return { whole: vectorOf(whole), sentences: parts };
}

/** The bucket of a word read alone, as a feature of the message it is in. */
export function wordBucket(word: string): number {
  return bucketOf(hashText(hashText(offset, 'w:'), word));
}

function sentenceCounts(words: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (bucket: number, weight: number) =>
    counts.set(bucket, (counts.get(bucket) ?? 0) + weight);
  words.forEach((word, i) => {
    add(wordBucket(word), 1);
    const pair = hashText(hashText(hashText(offset, 'b:'), i > 0 ? words[i - 1]! : '<s>'), ' ');
    add(bucketOf(hashText(pair, word)), 1);
    if (!word.startsWith('#')) addCharGrams(word, add);
  });
  if (words.length > 0)
    add(bucketOf(hashText(hashText(hashText(offset, 'b:'), words.at(-1)!), ' </s>')), 1);
  return counts;
}

// People tell the story first and ask last: the last sentence's words are read a second
// time as features of their own, so the model can learn to weigh the question above the
// context ("…my staz ends in september. sit in may or wait till october?").
function addQuestionCounts(words: readonly string[], counts: Map<number, number>): void {
  const prefix = hashText(offset, 'q:');
  words.forEach((word, i) => {
    const unigram = bucketOf(hashText(prefix, word));
    counts.set(unigram, (counts.get(unigram) ?? 0) + 1);
    if (i === 0) return;
    const pair = bucketOf(hashText(hashText(hashText(prefix, words[i - 1]!), ' '), word));
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  });
}

// The shape of a very short message ("when to retake?") is evidence of its own: a
// two-word message is usually a bare question, rarely a story.
function lengthBucket(length: number): number {
  const shape =
    length <= 2 ? String(length) : length <= 5 ? 'short' : length <= 20 ? 'mid' : 'long';
  return bucketOf(hashText(offset, `len:${shape}`));
}

/**
 * Character 3–4-grams of `<word>`, hashed straight from the characters (no substrings).
 * A word's grams never change, and people reuse the same few thousand words, so each
 * word's buckets are remembered (up to `rememberedWords`, then the memory starts over).
 */
function addCharGrams(word: string, add: (bucket: number, weight: number) => void): void {
  let buckets = wordGrams.get(word);
  if (!buckets) {
    buckets = charGramsOf(word);
    if (wordGrams.size >= rememberedWords) wordGrams.clear();
    wordGrams.set(word, buckets);
  }
  for (let i = 0; i < buckets.length; i++) add(buckets[i]!, 0.25);
}

const rememberedWords = 20_000;
const wordGrams = new Map<string, Uint32Array>();

function charGramsOf(word: string): Uint32Array {
  const padded = `<${word}>`;
  const prefix = hashText(offset, 'c:');
  const grams: number[] = [];
  for (let n = 3; n <= 4; n++) {
    for (let i = 0; i + n <= padded.length; i++) {
      let h = prefix;
      for (let j = i; j < i + n; j++) {
        h ^= padded.charCodeAt(j);
        h = Math.imul(h, 0x01000193);
      }
      grams.push(bucketOf(h));
    }
  }
  return Uint32Array.from(grams);
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

/** FNV-1a's starting state. */
const offset = 0x811c9dc5;

/** FNV-1a over a text's UTF-16 units, continuing from `h`: fast and stable everywhere. */
function hashText(h: number, text: string): number {
  let state = h;
  for (let i = 0; i < text.length; i++) {
    state ^= text.charCodeAt(i);
    state = Math.imul(state, 0x01000193);
  }
  return state;
}

function bucketOf(h: number): number {
  return (h >>> 0) % featureBuckets;
}
