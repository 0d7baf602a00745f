import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import { Session } from '../../src/dialogue/session.ts';
import { readText } from '../../src/dialogue/textReading.ts';
import { readCountry } from '../../src/dialogue/understand/country.ts';
import { Chat, kb } from './engineHarness.ts';

// Names every plain object inherits: a lookup of typed text in a plain object used to
// find them ("constructor" crashed a turn on every platform).
const inherited = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
];

describe('words that name inherited properties', () => {
  it.each(inherited)('"%s" is read as ordinary text, in every state', (word) => {
    expect(readText(word, kb).word).toBeUndefined();
    expect(readCountry(word)).toBeUndefined();
    for (const script of [[], ['/retake'], ['/retake', 'step 1'], ['/forget']]) {
      const chat = new Chat();
      chat.say(...script);
      const replies = chat.say(word, `${word} ${word}`, `failed step 1 ${word} times`);
      expect(replies.length).toBeGreaterThan(0);
      expect(Session.safeParse(chat.session).success).toBe(true);
      expect(replies.some((r) => r.kind === 'text' && /went wrong/.test(r.text))).toBe(false);
    }
  });

  it.each(inherited)('"%s" as a command, a button question or option changes nothing', (word) => {
    const chat = new Chat();
    chat.say('/retake');
    const before = chat.session!;
    for (const input of [
      { kind: 'command' as const, name: word },
      { kind: 'choice' as const, question: word, option: 'yes' },
      { kind: 'choice' as const, question: 'failedExam', option: word },
    ]) {
      const result = step(before, input, kb);
      expect(result.session).toEqual(before);
    }
  });
});
