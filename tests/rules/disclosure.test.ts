import { describe, expect, it } from 'vitest';
import { ask } from './fixture.ts';

describe('personal-statement disclosure', () => {
  it('with nothing known, assumes a USMLE failure and advises one short paragraph', () => {
    const r = ask('statement', {});
    expect(r.verdict).toBe('address_briefly');
    expect(r.assumed).toEqual(['failedExam']);
    expect(r.asks).toEqual(['failedExam', 'retakePassed']);
  });

  it('addresses a USMLE failure briefly: one paragraph, owned, mostly about what changed', () => {
    const r = ask('statement', { failedExam: 'step2ck', retakePassed: true });
    expect(r.verdict).toBe('address_briefly');
    expect(r.rules).toEqual(['statement.usmle_visible', 'statement.recovery_matters']);
    expect(r.actions).toEqual([
      'statement.act.one_paragraph',
      'statement.act.own_it',
      'statement.act.focus_on_change',
      'statement.act.no_blame',
      'statement.act.show_later_performance',
    ]);
  });

  it('notes that a Step 1 failure stays visible under pass/fail reporting', () => {
    const r = ask('statement', { failedExam: 'step1' });
    expect(r.rules).toContain('statement.step1_pass_fail');
    expect(r.advice.reasons.find((x) => x.rule === 'statement.step1_pass_fail')?.source).toBe(
      'usmle_step1_pass_fail',
    );
  });

  it('answers the "is it a pattern" question when there are several failures', () => {
    expect(ask('statement', { failedExam: 'step1', failedAttempts: 2 }).rules).toContain(
      'statement.pattern_question',
    );
    expect(ask('statement', { failedExam: 'step2ck', otherStepFailures: 1 }).rules).toContain(
      'statement.pattern_question',
    );
  });

  it('cautions when the failed exam is not passed yet', () => {
    expect(ask('statement', { failedExam: 'step1', retakePassed: false }).rules).toContain(
      'statement.no_pass_yet',
    );
  });

  it('adds interview honesty for someone already applying', () => {
    expect(ask('statement', { failedExam: 'step1', applyingThisCycle: true }).actions).toContain(
      'statement.act.interview_honesty',
    );
  });

  it('makes an English-test failure optional to mention', () => {
    const r = ask('statement', { failedExam: 'oet_ielts', english: 'strong' });
    expect(r.verdict).toBe('brief_optional');
    expect(r.rules).toEqual(['statement.english_test', 'statement.english_test_reporting']);
  });

  it('cautions that weak English shows in interviews', () => {
    const r = ask('statement', { failedExam: 'oet_ielts', english: 'needs_work' });
    expect(r.rules).toContain('statement.english_still_weak');
    expect(r.actions).toContain('statement.act.show_communication');
  });

  it('tells a resident there is no statement to write', () => {
    expect(ask('statement', { failedExam: 'in_training' }).verdict).toBe('not_applicable');
    expect(ask('statement', { failedExam: 'step3', role: 'resident' }).verdict).toBe(
      'not_applicable',
    );
  });

  it('says why a statement doesn’t apply at the attempt limit', () => {
    const r = ask('statement', { failedExam: 'step1', failedAttempts: 4 });
    expect(r.verdict).toBe('not_applicable');
    expect(r.rules).toContain('statement.route_closed');
  });

  it('needs no mention of an in-training failure once results improved, outside residency', () => {
    expect(
      ask('statement', { failedExam: 'in_training', role: 'other', scoresImproved: true }).verdict,
    ).toBe('not_needed');
  });

  it('makes an in-training failure optional while results have not improved, outside residency', () => {
    expect(
      ask('statement', { failedExam: 'in_training', role: 'other', scoresImproved: false }).verdict,
    ).toBe('brief_optional');
    const unknown = ask('statement', { failedExam: 'in_training', role: 'applicant' });
    expect(unknown.verdict).toBe('brief_optional');
    expect(unknown.assumed).toEqual(['scoresImproved']);
  });
});
