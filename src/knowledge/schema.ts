import { z } from 'zod';

/** A stable knowledge id: lowercase words joined by dots and underscores. */
export const KnowledgeId = z
  .string()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'ids are lowercase words joined by dots');

/** Where a fact comes from. `article` is the seed article; the others are named pages. */
export const Source = z
  .object({
    id: KnowledgeId,
    title: z.string().min(1),
    publisher: z.string().min(1),
    kind: z.enum(['article', 'official', 'secondary']),
    url: z.string().url().optional(),
    published: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
/** One source. */
export type Source = z.infer<typeof Source>;

/** One piece of content the bot can say, with its source. */
export const Entry = z
  .object({
    id: KnowledgeId,
    text: z.string().min(1),
    source: KnowledgeId,
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
  })
  .strict();

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

/** One YAML file under knowledge/: any of these sections, nothing else. */
export const KnowledgeFile = z
  .object({
    sources: z.array(Source).optional(),
    entries: z.array(Entry).optional(),
    faq: z.array(Faq).optional(),
    crisis: z.array(CrisisCountry).optional(),
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
}
