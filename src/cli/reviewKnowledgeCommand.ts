import { parseArgs } from 'node:util';
import { loadKnowledge } from '../knowledge/load.ts';
import { reviewKnowledge } from '../knowledge/review.ts';
import { reviewKnowledgeUsage } from './usage.ts';
import { UsageError } from './usageError.ts';

export { reviewKnowledgeUsage };

/**
 * `trajectory review-knowledge`: lists what a maintainer should re-verify — entries
 * whose check is older than `--months` (12 by default) and sources with no URL — one
 * line each, then a count. Bad usage throws {@link UsageError}.
 */
export function reviewKnowledgeCommand(args: string[], now: Date = new Date()): string {
  const { values } = parseArgs({
    args,
    options: {
      today: { type: 'string' },
      months: { type: 'string', default: '12' },
      knowledge: { type: 'string' },
    },
  });
  const today = values.today ?? now.toISOString().slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(today))
    throw new UsageError(`--today must be a month as YYYY-MM\nusage: ${reviewKnowledgeUsage}`);
  const months = Number(values.months);
  if (!Number.isInteger(months) || months < 0)
    throw new UsageError(`--months must be a whole number\nusage: ${reviewKnowledgeUsage}`);
  const kb = values.knowledge ? loadKnowledge(values.knowledge) : loadKnowledge();
  const findings = reviewKnowledge(kb, today, months);
  const lines = findings.map((f) => {
    const used = f.usedBy !== undefined ? `, used by ${f.usedBy}` : '';
    return f.reason === 'stale'
      ? `stale   ${f.subject} (checked ${f.checked}${used})`
      : `no url  ${f.subject}${used.replace(', ', ' (').concat(used ? ')' : '')}`;
  });
  const summary =
    findings.length === 0
      ? `Nothing to re-verify: every dated fact was checked within ${months} months of ${today}, and every source has a URL.`
      : `${findings.length} to re-verify (checked more than ${months} months before ${today}, or no URL).`;
  return [...lines, summary].join('\n');
}
