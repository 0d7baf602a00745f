import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxTextLength } from '../../../src/dialogue/input.ts';
import { readText } from '../../../src/dialogue/textReading.ts';
import { Profile } from '../../../src/rules/profile.ts';
import { kb } from '../engineHarness.ts';

const words = [
  'failed',
  'step 1',
  'ck',
  'twice',
  'kill',
  'myself',
  'die',
  'want to',
  'not',
  'passed',
  'nbme',
  '205',
  'years out',
  'IM',
  '?',
  '.',
  'retake',
  'observership',
  'cycles',
  'eras in',
  'months',
];

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.constantFrom(...words), { maxLength: 60 }).map((w) => w.join(' ')),
  fc.string({ unit: fc.constantFrom('a', ' ', '.', '1', 'é', '\u27E6', '\n'), maxLength: 2000 }),
  fc
    .integer({ min: 0, max: 100_000 })
    .map((n) => 'failed step 1 twice. '.repeat(n / 20 + 1).slice(0, n)),
  fc.constantFrom('a'.repeat(100_000), '?'.repeat(100_000), '1 '.repeat(50_000), ''),
);

describe('reading free text, for any string up to 100 KB', () => {
  it('never throws and always gives a valid reading', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const reading = readText(text, kb);
        expect(['none', 'distress', 'check', 'crisis']).toContain(reading.safety);
        expect(Profile.safeParse(reading.facts).success).toBe(true);
        expect(reading.ranked.length).toBeLessThanOrEqual(2);
        for (const r of reading.ranked) expect(Number.isFinite(r.score)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a bounded prefix only, so its cost is bounded whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: maxTextLength, maxLength: maxTextLength + 50 }),
        fc.string({ maxLength: 500 }),
        (head, tail) => {
          const text = head.slice(0, maxTextLength);
          expect(readText(text + tail, kb)).toEqual(readText(text, kb));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(readText(text, kb)).toEqual(readText(text, kb));
      }),
      { numRuns: 100 },
    );
  });
});
