import { describe, expect, it } from 'vitest';
import { ask } from './fixture.ts';

describe('action plan', () => {
  it('with nothing known, puts the retake first, without first-days advice it can’t know fits', () => {
    const r = ask('plan', {});
    expect(r.verdict).toBe('retake_first');
    expect(r.actions).not.toContain('plan.first_days');
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

  it('gives a few days to feel it only after a recent failure', () => {
    expect(ask('plan', { failureRecency: 'recent' }).actions[0]).toBe('plan.first_days');
    expect(ask('plan', { failureRecency: 'old' }).actions).not.toContain('plan.first_days');
    expect(ask('plan', { failureRecency: 'recent', cyclesApplied: 3 }).actions).toContain(
      'plan.first_days',
    );
    expect(ask('plan', { retakePassed: true }).actions).not.toContain('plan.first_days');
  });

  it('turns to the routes that remain at the attempt limit', () => {
    const r = ask('plan', { failedExam: 'step1', failedAttempts: 4 });
    expect(r.verdict).toBe('other_routes');
    expect(r.actions).toEqual(
      expect.arrayContaining(['plan.routes.shortlist', 'plan.routes.first_step']),
    );
  });

  it('turns to a rethink after realistic cycles with nothing', () => {
    const r = ask('plan', {
      failedExam: 'step1',
      retakePassed: true,
      cyclesApplied: 3,
      scoresImproved: true,
      usce: 'hands_on',
      strategyRealistic: true,
      interviewsLastCycle: 0,
    });
    expect(r.verdict).toBe('rethink');
    expect(r.actions).toContain('plan.rethink.take_stock');
  });

  it('words the apply-or-delay step for the season when the months are known', () => {
    expect(ask('plan', { monthsToApplication: 2 }).actions).toContain(
      'plan.apply_or_delay.season_near',
    );
    expect(ask('plan', { monthsToApplication: 9 }).actions).toContain(
      'plan.apply_or_delay.season_far',
    );
    expect(ask('plan', { monthsToApplication: 9 }).actions).not.toContain('plan.apply_or_delay');
  });

  it('gives a resident a resident’s plan, never an applicant’s', () => {
    const r = ask('plan', { failedExam: 'in_training' });
    expect(r.verdict).toBe('resident_remediation');
    expect(r.actions).toContain('resident.act.talk_to_pd');
    expect(r.actions.some((a) => a.startsWith('plan.counterweight'))).toBe(false);
  });

  it('explains itself with the deciding reason of the decisions it used, not all of them', () => {
    const r = ask('plan', { failedExam: 'step1', practiceStanding: 'below' });
    expect(r.rules).toEqual(['plan.track.retake_first', 'retake.below_bar']);
    expect(r.rules).not.toContain('retake.second_fail_costs_more');
  });
});
