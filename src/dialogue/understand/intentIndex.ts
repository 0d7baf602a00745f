import type { Knowledge } from '../../knowledge/schema.ts';
import { contentWords, features } from './features.ts';
import { normalizeText } from './normalize.ts';

/**
 * The intents' example phrases as weighted feature vectors (TF-IDF over unigrams and
 * word pairs) with an inverted index, built once per knowledge base, plus a table for
 * correcting one-letter typos against the examples' vocabulary.
 */
export interface IntentIndex {
  /** Intent ids; examples refer to them by position. */
  readonly intents: readonly string[];
  /** For each example, the position of its intent. */
  readonly exampleIntent: readonly number[];
  /** For each example, the length of its weight vector. */
  readonly exampleNorm: readonly number[];
  /** Feature → the examples containing it, with the feature's weight there. */
  readonly postings: ReadonlyMap<string, readonly Posting[]>;
  /** Feature → inverse document frequency over the examples. */
  readonly idf: ReadonlyMap<string, number>;
  /** The weight a word no example uses counts with in a message's vector. */
  readonly unknownWeight: number;
  /** Feature → each intent using it, with its weight in the intent's combined examples. */
  readonly intentPostings: ReadonlyMap<string, readonly Posting[]>;
  /** For each intent, the length of its combined weight vector. */
  readonly intentNorm: readonly number[];
  /** Reads synonyms as their canonical word (see knowledge `synonyms`). */
  readonly canonical: (normalized: string) => string;
  /** Every single word the examples use. */
  readonly vocabulary: ReadonlySet<string>;
  /** A word with one letter deleted → the vocabulary words it comes from. */
  readonly deletions: ReadonlyMap<string, readonly string[]>;
}

/** One example's weight for one feature. */
export interface Posting {
  readonly example: number;
  readonly weight: number;
}

/** The longest example phrase the index reads. */
const exampleLength = 200;

const built = new WeakMap<Knowledge, IntentIndex>();

/** The index for a knowledge base, built on first use and kept for the base's lifetime. */
export function intentIndex(kb: Knowledge): IntentIndex {
  let index = built.get(kb);
  if (!index) {
    index = buildIndex(kb);
    built.set(kb, index);
  }
  return index;
}

function buildIndex(kb: Knowledge): IntentIndex {
  const canonical = synonymReader(kb);
  const intents = kb.intents.map((i) => i.id);
  const exampleIntent: number[] = [];
  const counts: Map<string, number>[] = [];
  kb.intents.forEach((intent, i) => {
    for (const example of intent.examples) {
      exampleIntent.push(i);
      counts.push(features(contentWords(canonical(normalizeText(example, exampleLength))).flat()));
    }
  });
  // Rarity is counted across intents, not examples: a word every intent's examples
  // use ("can", "still", "should") says nothing about which intent is meant, however
  // few examples it appears in.
  const owners = new Map<string, Set<number>>();
  counts.forEach((c, example) => {
    for (const key of c.keys()) {
      const set = owners.get(key) ?? new Set<number>();
      set.add(exampleIntent[example]!);
      owners.set(key, set);
    }
  });
  const n = Math.max(intents.length, 1);
  const idf = new Map<string, number>();
  for (const [key, set] of owners) idf.set(key, Math.log(1 + n / set.size));
  const postings = new Map<string, Posting[]>();
  const exampleNorm = counts.map((c, example) => {
    let sum = 0;
    for (const [key, tf] of c) {
      const weight = (1 + Math.log(tf)) * idf.get(key)!;
      sum += weight * weight;
      append(postings, key, { example, weight });
    }
    return Math.sqrt(sum) || 1;
  });
  const combined = intents.map(() => new Map<string, number>());
  counts.forEach((c, example) => {
    const into = combined[exampleIntent[example]!]!;
    for (const [key, tf] of c) into.set(key, (into.get(key) ?? 0) + tf);
  });
  const intentPostings = new Map<string, Posting[]>();
  const intentNorm = combined.map((c, intent) => {
    let sum = 0;
    for (const [key, tf] of c) {
      const weight = (1 + Math.log(tf)) * idf.get(key)!;
      sum += weight * weight;
      append(intentPostings, key, { example: intent, weight });
    }
    return Math.sqrt(sum) || 1;
  });
  const vocabulary = new Set([...owners.keys()].filter((k) => !k.includes(' ')));
  const deletions = new Map<string, string[]>();
  for (const word of vocabulary) {
    if (word.length < 5) continue;
    for (const key of deletesOf(word)) {
      const list = deletions.get(key);
      if (!list) deletions.set(key, [word]);
      else if (!list.includes(word)) list.push(word);
    }
  }
  return {
    intents,
    exampleIntent,
    exampleNorm,
    postings,
    idf,
    unknownWeight: Math.log(1 + n),
    intentPostings,
    intentNorm,
    canonical,
    vocabulary,
    deletions,
  };
}

function append(postings: Map<string, Posting[]>, key: string, posting: Posting): void {
  const list = postings.get(key);
  if (list) list.push(posting);
  else postings.set(key, [posting]);
}

/**
 * A function that rewrites every synonym phrasing in normalized text to its word,
 * longest phrasing first, whole words only, in one pass.
 */
function synonymReader(kb: Knowledge): (normalized: string) => string {
  const words = new Map<string, string>();
  for (const group of kb.synonyms) {
    const word = normalizeText(group.word, exampleLength);
    for (const variant of group.also) words.set(normalizeText(variant, exampleLength), word);
  }
  if (words.size === 0) return (normalized) => normalized;
  const alternatives = [...words.keys()]
    .sort((a, b) => b.length - a.length)
    .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  return (normalized) => normalized.replace(pattern, (found) => words.get(found) ?? found);
}

/** The word itself and every way of deleting one of its letters. */
export function deletesOf(word: string): string[] {
  const keys = [word];
  for (let i = 0; i < word.length; i++) keys.push(word.slice(0, i) + word.slice(i + 1));
  return keys;
}
