import { describe, expect, it } from 'vitest';
import { ask } from './fixture.ts';

describe('outlook', () => {
  it.each([
    ['step1', 'moderate_to_high'],
    ['step2ck', 'very_high'],
    ['step3', 'moderate_to_high'],
    ['oet_ielts', 'mild_to_moderate'],
    ['in_training', 'minor'],
  ] as const)('rates a single %s failure as %s', (failedExam, level) => {
    expect(ask('outlook', { failedExam, failedAttempts: 1 }).verdict).toBe(level);
  });

  it('rates several USMLE failures as severe', () => {
    expect(ask('outlook', { failedExam: 'step1', failedAttempts: 2 }).verdict).toBe('severe');
    expect(ask('outlook', { failedExam: 'step2ck', otherStepFailures: 1 }).verdict).toBe('severe');
  });

  it('with nothing known, assumes a single Step failure', () => {
    const r = ask('outlook', {});
    expect(r.verdict).toBe('moderate_to_high');
    expect(r.assumed).toEqual(['failedExam']);
    expect(r.actions).toEqual(['outlook.aim.open_specialties']);
  });

  it('lists the risk factors present', () => {
    const r = ask('outlook', {
      failedExam: 'step1',
      failedAttempts: 2,
      yearsSinceGraduation: 10,
      english: 'needs_work',
      usce: 'none',
      strategyRealistic: false,
    });
    const all = [...r.advice.reasons, ...r.advice.more.reasons];
    expect(all.filter((x) => x.kind === 'risk').map((x) => x.rule)).toEqual([
      'outlook.risk.graduation_year',
      'outlook.risk.english',
      'outlook.risk.no_usce',
      'outlook.risk.strategy',
    ]);
  });

  it('counts what is already in the person’s favour', () => {
    const r = ask('outlook', {
      failedExam: 'step1',
      retakePassed: true,
      retakeStrength: 'strong',
      usce: 'hands_on',
      usLetters: 'strong',
      scoresImproved: true,
    });
    expect(r.rules).toEqual(
      expect.arrayContaining([
        'outlook.strength.strong_retake',
        'outlook.strength.usce',
        'outlook.strength.letters',
        'outlook.strength.trend',
      ]),
    );
  });

  it('cautions while the exam is not passed', () => {
    expect(ask('outlook', { failedExam: 'step1', retakePassed: false }).rules).toContain(
      'outlook.not_yet_passed',
    );
  });

  it('steers from a hard specialty toward open ones, and confirms an open one', () => {
    const hard = ask('outlook', { targetSpecialty: 'radiology' });
    expect(hard.rules).toContain('outlook.specialty_hard');
    expect(hard.actions).toContain('outlook.aim.open_specialties');
    const open = ask('outlook', { targetSpecialty: 'psychiatry' });
    expect(open.rules).toContain('outlook.specialty_open');
    expect(open.actions).not.toContain('outlook.aim.open_specialties');
  });

  it('cites the IMG match rates with their year', () => {
    const r = ask('outlook', {}).advice;
    const rates = [...r.reasons, ...r.more.reasons].find((x) => x.rule === 'outlook.match_rates');
    expect(rates?.text).toContain('2024');
  });

  it('warns that many programs screen out USMLE failures, an estimate, said once', () => {
    const r = ask('outlook', { failedExam: 'step2ck' });
    const all = [...r.advice.reasons, ...r.advice.more.reasons];
    expect(all.find((x) => x.rule === 'outlook.screen_out')?.text).toMatch(/estimate/);
    // One estimate, said once: the case-by-case share is the same 40% from the same chart.
    expect(r.rules).not.toContain('outlook.case_by_case');
    expect(ask('outlook', { failedExam: 'in_training' }).rules).not.toContain('outlook.screen_out');
  });

  it('cautions about state licensure limits after repeated failures on one Step', () => {
    expect(ask('outlook', { failedExam: 'step1', failedAttempts: 3 }).rules).toContain(
      'outlook.state_licensure',
    );
  });
});
