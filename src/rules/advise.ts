import type { Knowledge } from '../knowledge/schema.ts';
import { actionPlan } from './actionPlan.ts';
import type { Advice, Decision, Topic } from './advice.ts';
import { cycles } from './cycles.ts';
import { disclosure } from './disclosure.ts';
import { outlook } from './outlook.ts';
import { fillPassingBars } from './passingBars.ts';
import type { Profile } from './profile.ts';
import { retakeTiming } from './retakeTiming.ts';
import { type Standing, standingOf } from './standing.ts';
import { step3 } from './step3.ts';

/** The rule module behind each topic; each reads the one standing it is given. */
export const decide: Record<Topic, (profile: Profile, standing?: Standing) => Decision> = {
  retake: retakeTiming,
  statement: disclosure,
  step3,
  cycles,
  outlook,
  plan: actionPlan,
};

/** A knowledge id a rule referred to that the knowledge base lacks: a bug, not bad input. */
export class MissingKnowledgeError extends Error {
  constructor(readonly id: string) {
    super(`knowledge entry "${id}" is referenced by the rules but missing from knowledge/`);
    this.name = 'MissingKnowledgeError';
  }
}

/**
 * What one answer shows at once, so it fits one phone screen: the headline, this many
 * reasons and actions; the rest waits behind `why`.
 */
export const screenLimits = { reasons: 4, actions: 3 } as const;

/**
 * The advice on one topic for one profile: deterministic, with every reason spelled
 * out. The standing is computed here once and handed to the topic's rules (pass it
 * in to share one across several topics).
 */
export function advise(
  topic: Topic,
  profile: Profile,
  kb: Knowledge,
  standing: Standing = standingOf(profile),
): Advice {
  return render(decide[topic](profile, standing), kb);
}

/**
 * Turns a decision's knowledge ids into text, filling `{fact}` placeholders from its
 * facts. A line is said once per answer; what doesn't fit the screen goes to `more`.
 */
export function render(decision: Decision, kb: Knowledge): Advice {
  const used = new Set<string>();
  const entry = (id: string) => {
    const found = kb.entries.get(id);
    if (!found) throw new MissingKnowledgeError(id);
    used.add(found.source);
    // A passing score is stated from the one table, never typed into a text.
    return { ...found, text: fillPassingBars(found.text, kb) };
  };
  const headline = entry(`${decision.topic}.verdict.${decision.verdict}`);
  const advice: Advice = {
    topic: decision.topic,
    verdict: decision.verdict,
    headline: headline.text,
    reasons: [],
    actions: [],
    assumptions: decision.assumptions.map((a) => ({ fact: a.fact, text: entry(a.knowledge).text })),
    nextQuestions: decision.nextQuestions,
    sources: [],
    more: { reasons: [], actions: [] },
  };
  const reasons = onceEach(orderReasons(decision.reasons), (r) => r.knowledge).map((r) => {
    const e = entry(r.knowledge);
    return { ...r, text: fill(e.text, r.facts), source: e.source };
  });
  const actions = decision.actions.map((a) => {
    const e = entry(a.knowledge);
    return {
      id: a.knowledge,
      text: e.text,
      source: e.source,
      ...(a.phase ? { phase: a.phase } : {}),
    };
  });
  advice.reasons = reasons.slice(0, screenLimits.reasons);
  advice.actions = actions.slice(0, screenLimits.actions);
  advice.more = {
    reasons: reasons.slice(screenLimits.reasons),
    actions: actions.slice(screenLimits.actions),
  };
  advice.sources = [...used].sort().map((id) => {
    const s = kb.sources.get(id);
    if (!s) throw new MissingKnowledgeError(`source ${id}`);
    return {
      id: s.id,
      title: s.title,
      publisher: s.publisher,
      kind: s.kind,
      ...(s.url ? { url: s.url } : {}),
    };
  });
  return advice;
}

/** The first of each group of items sharing a key, in order. */
function onceEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const reasonOrder = { basis: 0, risk: 1, caution: 2 } as const;

/** What decided the answer reads first, then the risks, then the cautions. */
function orderReasons(reasons: Decision['reasons']): Decision['reasons'] {
  return [...reasons].sort((a, b) => reasonOrder[a.kind] - reasonOrder[b.kind]);
}

function fill(text: string, facts: Decision['reasons'][number]['facts']): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = (facts as Record<string, unknown>)[name];
    return value === undefined ? whole : String(value);
  });
}
