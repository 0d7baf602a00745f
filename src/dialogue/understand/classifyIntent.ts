import type { Knowledge } from '../../knowledge/schema.ts';
import { Topic } from '../../rules/advice.ts';
import { type MessageFeatures, readFeatures, wordBucket } from './messageFeatures.ts';
import type { ScoredIntent } from './route.ts';
import {
  knowsBucket,
  predictAt,
  predictSentence,
  type TextModel,
  weightOffsets,
} from './textModel.ts';

/** The label the corpus gives messages about something else entirely. */
export const otherLabel = 'other';

/**
 * The classifier's top intent is taken as meant at this probability; below it the
 * person is offered the likeliest topics instead. Chosen by cross-validation on the
 * training batches (see `npm run eval:intents`).
 */
export const acceptProbability = 0.4;

/** A one-word message is taken as meant only at this probability. */
export const oneWordAcceptProbability = 0.9;

/** A second topic in the same message counts when one sentence is this clearly about it. */
export const secondTopicProbability = 0.6;

/**
 * A message read whole at this probability keeps its reading even when a sentence of it
 * asks about another decision; below it, the last decision asked is the main one. Chosen
 * by cross-validation: with the twelve decision batches of December 2026, 0.4–0.6 route
 * 94.9–95.0% of topics right (0.5: 6,738 of 7,092), 0.65 94.8%, 0.7 (the earlier value)
 * 94.8%, 0.8 94.7%.
 */
export const wholeMessageProbability = 0.5;

/** Words with which people mark the one question they most want answered. */
const mainQuestion =
  /\b(?:mainly|main question|main thing|main concern|most importantly|above all|real question|my question is|what i (?:really|actually) (?:want|need) to know)\b/;

/** How the classifier reads one message. */
export interface IntentClassification {
  /** Every label with its probability, most likely first. */
  ranked: ScoredIntent[];
  /** A second decision the message also raises in a sentence of its own, if any. */
  also?: Topic;
}

/**
 * Classifies normalized text with the trained model: the whole message decides the
 * intent; each sentence of a longer message is also read alone, so "step 3 — worth
 * it? also when should I retake" can offer the topic the answer did not cover.
 */
export function classifyIntent(
  model: TextModel,
  normalized: string,
  kb: Knowledge,
  features: MessageFeatures = readFeatures(normalized),
): IntentClassification {
  const wholeOffsets = weightOffsets(model, features.whole);
  const ranked = rank(model, predictAt(model, features.whole, wholeOffsets));
  if (features.sentences.filter((p) => p.words >= 3).length < 2) return { ranked };
  // Each sentence read alone: the decisions clearly asked about, in the order asked.
  // Only the best label of a sentence matters unless it turns out to be the main one, so
  // the full ranking is built only then.
  const asked: { topic: Topic; probabilities: Float64Array; sentence: number }[] = [];
  features.sentences.forEach((part, sentence) => {
    if (part.words < 3) return;
    const probabilities = predictSentence(model, part.features, wholeOffsets);
    const best = bestLabel(probabilities);
    const topic = topicOf(kb, model.labels[best]!);
    if (topic && probabilities[best]! >= secondTopicProbability)
      asked.push({ topic, probabilities, sentence });
  });
  const topics = [...new Set(asked.map((a) => a.topic))];
  if (topics.length < 2) {
    const main = topicOf(kb, ranked[0]!.id);
    const other = topics.find((t) => t !== main);
    return other && main ? { ranked, also: other } : { ranked };
  }
  // "But mainly, when do I retake?": a sentence the person marks as their main question is
  // the main one, whatever the rest weighs.
  const stressed = asked.find((a) =>
    mainQuestion.test(features.sentences[a.sentence]!.said.join(' ')),
  );
  if (stressed) {
    const also = [...asked].reverse().find((a) => a.topic !== stressed.topic)!.topic;
    return { ranked: rank(model, stressed.probabilities), also };
  }
  // The whole message, which already weighs its last sentence twice, decides when it is
  // clear. When it is not, people who lead with context end with what they want answered
  // ("…also wondering about Step 3. But mainly, when do I retake?"): the last decision
  // asked is the main one. Either way the other decision asked is offered next.
  const main = topicOf(kb, ranked[0]!.id);
  if (ranked[0]!.score >= wholeMessageProbability && main) {
    const other = [...asked].reverse().find((a) => a.topic !== main);
    return other ? { ranked, also: other.topic } : { ranked };
  }
  const last = asked.at(-1)!;
  const also = [...asked].reverse().find((a) => a.topic !== last.topic)!.topic;
  return { ranked: rank(model, last.probabilities), also };
}

/** The index of the likeliest label; ties go to the label first in alphabetical order. */
function bestLabel(probabilities: Float64Array): number {
  let best = 0;
  for (let c = 1; c < probabilities.length; c++)
    if (probabilities[c]! > probabilities[best]!) best = c;
  return best;
}

function rank(model: TextModel, probabilities: Float64Array): ScoredIntent[] {
  return model.labels
    .map((id, i) => ({ id, score: probabilities[i]! }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/**
 * The decision an intent belongs to: a decision is its own, a FAQ names its topic in
 * intents.yaml; commands and `other` belong to none.
 */
export function topicOf(kb: Knowledge, intent: string): Topic | undefined {
  let topics = topicsByIntent.get(kb.intents);
  if (!topics) {
    topics = new Map<string, Topic>(Topic.options.map((t) => [t, t]));
    for (const i of kb.intents) if (i.topic && !topics.has(i.id)) topics.set(i.id, i.topic);
    topicsByIntent.set(kb.intents, topics);
  }
  return topics.get(intent);
}

// Every message asks this of each of the classifier's labels, so the answers are kept per
// knowledge base instead of parsing and searching each time.
const topicsByIntent = new WeakMap<Knowledge['intents'], Map<string, Topic>>();

/**
 * Whether normalized text holds a word (sentence breaks and bare numbers left out) the
 * classifier learned from. A message with none ("qwertyuiop zxcvbnm") is read from its
 * letters alone, which is guessing: it is never taken as meant, however the guess comes out.
 */
export function knowsAnyWord(model: TextModel, normalized: string): boolean {
  // Token by token, stopping at the first known word, without splitting the whole text.
  let start = 0;
  while (start <= normalized.length) {
    let end = normalized.indexOf(' ', start);
    if (end < 0) end = normalized.length;
    if (end > start) {
      const word = normalized.slice(start, end);
      if (word !== '.' && !/^\d+$/.test(word) && knowsBucket(model, wordBucket(word))) return true;
    }
    start = end + 1;
  }
  return false;
}

/**
 * The decision a message is about when no single intent is clear but the intents of one
 * decision together are ("cycles" 0.3 and "when is it time to stop applying?" 0.25): the
 * decision itself, whose flow covers both. Undefined when no decision reaches `needed`.
 */
export function likeliestTopic(
  kb: Knowledge,
  ranked: readonly ScoredIntent[],
  needed: number,
): Topic | undefined {
  const sums = new Map<Topic, number>();
  for (const r of ranked) {
    const topic = topicOf(kb, r.id);
    if (topic) sums.set(topic, (sums.get(topic) ?? 0) + r.score);
  }
  let best: Topic | undefined;
  for (const [topic, sum] of sums)
    if (sum >= needed && (!best || sum > sums.get(best)!)) best = topic;
  return best;
}

/**
 * The two or three likeliest choices to offer when nothing is confident: intents in
 * order of probability with FAQs folded into their decisions, never `other`, topped
 * up with the likeliest decisions so there are always at least two.
 */
export function likeliestChoices(kb: Knowledge, ranked: readonly ScoredIntent[]): string[] {
  const choices: string[] = [];
  const add = (id: string) => {
    if (!choices.includes(id) && choices.length < 3) choices.push(id);
  };
  for (const r of ranked) {
    if (r.id === otherLabel) continue;
    if (r.score < 0.1 && choices.length >= 2) break;
    add(topicOf(kb, r.id) ?? r.id);
  }
  for (const r of ranked) {
    if (choices.length >= 2) break;
    const topic = topicOf(kb, r.id);
    if (topic) add(topic);
  }
  return choices;
}
