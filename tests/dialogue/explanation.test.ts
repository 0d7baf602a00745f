import { describe, expect, it } from 'vitest';
import { explainLastAnswer } from '../../src/dialogue/explanation.ts';
import { freshSession, type Session } from '../../src/dialogue/session.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { advise } from '../../src/rules/advise.ts';
import type { Profile } from '../../src/rules/profile.ts';

const kb = loadKnowledge();

function why(topic: 'retake' | 'step3', profile: Profile): string {
  const verdict = advise(topic, profile, kb).verdict;
  const session: Session = { ...freshSession(), profile, lastAnswer: { topic, verdict } };
  return explainLastAnswer(session, kb)
    .map((r) => (r.kind === 'text' ? r.text : ''))
    .join('\n');
}

describe('why', () => {
  it('says when a rule-based reason was last checked', () => {
    const text = why('retake', { failedExam: 'step2ck', practiceStanding: 'near' });
    const bar = text.split('\n•').find((line) => line.includes('Step 2 CK passing score'));
    expect(bar).toMatch(/last checked December 2026/);
  });

  it('gives no month for the article’s advice', () => {
    const text = why('retake', { failedExam: 'step2ck', practiceStanding: 'near' });
    const lines = text.split('\n•').filter((line) => line.includes('Residency Advisor'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(/last checked/);
  });

  it('dates the H-1B requirement in the Step 3 reasons', () => {
    const text = why('step3', { ecfmgCertified: true, retakePassed: true, visa: 'h1b' });
    expect(text).toMatch(/all three USMLE Steps[\s\S]*last checked December 2026/);
  });
});
