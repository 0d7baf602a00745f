import { describe, expect, it } from 'vitest';
import { passingBar } from '../../src/rules/passingBars.ts';
import { ask, kb } from './fixture.ts';

describe('retake timing', () => {
  it('with nothing known, measures first and says what it assumed', () => {
    const r = ask('retake', {});
    expect(r.verdict).toBe('assess_first');
    expect(r.rules).toContain('retake.no_recent_practice');
    expect(r.assumed).toEqual(['failedExam', 'failedAttempts', 'retakePassed']);
    expect(r.asks).toContain('practiceStanding');
    expect(r.actions).toContain('retake.act.take_practice_test');
  });

  it('with no recent practice test, measures first', () => {
    expect(ask('retake', { failedExam: 'step1', practiceStanding: 'none_recent' }).verdict).toBe(
      'assess_first',
    );
  });

  it('has nothing to time once the exam is passed', () => {
    const r = ask('retake', { failedExam: 'step1', retakePassed: true, practiceStanding: 'below' });
    expect(r.verdict).toBe('already_passed');
    expect(r.actions).toEqual(['retake.act.build_counterweight']);
  });

  it('stops at the attempt limit of four failures on a USMLE Step', () => {
    const r = ask('retake', {
      failedExam: 'step2ck',
      failedAttempts: 4,
      practiceStanding: 'well_above',
    });
    expect(r.verdict).toBe('no_attempts_left');
    expect(r.advice.reasons[0]?.facts).toEqual({ failedExam: 'step2ck', failedAttempts: 4 });
    expect(r.rules).toContain('retake.attempt_limit_rule');
    expect(r.actions).toContain('retake.act.weigh_pivot');
  });

  it('applies no attempt limit to English tests', () => {
    const r = ask('retake', {
      failedExam: 'oet_ielts',
      failedAttempts: 5,
      practiceStanding: 'above',
    });
    expect(r.verdict).toBe('keep_date');
  });

  it('postpones and fixes when practice scores are below the bar', () => {
    const r = ask('retake', {
      failedExam: 'step1',
      failedAttempts: 1,
      retakePassed: false,
      practiceStanding: 'below',
    });
    expect(r.verdict).toBe('postpone_and_fix');
    expect(r.rules).toEqual(['retake.below_bar', 'retake.second_fail_costs_more']);
    expect(r.assumed).toEqual(['extraTimeUseful']);
  });

  it('postpones when practice scores hover near the bar', () => {
    expect(ask('retake', { practiceStanding: 'near', extraTimeUseful: true }).verdict).toBe(
      'postpone_and_fix',
    );
  });

  it('when extra time would not help, says to restructure the time, not just move the date', () => {
    const r = ask('retake', { practiceStanding: 'below', extraTimeUseful: false });
    expect(r.verdict).toBe('postpone_and_fix');
    expect(r.rules).toContain('retake.time_not_useful');
    expect(r.actions).toContain('retake.act.restructure_time');
    expect(r.assumed).not.toContain('extraTimeUseful');
  });

  it('keeps the date when practice scores are above the bar', () => {
    const r = ask('retake', { failedExam: 'step1', failedAttempts: 1, practiceStanding: 'above' });
    expect(r.verdict).toBe('keep_date');
    expect(r.rules).toContain('retake.above_bar');
  });

  it('keeps the date when practice scores are well above the bar', () => {
    expect(ask('retake', { practiceStanding: 'well_above' }).rules).toContain(
      'retake.well_above_bar',
    );
  });

  it('raises the bar when the next attempt is the last one allowed', () => {
    const r = ask('retake', { failedExam: 'step1', failedAttempts: 3, practiceStanding: 'above' });
    expect(r.verdict).toBe('postpone_and_fix');
    expect(r.rules).toContain('retake.last_attempt_needs_margin');
    expect(r.rules).toContain('retake.last_attempt');
    expect(r.rules).toContain('retake.spacing');
    expect(
      r.advice.reasons.find((x) => x.rule === 'retake.last_attempt_needs_margin')?.text,
    ).toContain('After 3 failures');
  });

  it('still keeps the date on a last attempt when practice scores are well above the bar', () => {
    const r = ask('retake', {
      failedExam: 'step1',
      failedAttempts: 3,
      practiceStanding: 'well_above',
    });
    expect(r.verdict).toBe('keep_date');
    expect(r.rules).toContain('retake.last_attempt');
  });

  it('never postpones for fear alone', () => {
    const r = ask('retake', { practiceStanding: 'above', fearOfFailing: true });
    expect(r.verdict).toBe('keep_date');
    expect(r.rules).toContain('retake.fear_not_a_reason');
    expect(r.actions).toContain('retake.act.anxiety_support');
  });

  it('when postponing a frightened person, names readiness as the reason', () => {
    const r = ask('retake', { practiceStanding: 'below', fearOfFailing: true });
    expect(r.rules).toContain('retake.readiness_not_fear');
  });

  it.each([
    ['content_gaps', 'plan.cause.content_gaps'],
    ['time_management', 'plan.cause.time_management'],
    ['anxiety', 'plan.cause.anxiety'],
    ['question_style', 'plan.cause.question_style'],
    ['life_events', 'plan.cause.life_events'],
  ] as const)('fits the method to the cause %s', (failureCause, action) => {
    expect(ask('retake', { practiceStanding: 'below', failureCause }).actions).toContain(action);
  });

  it('gives the Step 2 CK passing score to measure against, from the passing-bar table', () => {
    const r = ask('retake', { failedExam: 'step2ck', practiceStanding: 'near' });
    const text = r.advice.reasons.find((x) => x.rule === 'retake.step2ck_bar')?.text;
    expect(text).toContain(`${passingBar(kb, 'step2ck')?.score}`);
    expect(text).toContain('usmle.org');
    expect(text).not.toMatch(/\{bar\./);
  });

  it('gives the OET minimums for an English-test retake', () => {
    const r = ask('retake', { failedExam: 'oet_ielts', practiceStanding: 'near' });
    const reason = r.advice.reasons.find((x) => x.rule === 'retake.oet_minimums');
    expect(reason?.source).toBe('ecfmg_oet');
    // The minimums come from the passing-bar table, with the recency rule beside them.
    expect(reason?.text).toMatch(/350 in Listening, Reading and Speaking and 300 in Writing/);
    expect(reason?.text).toMatch(/recent enough/);
  });

  it('reminds of both time limits when postponing Step 2 CK', () => {
    const rules = ask('retake', { failedExam: 'step2ck', practiceStanding: 'below' }).rules;
    expect(rules).toContain('retake.ecfmg_time_limit');
    expect(rules).toContain('retake.licensure_time_limit');
    const kept = ask('retake', { failedExam: 'step2ck', practiceStanding: 'well_above' }).rules;
    expect(kept).not.toContain('retake.ecfmg_time_limit');
    expect(kept).not.toContain('retake.licensure_time_limit');
  });

  it('never gives ECFMG’s time limit for a postponed Step 3, which it does not cover', () => {
    const r = ask('retake', { failedExam: 'step3', practiceStanding: 'below' });
    expect(r.rules).not.toContain('retake.ecfmg_time_limit');
    expect(r.rules).toContain('retake.licensure_time_limit');
    const text = r.advice.reasons.map((x) => x.text).join(' ');
    expect(text).not.toMatch(/ECFMG/);
    expect(text).toMatch(/state|licen/i);
  });

  it('says the ECFMG limit covers Step 1 and Step 2 CK only', () => {
    const r = ask('retake', { failedExam: 'step2ck', practiceStanding: 'below' });
    const ecfmg = r.advice.reasons.find((x) => x.rule === 'retake.ecfmg_time_limit');
    expect(ecfmg?.text).toMatch(/Step 1 and Step 2 CK/);
    expect(ecfmg?.text).not.toMatch(/Step 3/);
  });

  it('cautions about state licensure limits from two failures on one Step', () => {
    const r = ask('retake', { failedExam: 'step1', failedAttempts: 2, practiceStanding: 'above' });
    expect(r.rules).toContain('retake.state_licensure');
    const text = r.advice.reasons.find((x) => x.rule === 'retake.state_licensure')?.text;
    expect(text).toMatch(/depending on the state/i);
    expect(text).toMatch(/155\.056/);
    expect(text).toMatch(/Maryland.*three failures.*postgraduate training/);
    expect(r.actions).toContain('rules.state_licensure_pointer');
    expect(ask('retake', { failedExam: 'step1', failedAttempts: 1 }).rules).not.toContain(
      'retake.state_licensure',
    );
    expect(ask('retake', { failedExam: 'oet_ielts', failedAttempts: 3 }).rules).not.toContain(
      'retake.state_licensure',
    );
  });
});
