import { describe, expect, it } from 'vitest';
import { type QuickTopic, quickOptions } from '../../../src/bots/discord/commandDefinitions.ts';
import { type GivenOption, quickAnswer } from '../../../src/bots/discord/quickAnswer.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { advise } from '../../../src/rules/advise.ts';

const kb = loadKnowledge();

/** `/topic name:value …` as Discord delivers it, answered by the adapter's mapping. */
function run(topic: QuickTopic, given: Record<string, string | number | boolean>) {
  const options: GivenOption[] = Object.entries(given).map(([name, value]) => ({ name, value }));
  return quickAnswer(topic, quickOptions(topic, kb), options, kb);
}

function verdict(topic: QuickTopic, given: Record<string, string | number | boolean>) {
  const answer = run(topic, given);
  if (!answer.ok) throw new Error(answer.problems.join('; '));
  return answer.advice.verdict;
}

describe('quick answers from slash options', () => {
  it('give the verdicts of the rules core for the documented examples', () => {
    const retake = { exam: 'step1', attempts: 1, passed: false, extra_time: true };
    expect(verdict('retake', { ...retake, practice: 'below' })).toBe('postpone_and_fix');
    expect(verdict('retake', { ...retake, practice: 'well_above' })).toBe('keep_date');
    expect(verdict('statement', { exam: 'step2ck' })).toBe('address_briefly');
    expect(verdict('statement', { exam: 'in_training', improved: true })).toBe('not_applicable');
    expect(
      verdict('step3', {
        exam: 'step1',
        passed: true,
        pass_strength: 'strong',
        ecfmg: true,
        prep_time: '3_to_6_months',
        confident: true,
      }),
    ).toBe('take_step3');
    expect(
      verdict('cycles', {
        cycles: 2,
        realistic: true,
        improved: true,
        usce: 'hands_on',
        interviews: 0,
      }),
    ).toBe('consider_pivot');
  });

  it('map each option to its fact and answer exactly as advise() does', () => {
    const answer = run('retake', {
      exam: 'step2ck',
      attempts: 2,
      passed: false,
      practice: 'near',
      extra_time: false,
      afraid: true,
      cause: 'anxiety',
    });
    const facts = {
      failedExam: 'step2ck',
      failedAttempts: 2,
      retakePassed: false,
      practiceStanding: 'near',
      extraTimeUseful: false,
      fearOfFailing: true,
      failureCause: 'anxiety',
    } as const;
    expect(answer).toEqual({
      ok: true,
      topic: 'retake',
      facts,
      advice: advise('retake', facts, kb),
    });
  });

  it('answer with no options at all, saying what was assumed and what is missing', () => {
    const answer = run('retake', {});
    if (!answer.ok) throw new Error('expected an answer');
    expect(answer.advice.assumptions.length).toBeGreaterThan(0);
    expect(answer.advice.nextQuestions).toContain('failedExam');
  });

  it('reject options the command doesn’t have and values outside its choices', () => {
    expect(run('retake', { shoe_size: 'large' })).toEqual({
      ok: false,
      problems: ['unknown option "shoe_size"'],
    });
    expect(run('retake', { attempts: 7 })).toMatchObject({ ok: false });
    expect(run('retake', { exam: 'step4' })).toMatchObject({ ok: false });
    expect(run('retake', { passed: 'yes' })).toMatchObject({ ok: false });
    expect(run('statement', { cause: 'anxiety' })).toMatchObject({ ok: false });
  });
});
