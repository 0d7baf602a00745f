import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src/rules/profile.ts';
import { ask } from './fixture.ts';

const ready: Profile = {
  failedExam: 'step1',
  retakePassed: true,
  retakeStrength: 'strong',
  ecfmgCertified: true,
  step3Time: '3_to_6_months',
  step3Confident: true,
};

describe('Step 3', () => {
  it('takes Step 3 when time, solid passes and a realistic strong score are all there', () => {
    const r = ask('step3', ready);
    expect(r.verdict).toBe('take_step3');
    expect(r.rules).toEqual(['step3.conditions_met', 'step3.reassures_board_risk']);
    expect(r.assumed).toEqual([]);
  });

  it('with nothing known, says not yet and asks what it needs', () => {
    const r = ask('step3', {});
    expect(r.verdict).toBe('not_yet');
    expect(r.assumed).toEqual(['ecfmgCertified', 'failedExam', 'retakePassed', 'step3Time']);
    expect(r.asks).toContain('visa');
  });

  it('waits for ECFMG Certification, which Step 3 requires', () => {
    const r = ask('step3', { ...ready, ecfmgCertified: false });
    expect(r.verdict).toBe('not_yet');
    expect(r.advice.reasons[0]?.knowledge).toBe('rules.step3_eligibility');
    expect(r.actions).toContain('step3.act.finish_certification');
  });

  it('waits until the failed exam is passed', () => {
    expect(ask('step3', { ...ready, retakePassed: false }).rules).toContain(
      'step3.pass_failed_exam_first',
    );
  });

  it('skips Step 3 after a barely-passed retake', () => {
    const r = ask('step3', { ...ready, retakeStrength: 'barely' });
    expect(r.verdict).toBe('skip');
    expect(r.rules).toContain('step3.prior_pass_not_solid');
  });

  it('skips Step 3 when a score well above passing is not realistic', () => {
    expect(ask('step3', { ...ready, step3Confident: false }).verdict).toBe('skip');
  });

  it.each(['none', 'under_3_months'] as const)('waits with %s to prepare', (step3Time) => {
    const r = ask('step3', { ...ready, step3Time });
    expect(r.verdict).toBe('not_yet');
    expect(r.rules).toContain('step3.too_little_time');
  });

  it('assumes a solid pass and confidence when unknown, and says so', () => {
    const { retakeStrength: _s, step3Confident: _c, ...rest } = ready;
    const r = ask('step3', rest);
    expect(r.verdict).toBe('take_step3');
    expect(r.assumed).toEqual(['retakeStrength', 'step3Confident']);
  });

  it('points to the retake advice when Step 3 itself was failed', () => {
    expect(ask('step3', { failedExam: 'step3', retakePassed: false }).verdict).toBe('not_yet');
    expect(ask('step3', { failedExam: 'step3', retakePassed: true }).verdict).toBe('skip');
  });

  it('weighs the visa: H-1B sponsorship can need Step 3, a J-1 does not', () => {
    expect(ask('step3', { ...ready, visa: 'h1b' }).rules).toContain('step3.h1b');
    expect(ask('step3', { ...ready, visa: 'j1' }).rules).toContain('step3.j1');
  });
});
