import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src/rules/profile.ts';
import { ask } from './fixture.ts';

const realistic: Profile = {
  failedExam: 'step1',
  retakePassed: true,
  cyclesApplied: 2,
  scoresImproved: true,
  usce: 'hands_on',
  strategyRealistic: true,
  interviewsLastCycle: 0,
};

describe('Match cycles', () => {
  it('with nothing known, passes first and asks about cycles, not about a strategy never used', () => {
    const r = ask('cycles', {});
    expect(r.verdict).toBe('pass_first');
    expect(r.asks).toContain('cyclesApplied');
    expect(r.asks).not.toContain('strategyRealistic');
  });

  it('with the exam passed and nothing else known, applies and assumes a first cycle', () => {
    const r = ask('cycles', { retakePassed: true });
    expect(r.verdict).toBe('apply');
    expect(r.assumed).toEqual(['cyclesApplied']);
  });

  it('applies in a first realistic cycle', () => {
    const r = ask('cycles', { cyclesApplied: 0, retakePassed: true, strategyRealistic: true });
    expect(r.verdict).toBe('apply');
    expect(r.actions).toContain('cycles.act.decide_how_many');
  });

  it('rethinks after two or three realistic cycles with nothing', () => {
    const r = ask('cycles', realistic);
    expect(r.verdict).toBe('consider_pivot');
    expect(r.rules).toContain('cycles.realistic_cycles_no_result');
    expect(r.actions).toEqual(['cycles.act.personal_decision', 'options.act.look_at_routes']);
    expect(r.rules).toContain('cycles.frame.one_more');
  });

  it('keeps going with changes when realistic cycles brought interviews', () => {
    const r = ask('cycles', { ...realistic, interviewsLastCycle: 3 });
    expect(r.verdict).toBe('apply_with_changes');
    expect(r.rules).toContain('cycles.interviews_without_match');
  });

  it('changes an unrealistic strategy before counting cycles', () => {
    const r = ask('cycles', { ...realistic, cyclesApplied: 3, strategyRealistic: false });
    expect(r.verdict).toBe('apply_with_changes');
    expect(r.rules).toContain('cycles.unrealistic_strategy');
    expect(ask('cycles', { retakePassed: true, programMix: 'mostly_university' }).verdict).toBe(
      'apply_with_changes',
    );
  });

  it('names what is untested when cycles were not the realistic version', () => {
    const r = ask('cycles', { cyclesApplied: 2, usce: 'short_observership' });
    expect(r.verdict).toBe('apply_with_changes');
    expect(r.rules).toContain('cycles.realistic_version_untested');
    expect(r.advice.reasons[0]?.facts).toEqual({ cyclesApplied: 2, usce: 'short_observership' });
    expect(r.asks).toEqual(['scoresImproved', 'strategyRealistic']);
  });

  it('adjusts after one cycle', () => {
    expect(ask('cycles', { cyclesApplied: 1, strategyRealistic: true }).rules).toContain(
      'cycles.after_one_cycle',
    );
  });

  it('weighs applying now against delaying while the exam is not passed', () => {
    const r = ask('cycles', { failedExam: 'step2ck', retakePassed: false, cyclesApplied: 0 });
    expect(r.verdict).toBe('pass_first');
    expect(r.rules).toContain('cycles.pass_before_applying');
    expect(r.advice.headline).not.toMatch(/again/);
  });

  it('says why cycles don’t apply at the attempt limit', () => {
    const r = ask('cycles', { failedExam: 'step1', failedAttempts: 4 });
    expect(r.verdict).toBe('not_applicable');
    expect(r.rules).toContain('cycles.attempt_limit_reached');
  });

  it('after three cycles with interviews, frames the last cycle with a plan B alongside', () => {
    const r = ask('cycles', {
      failedExam: 'step1',
      retakePassed: true,
      cyclesApplied: 3,
      yearsSinceGraduation: 8,
      interviewsLastCycle: 1,
      scoresImproved: true,
      strategyRealistic: true,
      programMix: 'mostly_community',
      strain: 'moderate',
    });
    expect(r.verdict).toBe('apply_with_changes');
    expect(r.rules).toContain('cycles.frame.past');
    expect(r.advice.reasons.find((x) => x.rule === 'cycles.frame.past')?.text).toContain('3');
    expect(r.actions).toContain('cycles.act.parallel_plan_b');
    expect(r.actions).not.toContain('cycles.act.strengthen_scores');
    expect(r.actions).not.toContain('cycles.act.rebalance_list');
    expect(r.asks).not.toContain('programMix');
  });

  it('considers a pivot under severe strain', () => {
    expect(ask('cycles', { strain: 'severe' }).rules).toContain('cycles.severe_strain');
  });

  it('considers a pivot after repeated failures with no upward trend', () => {
    const r = ask('cycles', { failedExam: 'step1', failedAttempts: 2, scoresImproved: false });
    expect(r.verdict).toBe('consider_pivot');
    expect(r.rules).toContain('cycles.repeated_failures_no_trend');
  });

  it('names graduation year and missing US experience as risks', () => {
    const r = ask('cycles', { yearsSinceGraduation: 9, usce: 'none' });
    expect(r.rules).toContain('cycles.risk.graduation_year');
    expect(r.rules).toContain('cycles.risk.no_usce');
  });
});
