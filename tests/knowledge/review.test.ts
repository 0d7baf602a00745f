import { describe, expect, it } from 'vitest';
import { reviewKnowledgeCommand } from '../../src/cli/reviewKnowledgeCommand.ts';
import { UsageError } from '../../src/cli/usageError.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { monthsBetween, reviewKnowledge } from '../../src/knowledge/review.ts';

const kb = loadKnowledge();

describe('reviewKnowledge', () => {
  it('counts months across years', () => {
    expect(monthsBetween('2025-12', '2026-12')).toBe(12);
    expect(monthsBetween('2025-11', '2026-12')).toBe(13);
  });

  it('lists nothing stale in the month everything was checked', () => {
    expect(reviewKnowledge(kb, '2026-12').filter((f) => f.reason === 'stale')).toEqual([]);
  });

  it('lists a fact once its check is more than 12 months old, and not at exactly 12', () => {
    expect(reviewKnowledge(kb, '2027-12').filter((f) => f.reason === 'stale')).toEqual([]);
    const stale = reviewKnowledge(kb, '2028-01').filter((f) => f.reason === 'stale');
    const subjects = stale.map((f) => f.subject);
    expect(subjects).toContain('source usmle_step2_passing_score_2025');
    expect(subjects).toContain('passing bar step2ck from 2025-07-01');
    expect(subjects.some((s) => s.startsWith('crisis line US'))).toBe(true);
    expect(subjects).not.toContain('source article');
  });

  it('lists sources without a URL, with how much relies on them', () => {
    const noUrl = reviewKnowledge(kb, '2026-12').filter((f) => f.reason === 'no_url');
    expect(noUrl.map((f) => f.subject)).toContain('source tele_manas');
    expect(noUrl.find((f) => f.subject === 'source tele_manas')?.usedBy).toBe(1);
    expect(noUrl.map((f) => f.subject)).not.toContain('source trajectory');
  });
});

describe('trajectory review-knowledge', () => {
  it('prints one line per finding and a count', () => {
    const out = reviewKnowledgeCommand(['--today', '2028-01']);
    expect(out).toMatch(
      /^stale {3}source usmle_step2_passing_score_2025 \(checked 2026-12, used by \d+\)$/m,
    );
    expect(out).toMatch(/^no url {2}source tele_manas \(used by 1\)$/m);
    expect(out).toMatch(/\d+ to re-verify/);
  });

  it('defaults to the current month', () => {
    expect(reviewKnowledgeCommand([], new Date('2026-12-02'))).toMatch(/before 2026-12/);
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => reviewKnowledgeCommand(['--today', 'December'])).toThrow(UsageError);
  });
});
