import type { Knowledge } from '../../knowledge/schema.ts';
import { contentWords, features } from './features.ts';
import { deletesOf, type IntentIndex, intentIndex } from './intentIndex.ts';

/** An intent with how well a message matched it, from 0 (nothing shared) to 1 (identical). */
export interface ScoredIntent {
  id: string;
  score: number;
}

/** Where a message should go: an intent when the match is confident, and the two best. */
export interface Routing {
  /** The chosen intent, or undefined when the message is unclear. */
  intent: string | undefined;
  /** The two best-matching intents, best first (fewer when fewer matched at all). */
  ranked: ScoredIntent[];
}

/** A match this good (see {@link routeText} for the score) is taken as meant. */
export const acceptScore = 0.2;
/** A one-word message ("time", "visa") carries little evidence, so it must match better. */
export const oneWordAcceptScore = 0.35;
/** The best must beat the runner-up by this much, or the message is ambiguous. */
export const acceptMargin = 0.02;
/** Below this, a message shares too little with any intent to offer it as a choice. */
export const clarifyScore = 0.12;

/** The word every greeting becomes (see knowledge `synonyms`). */
const greeting = 'hello';

/** How much of an intent's score comes from its nearest example; the rest from all of them. */
const nearestShare = 0.5;

// Messages are capped before they get here, but a wall of text still shouldn't be
// scored sentence by sentence without limit.
const maxSentences = 40;

/**
 * Routes normalized text. An intent's score is the cosine similarity of the message's
 * TF-IDF vector to its nearest example phrase, averaged with the similarity to all its
 * examples taken together. The whole message and each of its sentences are scored, so
 * a question after a long story still finds its intent.
 */
export function routeText(normalized: string, kb: Knowledge): Routing {
  const index = intentIndex(kb);
  let sentences = contentWords(index.canonical(normalized))
    .slice(0, maxSentences)
    .map((words) => words.map((w) => corrected(w, index)));
  // "Hi! Will PDs care that I failed?" is a question, not a greeting: a greeting only
  // counts when it is all there is.
  if (sentences.flat().some((w) => w !== greeting)) {
    sentences = sentences
      .map((words) => words.filter((w) => w !== greeting))
      .filter((words) => words.length > 0);
  }
  const best = new Float64Array(index.intents.length);
  const segments = sentences.length > 1 ? [sentences.flat(), ...sentences] : sentences;
  for (const segment of segments) scoreSegment(segment, index, best);
  const ranked: ScoredIntent[] = [];
  best.forEach((score, i) => {
    if (score > 0) ranked.push({ id: index.intents[i]!, score });
  });
  ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const top = ranked.slice(0, 2);
  const [first, second] = top;
  const needed = new Set(sentences.flat()).size <= 1 ? oneWordAcceptScore : acceptScore;
  const confident =
    first !== undefined &&
    first.score >= needed &&
    first.score - (second?.score ?? 0) >= acceptMargin;
  return { intent: confident ? first.id : undefined, ranked: top };
}

function scoreSegment(words: readonly string[], index: IntentIndex, best: Float64Array): void {
  const dots = new Map<number, number>();
  const intentDots = new Float64Array(index.intents.length);
  let norm = 0;
  for (const [key, tf] of features(words)) {
    const idf = index.idf.get(key);
    const weight = (1 + Math.log(tf)) * (idf ?? index.unknownWeight);
    // Unknown word pairs are only noise from known words side by side; unknown
    // single words do dilute, so off-topic text scores low.
    if (idf === undefined && key.includes(' ')) continue;
    norm += weight * weight;
    for (const posting of index.postings.get(key) ?? []) {
      dots.set(posting.example, (dots.get(posting.example) ?? 0) + weight * posting.weight);
    }
    for (const posting of index.intentPostings.get(key) ?? []) {
      intentDots[posting.example]! += weight * posting.weight;
    }
  }
  if (norm === 0) return;
  const length = Math.sqrt(norm);
  const nearest = new Float64Array(index.intents.length);
  for (const [example, dot] of dots) {
    const score = dot / (length * index.exampleNorm[example]!);
    const intent = index.exampleIntent[example]!;
    if (score > nearest[intent]!) nearest[intent] = score;
  }
  // The nearest example rewards a close paraphrase; the intent's examples taken
  // together reward words spread over several of them.
  for (let i = 0; i < best.length; i++) {
    const whole = intentDots[i]! / (length * index.intentNorm[i]!);
    const score = nearestShare * nearest[i]! + (1 - nearestShare) * whole;
    if (score > best[i]!) best[i] = score;
  }
}

/** A word the examples never use, replaced by the one vocabulary word a typo away. */
function corrected(word: string, index: IntentIndex): string {
  if (word.length < 5 || index.vocabulary.has(word)) return word;
  for (const key of deletesOf(word)) {
    const match = index.deletions.get(key)?.find((candidate) => oneEditApart(word, candidate));
    if (match) return match;
  }
  return word;
}

/** One letter added, dropped, changed, or two neighbours swapped ("postopne"). */
export function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
