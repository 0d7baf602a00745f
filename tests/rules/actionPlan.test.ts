import { describe, expect, it } from 'vitest';
import { ask } from './fixture.ts';

describe('action plan', () => {
  it('with nothing known, puts the retake first and starts with a few days to feel it', () => {
    const r = ask('plan', {});
    expect(r.verdict).toBe('retake_first');
    expect(r.actions[0]).toBe('plan.first_days');
    expect(r.actions).toEqual(
      expect.arrayContaining([
        'plan.schedule.assess_first',
        'plan.diagnose',
        'plan.change_method',
        'plan.apply_or_delay',
      ]),
    );
  });

  it('orders actions by phase', () => {
    const order = ['first_days', 'weeks_1_2', 'months_1_3', 'months_3_6'];
    const phases = ask('plan', {
      practiceStanding: 'below',
      failureCause: 'anxiety',
    }).advice.actions.map((a) => order.indexOf(a.phase ?? ''));
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
  });

  it('uses the cause of failure to change the method', () => {
    const r = ask('plan', { practiceStanding: 'below', failureCause: 'question_style' });
    expect(r.actions).toContain('plan.cause.question_style');
    expect(r.actions).not.toContain('plan.change_method');
    expect(r.actions).toContain('plan.schedule.postpone_and_fix');
  });

  it('builds counterweight once the exam is passed', () => {
    const r = ask('plan', {
      failedExam: 'step1',
      retakePassed: true,
      retakeStrength: 'strong',
      ecfmgCertified: true,
      step3Time: 'over_6_months',
      step3Confident: true,
    });
    expect(r.verdict).toBe('strengthen_and_apply');
    expect(r.actions).toEqual(
      expect.arrayContaining([
        'plan.counterweight.usce',
        'plan.counterweight.letters',
        'plan.statement.address_briefly',
        'plan.step3.take_step3',
      ]),
    );
  });

  it('handles a cycle already under way with honesty and a backup plan', () => {
    const r = ask('plan', {
      failedExam: 'step2ck',
      applyingThisCycle: true,
      practiceStanding: 'well_above',
    });
    expect(r.verdict).toBe('already_applying');
    expect(r.actions).toEqual(
      expect.arrayContaining([
        'plan.applying.honest_interviews',
        'plan.applying.show_growth',
        'plan.applying.backup_plan',
        'plan.schedule.keep_date',
      ]),
    );
  });

  it('turns to a rethink at the attempt limit', () => {
    const r = ask('plan', { failedExam: 'step1', failedAttempts: 4 });
    expect(r.verdict).toBe('rethink');
    expect(r.actions).toContain('plan.rethink.take_stock');
  });

  it('explains itself with the reasons of the decisions it used', () => {
    const r = ask('plan', { failedExam: 'step1', practiceStanding: 'below' });
    expect(r.rules).toEqual(
      expect.arrayContaining(['plan.track.retake_first', 'retake.below_bar']),
    );
  });
});
