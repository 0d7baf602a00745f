import { z } from 'zod';
import type { TextModel } from '../dialogue/understand/textModel.ts';
import { Topic } from '../rules/advice.ts';
import { FactName } from '../rules/profile.ts';

/** A stable knowledge id: lowercase words joined by dots and underscores. */
export const KnowledgeId = z
  .string()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'ids are lowercase words joined by dots');

/** The month someone last confirmed a fact against its source, as YYYY-MM. */
export const CheckedMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM, e.g. 2026-12');

/** A calendar day as YYYY-MM-DD. */
export const CalendarDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day as YYYY-MM-DD');

/**
 * Where a fact comes from. `article` is the seed article; the others are named pages,
 * and each must say when someone last confirmed what the bot draws from it (`checked`,
 * here or in a {@link SourceCheck}); loading refuses an official or secondary source
 * without one, so nothing official goes out undated.
 */
export const Source = z
  .object({
    id: KnowledgeId,
    title: z.string().min(1),
    publisher: z.string().min(1),
    kind: z.enum(['article', 'official', 'secondary']),
    url: z.string().url().optional(),
    published: z.string().optional(),
    /** The month someone last confirmed the facts drawn from this source. */
    checked: CheckedMonth.optional(),
    note: z.string().optional(),
  })
  .strict();
/** One source. */
export type Source = z.infer<typeof Source>;

/**
 * A record that someone confirmed a source in a given month, kept apart from the
 * source itself so a source declared in another team's file can be dated without
 * editing that file.
 */
export const SourceCheck = z
  .object({ source: KnowledgeId, checked: CheckedMonth, note: z.string().optional() })
  .strict();
/** One source check. */
export type SourceCheck = z.infer<typeof SourceCheck>;

/** One piece of content the bot can say, with its source. */
export const Entry = z
  .object({
    id: KnowledgeId,
    text: z.string().min(1),
    source: KnowledgeId,
    /**
     * When this entry itself was last confirmed, if later than its source's `checked`
     * (one fact re-verified without re-reading the whole source).
     */
    checked: CheckedMonth.optional(),
    /** Numbers behind the text, for entries that carry figures (estimates say so in the text). */
    figures: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  })
  .strict();
/** One knowledge entry. */
export type Entry = z.infer<typeof Entry>;

/** A frequently asked question with the advisor's answer. */
export const Faq = z
  .object({
    id: KnowledgeId,
    question: z.string().min(1),
    answer: z.string().min(1),
    source: KnowledgeId,
    /** Advice topics worth offering after this answer. */
    related: z
      .array(z.enum(['retake', 'statement', 'step3', 'cycles', 'outlook', 'plan']))
      .default([]),
  })
  .strict();
/** One FAQ entry. */
export type Faq = z.infer<typeof Faq>;

/** A crisis or support line. */
export const CrisisLine = z
  .object({
    name: z.string().min(1),
    contact: z.string().min(1),
    hours: z.string().optional(),
    source: KnowledgeId,
    /** The month someone last confirmed this number on the line's own or a government page. */
    checked: CheckedMonth,
  })
  .strict();

/**
 * The exams with a passing bar. OET Medicine's Writing sub-test has a bar of its own for
 * ECFMG, so it is a row apart from the other three sub-tests (`oet`).
 */
export const BarExam = z.enum([
  'step1',
  'step2ck',
  'step3',
  'oet',
  'oet_writing',
  // The share of items a USMLE exam is typically passed with: the only bar there is for
  // practice results given as a percentage (question banks, Free 120).
  'usmle_percent_correct',
]);
/** An exam with a passing bar. */
export type BarExam = z.infer<typeof BarExam>;

/**
 * The score that passes an exam from a given day on. Bars change (Step 2 CK's has risen
 * four times since 2012), so each row keeps the day it took effect and who said so.
 */
export const PassingBar = z
  .object({
    exam: BarExam,
    score: z.number().int().positive(),
    /** What the score is measured on, in words a person reads. */
    scale: z.string().min(1),
    from: CalendarDay,
    source: KnowledgeId,
    checked: CheckedMonth,
    note: z.string().optional(),
  })
  .strict();
/** One passing bar. */
export type PassingBar = z.infer<typeof PassingBar>;

/** The exams a practice form prepares for: the three USMLE Steps. */
export const PracticeExam = z.enum(['step1', 'step2ck', 'step3']);
/** One exam a practice form belongs to. */
export type PracticeExam = z.infer<typeof PracticeExam>;

/**
 * A kind of practice test people log (an NBME self-assessment, a UWorld self-assessment, the
 * Free 120, a question bank's share correct), for one exam. `scale` says what its score is
 * measured on: `three_digit` against the exam's own bar, `percent` against the share-correct bar.
 * `numbered` forms carry a form number ("NBME 31").
 */
export const PracticeForm = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,16}$/, 'form ids are 1–16 lowercase letters, digits or _'),
    exam: PracticeExam,
    label: z.string().min(1).max(40),
    scale: z.enum(['three_digit', 'percent']),
    numbered: z.boolean().default(false),
    /** Words people use for it, matched in typed messages ("nbme", "uwsa 2"). */
    words: z.array(z.string().min(2).max(30)).min(1),
    source: KnowledgeId,
  })
  .strict();
/** One practice form. */
export type PracticeForm = z.infer<typeof PracticeForm>;

/**
 * What "ready" means for a log of practice scores: the last `run` tests at least `margin`
 * above the bar (per scale), the trend fitted over the last `window` tests.
 */
export const ReadinessRule = z
  .object({
    run: z.number().int().min(1).max(10),
    window: z.number().int().min(3).max(30),
    margin: z
      .object({ three_digit: z.number().positive(), percent: z.number().positive() })
      .strict(),
    /** Why the margin is what it is, in words. */
    reasoning: z.string().min(1),
    source: KnowledgeId,
  })
  .strict();
/** The readiness rule. */
export type ReadinessRule = z.infer<typeof ReadinessRule>;

/** The support lines for one country (ISO 3166 alpha-2 code), or `other` for everywhere else. */
export const CrisisCountry = z
  .object({
    country: z.string().regex(/^([A-Z]{2}|other)$/, 'a two-letter country code or "other"'),
    name: z.string().min(1),
    lines: z.array(CrisisLine).min(1),
  })
  .strict();
/** One country's crisis lines. */
export type CrisisCountry = z.infer<typeof CrisisCountry>;

/** One answer offered for a question; `value` is what the profile fact becomes. */
export const QuestionOption = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,24}$/, 'option ids are short lowercase words'),
    label: z.string().min(1).max(60),
    value: z.union([z.string(), z.number(), z.boolean()]),
    synonyms: z.array(z.string().min(1)).default([]),
  })
  .strict();
/** One option of a question. */
export type QuestionOption = z.infer<typeof QuestionOption>;

/** The question that asks for one profile fact. */
export const Question = z
  .object({
    fact: FactName,
    label: z.string().min(1),
    text: z.string().min(1),
    number: z.object({ min: z.number().int(), max: z.number().int() }).strict().optional(),
    options: z.array(QuestionOption).min(2).max(12),
  })
  .strict();
/** One question. */
export type Question = z.infer<typeof Question>;

/** A condition on known facts: one of the listed values, or a number at least `min`. */
export const FactCondition = z.partialRecord(
  FactName,
  z.union([
    z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    z.object({ min: z.number() }).strict(),
  ]),
);
/** A condition used by a flow step. */
export type FactCondition = z.infer<typeof FactCondition>;

/** One step of a decision's flow: the fact to ask for and when. */
export const FlowStep = z
  .object({ fact: FactName, onlyIf: FactCondition.optional(), skipIf: FactCondition.optional() })
  .strict();
/** One flow step. */
export type FlowStep = z.infer<typeof FlowStep>;

/** The facts each decision asks for, in order. */
export const Flows = z.record(Topic, z.array(FlowStep).min(1));
/** All flows. */
export type Flows = z.infer<typeof Flows>;

/**
 * Something free text can ask for, with example phrasings the router scores messages
 * against. The id names what it leads to: a decision (`retake`), a command (`help`)
 * or a FAQ (`faq.follow_forever`); `label` is how a clarifying question offers it.
 */
export const Intent = z
  .object({
    id: KnowledgeId,
    label: z.string().min(1).max(60),
    source: KnowledgeId,
    /** For a FAQ: the decision it belongs to, which routing reports as its topic. */
    topic: Topic.optional(),
    examples: z.array(z.string().trim().min(2).max(200)).min(3),
  })
  .strict();
/** One intent. */
export type Intent = z.infer<typeof Intent>;

/**
 * The id a button uses for an intent: a FAQ id without its `faq.` prefix, so every
 * choice id stays short and within the lowercase alphabet chat platforms accept.
 */
export function intentChoiceId(intentId: string): string {
  return intentId.replace(/^faq\./, '');
}

/**
 * Words and phrasings the router treats as one word (`delay`, `push back` →
 * `postpone`), so an intent needn't list every way of saying the same thing.
 */
export const Synonym = z
  .object({
    word: z.string().trim().min(2).max(40),
    also: z.array(z.string().trim().min(2).max(60)).min(1),
  })
  .strict();
/** One synonym group. */
export type Synonym = z.infer<typeof Synonym>;

/** The choice id a clarifying question keeps for "something else"; no intent may take it. */
export const otherChoiceId = 'other';

/** One YAML file under knowledge/: any of these sections, nothing else. */
export const KnowledgeFile = z
  .object({
    sources: z.array(Source).optional(),
    checks: z.array(SourceCheck).optional(),
    entries: z.array(Entry).optional(),
    faq: z.array(Faq).optional(),
    crisis: z.array(CrisisCountry).optional(),
    questions: z.array(Question).optional(),
    flows: Flows.optional(),
    intents: z.array(Intent).optional(),
    synonyms: z.array(Synonym).optional(),
    passing_bars: z.array(PassingBar).optional(),
    practice_forms: z.array(PracticeForm).optional(),
    readiness: ReadinessRule.optional(),
  })
  .strict();
/** The parsed content of one knowledge file. */
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;

/** Everything the bot can say, merged from all knowledge files and indexed by id. */
export interface Knowledge {
  readonly sources: ReadonlyMap<string, Source>;
  readonly entries: ReadonlyMap<string, Entry>;
  readonly faq: readonly Faq[];
  readonly crisis: readonly CrisisCountry[];
  readonly questions: ReadonlyMap<FactName, Question>;
  readonly flows: Flows;
  /** What free text can ask for; empty when no file defines intents. */
  readonly intents: readonly Intent[];
  /** Phrasings the router reads as one word. */
  readonly synonyms: readonly Synonym[];
  /** The trained intent classifier; without one, the example-phrase router decides alone. */
  readonly intentModel?: TextModel | undefined;
  /** The trained safety classifier; it can only raise a message to `check`, never lower it. */
  readonly safetyModel?: TextModel | undefined;
  /** Every exam's passing bars over time, oldest first within an exam. */
  readonly passingBars: readonly PassingBar[];
  /** The practice forms a score can be logged for, per exam, in the order they are offered. */
  readonly practiceForms: readonly PracticeForm[];
  /** What "ready" means for a log of practice scores; without it the log is kept but not judged. */
  readonly readiness?: ReadinessRule;
}
