import { describe, expect, it } from 'vitest';
import { readCountry } from '../../../src/dialogue/understand/country.ts';
import {
  countryQuestion,
  crisisText,
  linesText,
} from '../../../src/dialogue/understand/crisisSupport.ts';
import { kb } from '../engineHarness.ts';

describe('crisis support', () => {
  it('with the country unknown, names the local emergency number, Find A Helpline, and which lines exist where', () => {
    const text = crisisText(kb, undefined);
    expect(text).toMatch(/local emergency number/);
    expect(text).toMatch(/findahelpline\.com/);
    expect(text).toMatch(/United States: \*\*988 Suicide & Crisis Lifeline\*\* — Call or text 988/);
    expect(text).toMatch(/Canada: .*9-8-8/);
    expect(text).toMatch(/United Kingdom and Ireland: \*\*Samaritans\*\* — Call 116 123/);
    expect(text).toMatch(/India: \*\*Tele-MANAS\*\*/);
  });

  it("with the country known, gives that country's lines and the emergency reminder", () => {
    const us = crisisText(kb, 'US');
    expect(us).toMatch(/988/);
    expect(us).toMatch(/Physician Support Line/);
    expect(us).toMatch(/local emergency number/);
    expect(us).not.toMatch(/Samaritans/);
    const elsewhere = linesText(kb, kb.crisis.find((c) => c.country === 'other')!);
    expect(elsewhere).toMatch(/findahelpline/);
  });

  it('asks for the country with a button for each country that has lines', () => {
    expect(countryQuestion(kb)).toMatchObject({
      id: 'country',
      options: kb.crisis.map((c) => ({ id: c.country.toLowerCase(), label: c.name })),
    });
  });
});

describe('readCountry', () => {
  it.each([
    ['US', 'US'],
    ['usa', 'US'],
    ["I'm in the United States", 'US'],
    ['canada', 'CA'],
    ['UK', 'GB'],
    ['I live in England', 'GB'],
    ['Ireland', 'IE'],
    ['india', 'IN'],
    ['Pakistan', 'other'],
    ['somewhere else', 'other'],
  ])('"%s" → %s', (text, code) => {
    expect(readCountry(text)).toBe(code);
  });

  it('leaves anything else alone, including "us" inside a sentence', () => {
    expect(readCountry('can you help us')).toBeUndefined();
    expect(readCountry('should I take step 3?')).toBeUndefined();
  });
});
