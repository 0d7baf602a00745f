import { describe, expect, it } from 'vitest';
import { directAnswer, directQuestionOf } from '../../src/dialogue/directAnswer.ts';
import { normalizeText } from '../../src/dialogue/understand/normalize.ts';
import { kb } from './engineHarness.ts';

const n = (text: string) => normalizeText(text, 2000);

describe('direct questions', () => {
  it.each([
    ['is it over for me?', 'is_it_over'],
    ['Is my career over', 'is_it_over'],
    ['did I ruin everything', 'is_it_over'],
    ['will I get fired?', 'fired'],
    ['am I going to lose my residency', 'fired'],
  ] as const)('finds "%s"', (text, question) => {
    expect(directQuestionOf(n(text))).toBe(question);
  });

  it('finds none in an ordinary question', () => {
    expect(directQuestionOf(n('when should I retake step 1'))).toBeUndefined();
    expect(directQuestionOf(n('is it worth taking step 3'))).toBeUndefined();
  });

  it('answers for the person’s standing, each text from knowledge', () => {
    const answerFor = (profile: object) =>
      directAnswer('is_it_over', profile, kb).text.slice(0, 40);
    const open = answerFor({ failedExam: 'step1', failedAttempts: 1 });
    const last = answerFor({ failedExam: 'step1', failedAttempts: 3 });
    const closed = answerFor({ failedExam: 'step1', failedAttempts: 4 });
    expect(new Set([open, last, closed]).size).toBe(3);
    expect(directAnswer('is_it_over', { failedExam: 'step1', failedAttempts: 3 }, kb).text).toBe(
      kb.entries.get('direct.is_it_over.last_attempt')?.text,
    );
    expect(directAnswer('fired', {}, kb).text).toBe(kb.entries.get('direct.fired')?.text);
    expect(directAnswer('fired', {}, kb).topic).toBe('outlook');
    expect(directAnswer('is_it_over', { failedExam: 'in_training' }, kb).text).toBe(
      kb.entries.get('direct.is_it_over.resident')?.text,
    );
  });
});
