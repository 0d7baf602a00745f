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
  /**
   * For a sentence read alone: where each of its buckets sits in the whole message's
   * vector (-1 for the few that are the sentence's own), so a model looks each bucket
   * up once per message instead of once per reading.
   */
  readonly inWhole?: Int32Array;
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
  /**
   * Each sentence read alone (as {@link messageFeatures} would read it), with its word count
   * and its words (numbers as their shape).
   */
  readonly sentences: readonly {
    readonly words: number;
    readonly said: readonly string[];
    readonly features: FeatureVector;
  }[];
}

/**
 * Reads the features once: each sentence's counts are kept for reading it alone, and
 * summed for the whole message, since no feature crosses a sentence break. Without
 * `bySentence` only the whole is built (training and the safety screen need no more).
 */
export function readFeatures(normalized: string, bySentence = true): MessageFeatures {
  const sentences = sentencesOf(normalized);
  const alone = bySentence && sentences.length > 1;
  const parts: { words: number; said: readonly string[]; features: FeatureVector }[] = [];
  wholeCounts.clear();
  for (const words of sentences) {
    if (alone) {
      sentenceCounts.clear();
      countSentence(words, wholeCounts, sentenceCounts);
      sentenceCounts.add(lengthBucket(words.length), 1);
      addQuestionCounts(words, sentenceCounts);
      parts.push({ words: words.length, said: words, features: sentenceCounts.vector(true) });
    } else countSentence(words, wholeCounts);
  }
  const length = sentences.reduce((n, s) => n + s.length, 0);
  wholeCounts.add(lengthBucket(length), 1);
  addQuestionCounts(sentences.at(-1) ?? [], wholeCounts);
  return { whole: wholeCounts.vector(), sentences: parts };
}

/**
 * Feature counts by bucket, kept in insertion order. Reading a long message counts a few
 * thousand features; a Map per sentence made reading allocate so much that young-generation
 * collections landed on about one message in a hundred, and those messages were the slowest
 * hundredth. One counter per use is reused from message to message instead.
 */
class BucketCounter {
  private keys = new Int32Array(1 << 12);
  private values = new Float64Array(1 << 12);
  /** Per slot: its place in insertion order. */
  private places = new Int32Array(1 << 12);
  /** Per slot: its bucket's place in another counter (the whole message's), or -1. */
  private links = new Int32Array(1 << 12);
  private slots = new Int32Array(1 << 11);
  private used = 0;

  /**
   * Adds `weight` to a bucket's count and returns the bucket's place in insertion order.
   * `link` records where the same bucket sits in another counter.
   */
  add(bucket: number, weight: number, link = -1): number {
    const mask = this.keys.length - 1;
    const key = bucket + 1;
    let slot = (Math.imul(bucket, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const found = this.keys[slot]!;
      if (found === key) {
        this.values[slot]! += weight;
        return this.places[slot]!;
      }
      if (found === 0) break;
      slot = (slot + 1) & mask;
    }
    if (this.used * 2 >= this.slots.length) {
      this.grow();
      return this.add(bucket, weight, link);
    }
    this.keys[slot] = key;
    this.values[slot] = weight;
    this.links[slot] = link;
    this.places[slot] = this.used;
    this.slots[this.used] = slot;
    return this.used++;
  }

  /** Empties the counter, touching only the slots in use. */
  clear(): void {
    for (let i = 0; i < this.used; i++) {
      const slot = this.slots[i]!;
      this.keys[slot] = 0;
      this.values[slot] = 0;
    }
    this.used = 0;
  }

  /**
   * The counts as a feature vector: log-scaled and L2-normalised, in insertion order;
   * `linked` adds each bucket's place in the other counter.
   */
  vector(linked = false): FeatureVector {
    const buckets = new Uint32Array(this.used);
    const weights = new Float32Array(this.used);
    const inWhole = linked ? new Int32Array(this.used) : undefined;
    let norm = 0;
    for (let i = 0; i < this.used; i++) {
      const slot = this.slots[i]!;
      const w = logCount(this.values[slot]!);
      buckets[i] = this.keys[slot]! - 1;
      weights[i] = w;
      if (inWhole) inWhole[i] = this.links[slot]!;
      norm += w * w;
    }
    const length = Math.sqrt(norm) || 1;
    for (let j = 0; j < weights.length; j++) weights[j] = weights[j]! / length;
    return inWhole ? { buckets, weights, inWhole } : { buckets, weights };
  }

  // Re-adding in insertion order keeps every place as it was.
  private grow(): void {
    const entries: [number, number, number][] = [];
    for (let i = 0; i < this.used; i++) {
      const slot = this.slots[i]!;
      entries.push([this.keys[slot]! - 1, this.values[slot]!, this.links[slot]!]);
    }
    const size = this.keys.length * 2;
    this.keys = new Int32Array(size);
    this.values = new Float64Array(size);
    this.places = new Int32Array(size);
    this.links = new Int32Array(size);
    this.slots = new Int32Array(size / 2);
    this.used = 0;
    for (const [bucket, value, link] of entries) this.add(bucket, value, link);
  }
}

// Counts are sums of whole words (1) and character grams (0.25), so nearly every one is
// a small number of quarters: their logarithms are looked up instead of computed, a
// thousand times or more per long message. `q / 4` is exactly the count, so the value is
// the same to the bit.
const quarterLogs = Float64Array.from({ length: 1024 }, (_, q) => Math.log1p(q / 4));

function logCount(count: number): number {
  const q = count * 4;
  return q < quarterLogs.length && Number.isInteger(q) ? quarterLogs[q]! : Math.log1p(count);
}

const wholeCounts = new BucketCounter();
const sentenceCounts = new BucketCounter();

/** The bucket of a word read alone, as a feature of the message it is in. */
export function wordBucket(word: string): number {
  return bucketOf(hashText(wordPrefix, word));
}

// The commonest short words of English are written the same way by everyone: their own
// unigram says all there is, and their character grams only add noise (and a fifth of
// a long message's features). Misspelt ones ("wen", "shud") keep their grams.
const functionWords = new Set(
  'a an the i me my im you your he she it its we our they them their is am are was were be been being do does did have has had will would can could should shall may might must to of in on at for from by with about as into than then so and or but if not no yes this that these those there here what which who when where how why all any some just also very too'.split(
    ' ',
  ),
);

/** Counts one sentence's features into `whole`, and into `alone` when it is read alone too. */
function countSentence(
  words: readonly string[],
  whole: BucketCounter,
  alone?: BucketCounter,
): void {
  const add = (bucket: number, weight: number) => {
    const place = whole.add(bucket, weight);
    alone?.add(bucket, weight, place);
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    add(wordBucket(word), 1);
    const pair = hashText(hashText(pairPrefix, i > 0 ? words[i - 1]! : '<s>'), ' ');
    add(bucketOf(hashText(pair, word)), 1);
    if (!word.startsWith('#') && !functionWords.has(word)) addCharGrams(word, add);
  }
  if (words.length > 0) add(bucketOf(hashText(hashText(pairPrefix, words.at(-1)!), ' </s>')), 1);
}

// People tell the story first and ask last: the last sentence's words are read a second
// time as features of their own, so the model can learn to weigh the question above the
// context ("…my staz ends in september. sit in may or wait till october?").
function addQuestionCounts(words: readonly string[], counts: BucketCounter): void {
  for (let i = 0; i < words.length; i++) {
    counts.add(bucketOf(hashText(questionPrefix, words[i]!)), 1);
    if (i > 0)
      counts.add(
        bucketOf(hashText(hashText(hashText(questionPrefix, words[i - 1]!), ' '), words[i]!)),
        1,
      );
  }
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
  const grams: number[] = [];
  for (let n = 3; n <= 4; n++) {
    for (let i = 0; i + n <= padded.length; i++) {
      let h = gramPrefix;
      for (let j = i; j < i + n; j++) {
        h ^= padded.charCodeAt(j);
        h = Math.imul(h, 0x01000193);
      }
      grams.push(bucketOf(h));
    }
  }
  return Uint32Array.from(grams);
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

// Each kind of feature hashes from its own prefix; the states after the prefixes are fixed.
const wordPrefix = hashText(offset, 'w:');
const pairPrefix = hashText(offset, 'b:');
const questionPrefix = hashText(offset, 'q:');
const gramPrefix = hashText(offset, 'c:');

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
