import { z } from 'zod';
import { FactName } from './profile.ts';

/** The decisions the advisor answers. */
export const Topic = z.enum(['retake', 'statement', 'step3', 'cycles', 'outlook', 'plan']);
/** One of the topics in {@link Topic}. */
export type Topic = z.infer<typeof Topic>;

/** Every verdict each topic can reach. */
export const verdictsByTopic = {
  retake: [
    'keep_date',
    'postpone_and_fix',
    'assess_first',
    'already_passed',
    'no_attempts_left',
    'not_a_retake',
  ],
  statement: ['address_briefly', 'brief_optional', 'not_needed', 'not_applicable'],
  step3: ['take_step3', 'not_yet', 'skip', 'not_applicable', 'in_residency'],
  cycles: ['apply', 'apply_with_changes', 'consider_pivot', 'pass_first', 'not_applicable'],
  outlook: ['minor', 'mild_to_moderate', 'moderate_to_high', 'very_high', 'severe', 'route_closed'],
  plan: [
    'retake_first',
    'strengthen_and_apply',
    'already_applying',
    'rethink',
    'other_routes',
    'resident_remediation',
  ],
} as const satisfies Record<Topic, readonly string[]>;

/** A verdict of a given topic. */
export type Verdict<T extends Topic = Topic> = (typeof verdictsByTopic)[T][number];

/** The kinds of reason: what decided the verdict, a risk present, or a caution to keep in mind. */
export const ReasonKind = z.enum(['basis', 'risk', 'caution']);

/** When an action belongs in the 3–6 month plan. */
export const Phase = z.enum(['first_days', 'weeks_1_2', 'months_1_3', 'months_3_6', 'ongoing']);
/** One of the phases in {@link Phase}. */
export type Phase = z.infer<typeof Phase>;

/** A profile fact's value as a rule saw it. */
export const FactValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * What a rule module decides, before any text: the verdict and knowledge ids only.
 * Keeping decisions free of text is what lets content change without touching logic.
 */
export const Decision = z.object({
  topic: Topic,
  verdict: z.string(),
  reasons: z.array(
    z.object({
      rule: z.string(),
      kind: ReasonKind,
      facts: z.partialRecord(FactName, FactValue),
      knowledge: z.string(),
    }),
  ),
  actions: z.array(z.object({ knowledge: z.string(), phase: Phase.optional() })),
  assumptions: z.array(z.object({ fact: FactName, knowledge: z.string() })),
  nextQuestions: z.array(FactName),
});
/** A rule module's decision. */
export type Decision = z.infer<typeof Decision>;

/** A source as cited in an answer. */
export const Citation = z.object({
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  kind: z.enum(['article', 'official', 'secondary']),
  url: z.string().optional(),
});

/** A reason in an answer: the rule, the facts it used, the knowledge entry and its text. */
export const Reason = z.object({
  rule: z.string(),
  kind: ReasonKind,
  facts: z.partialRecord(FactName, FactValue),
  knowledge: z.string(),
  text: z.string(),
  source: z.string(),
});
/** One reason in {@link Advice}. */
export type Reason = z.infer<typeof Reason>;

/** One action in an answer. */
export const AdviceAction = z.object({
  id: z.string(),
  text: z.string(),
  source: z.string(),
  phase: Phase.optional(),
});

/** The advisor's whole answer on one topic, with everything needed to say why. */
export const Advice = z.object({
  topic: Topic,
  verdict: z.string(),
  headline: z.string(),
  reasons: z.array(Reason),
  actions: z.array(AdviceAction),
  assumptions: z.array(z.object({ fact: FactName, text: z.string() })),
  nextQuestions: z.array(FactName),
  sources: z.array(Citation),
  /** What didn't fit one screen: shown by `why`, never lost. */
  more: z.object({ reasons: z.array(Reason), actions: z.array(AdviceAction) }),
});
/** An answer produced by {@link advise}. */
export type Advice = z.infer<typeof Advice>;
