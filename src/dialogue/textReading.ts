import type { Knowledge } from '../knowledge/schema.ts';
import { Topic } from '../rules/advice.ts';
import type { Profile } from '../rules/profile.ts';
import { normalizeAnswer } from './answerParsing.ts';
import { type DirectQuestion, directQuestionOf } from './directAnswer.ts';
import { CommandName, maxTextLength } from './input.ts';
import {
  acceptProbability,
  classifyIntent,
  knowsAnyWord,
  likeliestChoices,
  likeliestTopic,
  oneWordAcceptProbability,
  otherLabel,
  topicOf,
} from './understand/classifyIntent.ts';
import { extractFacts } from './understand/facts/extractFacts.ts';
import { type MessageFeatures, readFeatures } from './understand/messageFeatures.ts';
import { normalizeText, wordCount } from './understand/normalize.ts';
import { clarifyScore, routeText, type ScoredIntent } from './understand/route.ts';
import { detectSafety, type SafetyLevel } from './understand/safety.ts';

/** What a message asks for, as the engine acts on it. */
export type TextIntent =
  | { kind: 'command'; name: CommandName }
  | { kind: 'topic'; topic: Topic }
  | { kind: 'faq'; id: string }
  /** Nothing confident; `candidates` are the best guesses worth offering (0–2). */
  | { kind: 'unclear'; candidates: string[] };

/** What a free-text message means to the engine. */
export interface TextReading {
  /** The command, when the whole message is a command word ("why", "/back"). */
  word?: CommandName;
  /** Where the message should go. */
  intent: TextIntent;
  /** The best intents with their scores, best first (at most two). */
  ranked: ScoredIntent[];
  /** A second decision the message raises besides the one it is routed to. */
  also?: Topic;
  /** Profile facts stated in the message. */
  facts: Profile;
  /** Signs of distress or crisis in the message. */
  safety: SafetyLevel;
  /** Whether it asks something (a question or a request) rather than only telling. */
  asks: boolean;
  /** A frightened question ("is it over?") that gets a straight answer first. */
  direct?: DirectQuestion;
  /**
   * False when the intent is only the likeliest decision or the router's guess where the
   * classifier was unsure: enough to act on when nothing else is going on, not to leave a
   * question the person is in the middle of answering.
   */
  sure?: false;
}

/**
 * How much of a message routing and fact extraction read. Questions and stories fit
 * well within it, and it keeps every turn's cost bounded whatever arrives.
 */
export const understoodLength = 2000;

const commandWords: Record<string, CommandName> = {
  start: 'start',
  hi: 'start',
  hello: 'start',
  menu: 'menu',
  help: 'help',
  back: 'back',
  undo: 'back',
  restart: 'restart',
  'start over': 'restart',
  why: 'why',
  plan: 'plan',
  profile: 'profile',
  forget: 'forget',
  'forget me': 'forget',
  retake: 'retake',
  statement: 'statement',
  step3: 'step3',
  'step 3': 'step3',
  cycles: 'cycles',
  outlook: 'outlook',
};

/** A typed message that is exactly a command word, with or without a leading slash. */
export function commandWord(text: string): CommandName | undefined {
  const word = normalizeAnswer(text.replace(/^\s*\//, '').replace(/@\w+$/, ''));
  // Own properties only: "constructor" is a word, not a command.
  const name = Object.hasOwn(commandWords, word) ? commandWords[word] : undefined;
  return name ?? (isCommandName(word) ? word : undefined);
}

/**
 * Reads a free-text message: a command word, or the routed intent with the facts it
 * states; and, over everything the engine accepts, whether it shows distress or crisis.
 * `known` is what the person said before, which a few facts are read against (a
 * practice score means something different for Step 1 and Step 2 CK).
 */
export function readText(
  text: string,
  kb: Knowledge,
  known: Profile = {},
  options: ReadingOptions = {},
): TextReading {
  const normalized = normalizeText(text, maxTextLength);
  const understood = cut(normalized, understoodLength);
  // Features are read once, for the safety screen and the intent alike, and only if used.
  let features: MessageFeatures | undefined;
  const featuresOf = () => {
    features ??= readFeatures(understood);
    return features;
  };
  const safety = detectSafety(normalized, kb.safetyModel, () => featuresOf().whole);
  const facts = extractFacts(understood, kb, known);
  const asks = asksSomething(text.slice(0, understoodLength));
  const word = commandWord(text.slice(0, 100));
  if (word)
    return { word, intent: { kind: 'command', name: word }, ranked: [], facts, safety, asks };
  const routing = routeMessage(understood, kb, options.routerFallback ?? true, featuresOf);
  const intent: TextIntent = routing.intent
    ? intentOf(routing.intent)
    : { kind: 'unclear', candidates: routing.candidates };
  const main = routing.intent ? topicOf(kb, routing.intent) : undefined;
  const also = main && routing.also !== main ? routing.also : undefined;
  const direct = directQuestionOf(understood);
  return {
    intent,
    ranked: routing.ranked,
    facts,
    safety,
    asks,
    ...(also ? { also } : {}),
    ...(direct ? { direct } : {}),
    ...(routing.intent && !routing.sure ? { sure: false as const } : {}),
  };
}

/** How a message is read; only the evaluation changes the default. */
export interface ReadingOptions {
  /**
   * Whether the example-phrase router may decide where the classifier is unsure
   * (default true: cross-validation shows the combination routes more messages right).
   */
  routerFallback?: boolean;
}

/**
 * The example-phrase router is asked only about messages of at most this many words: in
 * five-fold cross-validation it put six more short messages right than the classifier
 * alone, and one longer one in 6,243, at up to ≈ 160 µs per long story (December 2026).
 */
export const routerFallbackWords = 25;

/**
 * The intent of normalized text: the trained classifier's when the knowledge ships
 * one (it generalises far better, see README), else the example-phrase router's. Where
 * the classifier is unsure and the router is confident, the router's.
 */
function routeMessage(
  normalized: string,
  kb: Knowledge,
  routerFallback: boolean,
  features: () => MessageFeatures,
): {
  intent?: string | undefined;
  ranked: ScoredIntent[];
  candidates: string[];
  also?: Topic | undefined;
  sure: boolean;
} {
  if (kb.intentModel) {
    const c = classifyIntent(kb.intentModel, normalized, kb, features());
    const top = c.ranked[0]!;
    // A one-word message ("exam", "visa") carries little evidence: it must be clear.
    const words = wordCount(normalized);
    const needed = words <= 1 ? oneWordAcceptProbability : acceptProbability;
    const familiar = knowsAnyWord(kb.intentModel, normalized);
    const confident = familiar && top.id !== otherLabel && top.score >= needed;
    const topic = confident || !familiar ? undefined : likeliestTopic(kb, c.ranked, needed);
    const fallback =
      !confident && !topic && routerFallback && words <= routerFallbackWords
        ? routeText(normalized, kb).intent
        : undefined;
    const intent = confident ? top.id : (topic ?? fallback);
    return {
      intent,
      ranked: c.ranked.slice(0, 2),
      candidates: likeliestChoices(kb, c.ranked),
      also: c.also,
      sure: confident,
    };
  }
  const routing = routeText(normalized, kb);
  return {
    ...(routing.intent ? { intent: routing.intent } : {}),
    ranked: routing.ranked,
    candidates: routing.ranked.filter((r) => r.score >= clarifyScore).map((r) => r.id),
    sure: true,
  };
}

const questionStart =
  /^\W*(?:should|shall|can|could|will|would|what|whats|when|how|is|am|are|do|does|did|why|where|which|who|may|might|any|pls|please|help|tell|give|explain|show)\b/i;
const requestInside =
  /\b(?:should i|can i|could i|do i|am i|will i|is it|what (?:should|do|are|is|now|next)|how (?:do|can|should|much|many|long|bad)|help me|tell me|give me|show me|want to know|wondering|advice|thoughts)\b/i;

/** A question mark, a question word up front, or a request anywhere. */
function asksSomething(text: string): boolean {
  return text.includes('?') || questionStart.test(text) || requestInside.test(text);
}

/** What an intent id from knowledge/intents.yaml leads to. */
export function intentOf(id: string): TextIntent {
  if (isTopic(id)) return { kind: 'topic', topic: id };
  if (isCommandName(id)) return { kind: 'command', name: id };
  return { kind: 'faq', id };
}

/** The intent's id as `trajectory route` and the evaluation name it. */
export function intentName(intent: TextIntent): string {
  switch (intent.kind) {
    case 'command':
      return intent.name;
    case 'topic':
      return intent.topic;
    case 'faq':
      return intent.id;
    case 'unclear':
      return 'unclear';
  }
}

/** Whether a command name is one of the decisions. */
export function isTopic(name: string): name is Topic {
  return topicNames.has(name);
}

// Set lookups rather than schema parses: every message is checked against both, and a
// failed parse builds an error object each time.
const topicNames: ReadonlySet<string> = new Set(Topic.options);
const commandNames: ReadonlySet<string> = new Set(CommandName.options);

function isCommandName(name: string): name is CommandName {
  return commandNames.has(name);
}

/** Normalized text cut at a word boundary to at most `length` characters. */
function cut(normalized: string, length: number): string {
  if (normalized.length <= length) return normalized;
  const head = normalized.slice(0, length);
  const space = head.lastIndexOf(' ');
  return space > 0 ? head.slice(0, space) : head;
}
