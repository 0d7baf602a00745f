import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/dialogue/answerParsing.ts';
import { quoteUserText } from '../../src/dialogue/markup.ts';
import { forgetQuestion } from '../../src/dialogue/prompts.ts';
import { kb } from './engineHarness.ts';

const yesNoQuestions = [
  forgetQuestion,
  ...[...kb.questions.values()].filter((q) => q.options.every((o) => typeof o.value === 'boolean')),
];

describe('yes/no answers', () => {
  it.each(['yes', 'ya', 'yeah', 'sure', 'yes please', 'ok', 'kinda', 'Yes!', 'ya sure'])(
    'reads "%s" as yes on every yes/no question',
    (said) => {
      for (const q of yesNoQuestions) {
        const yes = q.options.find((o) => o.value === true || o.id === 'yes');
        expect(parseAnswer(q, said)).toEqual({ kind: 'value', value: yes?.value });
      }
    },
  );

  it.each(['no', 'nope', 'No.', 'nah', 'no thanks'])('reads "%s" as no', (said) => {
    for (const q of yesNoQuestions) {
      const no = q.options.find((o) => o.value === false || o.id === 'no');
      expect(parseAnswer(q, said)).toEqual({ kind: 'value', value: no?.value });
    }
  });

  it('leaves a word that is neither unread, rather than guess', () => {
    for (const q of yesNoQuestions) expect(parseAnswer(q, 'banana').kind).toBe('unparsed');
  });
});

describe('echoed text', () => {
  it('loses bidi control characters, which could reorder what follows', () => {
    const quoted = quoteUserText('abc\u202Edef\u2066ghi\u200F');
    expect(quoted).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    expect(quoted).toContain('abcdefghi');
  });
});

describe('a cause with a main part', () => {
  const cause = kb.questions.get('failureCause')!;

  it('reads "mostly content, and I ran out of time too" as content gaps first', () => {
    expect(parseAnswer(cause, 'mostly content, and I ran out of time too')).toEqual({
      kind: 'value',
      value: 'content_gaps',
    });
    expect(parseAnswer(cause, 'mainly anxiety but also content')).toEqual({
      kind: 'value',
      value: 'anxiety',
    });
  });

  it('still reads a single cause anywhere in the text', () => {
    expect(parseAnswer(cause, 'I ran out of time')).toEqual({
      kind: 'value',
      value: 'time_management',
    });
  });
});
