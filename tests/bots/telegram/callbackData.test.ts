import { describe, expect, it } from 'vitest';
import {
  CallbackDataError,
  decodeChoice,
  encodeChoice,
  maxCallbackDataBytes,
} from '../../../src/bots/telegram/callbackData.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';

describe('callback data', () => {
  it('round-trips a choice in the compact q:<question>:<option> form', () => {
    const data = encodeChoice('failedExam', 'step2ck');
    expect(data).toBe('q:failedExam:step2ck');
    expect(decodeChoice(data)).toEqual({ question: 'failedExam', option: 'step2ck' });
  });

  it('fits Telegram’s 64 bytes even with the longest ids', () => {
    const data = encodeChoice('a'.repeat(24), 'b'.repeat(24));
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(maxCallbackDataBytes);
  });

  it('encodes every option of every question in the knowledge base', () => {
    const kb = loadKnowledge();
    for (const question of kb.questions.values()) {
      for (const option of [...question.options.map((o) => o.id), 'unsure']) {
        expect(decodeChoice(encodeChoice(question.fact, option))).toEqual({
          question: question.fact,
          option,
        });
      }
    }
    for (const fixed of ['menu', 'next', 'forget'])
      expect(() => encodeChoice(fixed, 'yes')).not.toThrow();
  });

  it('refuses to encode ids that could not be decoded, naming the id', () => {
    expect(() => encodeChoice('failedExam', 'Step 1')).toThrow(CallbackDataError);
    expect(() => encodeChoice('x'.repeat(25), 'yes')).toThrow(/question/);
  });

  it.each([
    undefined,
    '',
    'q',
    'q:failedExam',
    'q:failedExam:',
    'q::step1',
    'q:failedExam:step1:extra',
    'x:failedExam:step1',
    'q:failed Exam:step1',
    'q:failedExam:Step1',
    'q:failedExam:<script>',
    'q:failedExam:step1\n',
    `q:failedExam:${'a'.repeat(25)}`,
    `q:${'é'.repeat(30)}:a`,
    '{"question":"failedExam","option":"step1"}',
  ])('rejects forged or malformed data %j', (data) => {
    expect(decodeChoice(data)).toBeUndefined();
  });
});
