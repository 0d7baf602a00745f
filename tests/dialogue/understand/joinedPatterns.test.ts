import { describe, expect, it } from 'vitest';
import { afterWordStart, anyPattern } from '../../../src/dialogue/understand/joinedPatterns.ts';

describe('afterWordStart', () => {
  it('drops the word start of every top-level alternative, keeping lookbehinds before it', () => {
    expect(afterWordStart('\\bsleep forever\\b')).toBe('sleep forever\\b');
    expect(afterWordStart('\\bwont be needing\\b|\\bwill not\\b')).toBe(
      'wont be needing\\b|will not\\b',
    );
    expect(afterWordStart('(?<!think )(?<!say )\\bi am (?:a|an)\\b')).toBe(
      '(?<!think )(?<!say )i am (?:a|an)\\b',
    );
    expect(afterWordStart('(?<!\\b(?:do not|not) )\\bwant to die\\b')).toBe(
      '(?<!\\b(?:do not|not) )want to die\\b',
    );
  });

  it('leaves alone a pattern with an alternative that does not start at a word start', () => {
    expect(afterWordStart('\\bstep1|step2\\b')).toBeUndefined();
    expect(afterWordStart('(?:\\ba|\\bb)')).toBeUndefined();
    expect(afterWordStart('[|(]\\bx')).toBeUndefined();
    // "|" inside a class or a group is not a top-level alternative
    expect(afterWordStart('\\b[a|b](?:c|d)\\)|\\be')).toBe('[a|b](?:c|d)\\)|e');
  });
});

describe('anyPattern', () => {
  const patterns = [
    /\bkill (?:my ?self|me)\b/,
    /(?<!\bnot )\bwant to die\b/,
    /\bsleep forever\b|\bnever wake up\b/,
    /\bsuicid/g,
    /(?:не хочу жить)/u,
    /[?!]{3}/,
    /\bhow (?:high|tall)\b(?:\s\S+){0,3}\senough\b/,
  ];
  const texts = [
    'i want to kill myself',
    'killing me softly',
    'i do not want to die',
    'i want to die',
    'not want to die',
    'i want to sleep forever',
    'i could sleep forever lol',
    'sleepforever',
    'never wake up',
    'suicidal thoughts',
    'presuicide',
    'я не хочу жить',
    'really???',
    'how high is the bridge enough',
    'how tall are you',
    '',
  ];

  it('matches exactly where one of its patterns does', () => {
    const any = anyPattern(patterns);
    for (const text of texts)
      expect(any.test(text), text).toBe(
        patterns.some((p) => new RegExp(p.source, p.flags.replace('g', '')).test(text)),
      );
  });

  it('gives the same answer when called again on the same text (no lastIndex carried over)', () => {
    const any = anyPattern([/\bsuicid/g]);
    expect(any.test('suicidal')).toBe(true);
    expect(any.test('suicidal')).toBe(true);
  });

  it('refuses a back-reference, which would point at another pattern once joined', () => {
    expect(() => anyPattern([/(\p{L})\1{2,}/u])).toThrow(/refers back/);
  });
});
