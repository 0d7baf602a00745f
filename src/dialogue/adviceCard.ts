import type { Advice, Phase } from '../rules/advice.ts';

/**
 * Advice laid out as platform-neutral text. Markup is limited to `**bold**` and
 * `• ` bullets, which every adapter knows how to render; the texts come from
 * knowledge/, so no user-typed text ever reaches these strings.
 */
export interface AdviceCard {
  headline: string;
  why: string[];
  actions: string[];
  assumed: string[];
  sources: string[];
  /** How many reasons and actions wait behind `why` because they didn't fit one screen. */
  hidden: number;
}

const phaseLabel: Record<Phase, string> = {
  first_days: 'First days',
  weeks_1_2: 'Weeks 1–2',
  months_1_3: 'Months 1–3',
  months_3_6: 'Months 3–6',
  ongoing: 'Ongoing',
};

const topicTitle: Record<Advice['topic'], string> = {
  retake: 'Retake timing',
  statement: 'Personal statement',
  step3: 'Step 3',
  cycles: 'Match cycles',
  outlook: 'Your outlook',
  plan: 'Your 3–6 month plan',
};

/** The card for one piece of advice. */
export function adviceCard(advice: Advice): AdviceCard {
  return {
    headline: `**${topicTitle[advice.topic]}:** ${advice.headline}`,
    why: advice.reasons.map((r) => r.text),
    actions: advice.actions.map((a) =>
      a.phase ? `**${phaseLabel[a.phase]}:** ${a.text}` : a.text,
    ),
    assumed: advice.assumptions.map((a) => a.text),
    sources: advice.sources.map(
      (s) => `${s.title} — ${s.publisher}${s.kind === 'official' ? '' : ` (${s.kind})`}`,
    ),
    hidden: advice.more.reasons.length + advice.more.actions.length,
  };
}

/** The card as one markup string with titled sections; sources only when asked. */
export function adviceMarkup(
  advice: Advice,
  options: { why?: boolean; sources?: boolean } = {},
): string {
  const card = adviceCard(advice);
  const sections = [card.headline];
  const list = (title: string, items: string[]) => {
    if (items.length > 0) sections.push(`**${title}**\n${items.map((i) => `• ${i}`).join('\n')}`);
  };
  if (options.why !== false) list('Why', card.why);
  list('What to do', card.actions);
  list('What I assumed', card.assumed);
  if (options.sources) list('Sources', card.sources);
  if (card.hidden > 0) sections.push(`_${card.hidden} more behind why._`);
  return sections.join('\n\n');
}

/** The title of a topic as people read it. */
export function topicName(topic: Advice['topic']): string {
  return topicTitle[topic];
}
