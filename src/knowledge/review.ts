import type { Knowledge } from './schema.ts';

/** Something a maintainer should re-verify, and why. */
export interface ReviewFinding {
  /** `stale`: last checked more than the allowed months ago; `no_url`: nowhere to check it. */
  reason: 'stale' | 'no_url';
  /** What to look at: a source, an entry, a crisis line or a passing bar. */
  subject: string;
  /** The month it was last checked, when it has one. */
  checked?: string;
  /** How many knowledge items rely on it (for a source). */
  usedBy?: number;
}

/** Months from `from` to `to`, both YYYY-MM. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return ((ty ?? 0) - (fy ?? 0)) * 12 + ((tm ?? 0) - (fm ?? 0));
}

/**
 * What in the knowledge base needs re-verifying on `today` (YYYY-MM): every source,
 * entry, crisis line or passing bar checked more than `maxAgeMonths` ago, and every
 * source a fact relies on that has no URL to check it against. The seed article and
 * the bot's own guidance are not dated, so only their URL is looked at.
 */
export function reviewKnowledge(kb: Knowledge, today: string, maxAgeMonths = 12): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  const stale = (checked: string | undefined) =>
    checked !== undefined && monthsBetween(checked, today) > maxAgeMonths;

  const usage = new Map<string, number>();
  const use = (source: string) => usage.set(source, (usage.get(source) ?? 0) + 1);
  for (const e of kb.entries.values()) use(e.source);
  for (const f of kb.faq) use(f.source);
  for (const i of kb.intents) use(i.source);
  for (const c of kb.crisis) for (const l of c.lines) use(l.source);
  for (const b of kb.passingBars) use(b.source);

  for (const source of [...kb.sources.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (source.id === 'trajectory') continue;
    const usedBy = usage.get(source.id) ?? 0;
    if (!source.url) findings.push({ reason: 'no_url', subject: `source ${source.id}`, usedBy });
    if (stale(source.checked)) {
      findings.push({
        reason: 'stale',
        subject: `source ${source.id}`,
        checked: source.checked,
        usedBy,
      });
    }
  }
  for (const entry of kb.entries.values()) {
    if (stale(entry.checked))
      findings.push({ reason: 'stale', subject: `entry ${entry.id}`, checked: entry.checked });
  }
  for (const country of kb.crisis) {
    for (const line of country.lines) {
      if (stale(line.checked)) {
        findings.push({
          reason: 'stale',
          subject: `crisis line ${country.country}: ${line.name}`,
          checked: line.checked,
        });
      }
    }
  }
  for (const bar of kb.passingBars) {
    if (stale(bar.checked)) {
      findings.push({
        reason: 'stale',
        subject: `passing bar ${bar.exam} from ${bar.from}`,
        checked: bar.checked,
      });
    }
  }
  return findings;
}
