import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CustomIdError,
  choiceId,
  commandId,
  factsId,
  maxCustomIdLength,
  readComponent,
  selectId,
} from '../../../src/bots/discord/customId.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { FactName, type Profile } from '../../../src/rules/profile.ts';

const kb = loadKnowledge();

describe('choice buttons and select menus', () => {
  it('round-trip a question and option', () => {
    const id = choiceId('failedExam', 'step2ck');
    expect(id).toBe('q:failedExam:step2ck');
    expect(readComponent(id, undefined, kb)).toEqual({
      kind: 'choice',
      question: 'failedExam',
      option: 'step2ck',
    });
  });

  it('read a select menu pick as a choice of its question', () => {
    expect(readComponent(selectId('targetSpecialty'), ['psychiatry'], kb)).toEqual({
      kind: 'choice',
      question: 'targetSpecialty',
      option: 'psychiatry',
    });
    expect(readComponent(selectId('long', 2), ['x'], kb)).toMatchObject({ question: 'long' });
  });

  it('fit every question and option id of the knowledge base within 100 characters', () => {
    for (const question of kb.questions.values()) {
      for (const option of [...question.options, { id: 'unsure' }]) {
        expect(choiceId(question.fact, option.id).length).toBeLessThanOrEqual(maxCustomIdLength);
      }
    }
    expect(choiceId('a'.repeat(48), 'b'.repeat(48)).length).toBeLessThanOrEqual(maxCustomIdLength);
  });

  it('refuse to encode ids that could not be read back', () => {
    expect(() => choiceId('failed exam', 'x')).toThrow(CustomIdError);
    expect(() => choiceId('q', 'x:y')).toThrow(/option id "x:y"/);
    expect(() => choiceId('q', 'o'.repeat(49))).toThrow(CustomIdError);
    expect(() => selectId('q', 5)).toThrow(/page/);
  });
});

describe('command buttons', () => {
  it('round-trip a command the engine knows', () => {
    expect(readComponent(commandId('start'), undefined, kb)).toEqual({
      kind: 'command',
      name: 'start',
    });
  });
});

describe('continue-a-quick-answer buttons', () => {
  const facts: Profile = {
    failedExam: 'step2ck',
    failedAttempts: 2,
    retakePassed: true,
    cyclesApplied: 2,
    strategyRealistic: true,
    programMix: 'mostly_community',
    scoresImproved: true,
    usce: 'short_observership',
    interviewsLastCycle: 0,
    yearsSinceGraduation: 12,
    strain: 'moderate',
  };

  it('carry the facts compactly and decode them exactly', () => {
    const id = factsId('cycles', facts, kb);
    expect(id.length).toBeLessThanOrEqual(40);
    expect(readComponent(id, undefined, kb)).toEqual({ kind: 'facts', topic: 'cycles', facts });
    expect(readComponent(factsId('retake', {}, kb), undefined, kb)).toEqual({
      kind: 'facts',
      topic: 'retake',
      facts: {},
    });
  });

  it('fit even a profile with every fact', () => {
    const everything = Object.fromEntries(
      FactName.options.map((fact) => [fact, kb.questions.get(fact)?.options.at(-1)?.value]),
    ) as Profile;
    const id = factsId('plan', everything, kb);
    expect(id.length).toBeLessThanOrEqual(maxCustomIdLength);
    expect(readComponent(id, undefined, kb)).toEqual({
      kind: 'facts',
      topic: 'plan',
      facts: everything,
    });
  });

  it('refuse a value that is not one of the question’s options', () => {
    expect(() => factsId('retake', { failedAttempts: 7 }, kb)).toThrow(/failedAttempts=7/);
  });
});

describe('forged or garbled components', () => {
  it('are rejected before they reach the engine', () => {
    for (const forged of [
      '',
      'q:',
      'q:failedExam',
      'q:failedExam:step1:extra',
      'q:failed Exam:step1',
      'x:failedExam:step1',
      `q:${'a'.repeat(60)}:b`,
      'c:deleteEverything',
      'c:',
      'f:nonsense:',
      'f:retake:0',
      'f:retake:0z',
      'f:retake:0000',
      'f:retake:z0',
      's:failedExam',
    ]) {
      expect(readComponent(forged, undefined, kb), forged).toBeUndefined();
    }
    expect(readComponent('s:failedExam', [], kb)).toBeUndefined();
    expect(readComponent('s:failedExam', ['step1', 'step3'], kb)).toBeUndefined();
    expect(readComponent('s:failedExam', ['step 1'], kb)).toBeUndefined();
    expect(readComponent('q:failedExam:step1', ['step1'], kb)).toBeUndefined();
    expect(readComponent(`q:a:${'b'.repeat(98)}`, undefined, kb)).toBeUndefined();
  });

  it('never throw, whatever the id', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.option(fc.array(fc.string())), (id, values) => {
        readComponent(id, values ?? undefined, kb);
      }),
    );
  });
});
