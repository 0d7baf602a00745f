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

  it('weighs the visa: an H-1B residency needs all three Steps, a J-1 does not', () => {
    const h1b = ask('step3', { ...ready, visa: 'h1b' });
    expect(h1b.rules).toContain('step3.h1b');
    expect(h1b.actions).toContain('step3.act.plan_for_visa');
    const caution = h1b.advice.reasons.find((x) => x.rule === 'step3.h1b')?.text;
    expect(caution).toMatch(/all three (USMLE )?Steps/);
    expect(caution).not.toMatch(/some programs/i);
    expect(ask('step3', { ...ready, visa: 'j1' }).rules).toContain('step3.j1');
  });

  it('takes Step 3 for an H-1B even when it would otherwise be skipped', () => {
    const narrow = ask('step3', { ...ready, retakeStrength: 'barely', visa: 'h1b' });
    expect(narrow.verdict).toBe('take_step3');
    expect(narrow.rules[0]).toBe('step3.h1b_outweighs_narrow_pass');
    const unsure = ask('step3', { ...ready, step3Confident: false, visa: 'h1b' });
    expect(unsure.verdict).toBe('take_step3');
    expect(unsure.rules[0]).toBe('step3.h1b_outweighs_margin');
    // Without the H-1B the same profiles still skip it.
    expect(ask('step3', { ...ready, retakeStrength: 'barely', visa: 'j1' }).verdict).toBe('skip');
    expect(ask('step3', { ...ready, step3Confident: false }).verdict).toBe('skip');
  });

  it('still waits for time to prepare with an H-1B, but plans for the Match', () => {
    const r = ask('step3', { ...ready, step3Time: 'under_3_months', visa: 'h1b' });
    expect(r.verdict).toBe('not_yet');
    expect(r.actions).toContain('step3.act.plan_for_visa');
    expect(r.actions).not.toContain('step3.act.invest_elsewhere');
  });

  it('reminds that a Pathway certificate can lapse where certification is assumed', () => {
    const { ecfmgCertified: _, ...rest } = ready;
    const r = ask('step3', rest);
    const assumed = r.advice.assumptions.find((a) => a.fact === 'ecfmgCertified')?.text;
    expect(assumed).toMatch(/expire/);
    expect(assumed).toMatch(/OET/);
  });
});
