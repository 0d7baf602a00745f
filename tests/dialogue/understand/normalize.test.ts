import { describe, expect, it } from 'vitest';
import { normalizeText, wordCount } from '../../../src/dialogue/understand/normalize.ts';

const norm = (text: string) => normalizeText(text, 2000);

describe('normalizeText', () => {
  it('lowercases, spells out contractions and marks sentence breaks', () => {
    expect(norm("I'm scared. Can't sleep!")).toBe('i am scared . can not sleep');
    expect(norm("What's the point")).toBe('what is the point');
    expect(norm('dont know, idk')).toBe('do not know i do not know');
  });

  it('gives every spelling of an exam one token', () => {
    for (const text of ['Step 2 CK', 'step2', 's2ck', 'CK', 'step II', 'step two ck', 'step-2']) {
      expect(norm(text), text).toBe('step2ck');
    }
    expect(norm('USMLE Step 1')).toBe('usmle step1');
    expect(norm('step 3')).toBe('step3');
    expect(norm('in-training exam')).toBe('intraining exam');
    expect(norm('ITE')).toBe('intraining');
  });

  it('expands the shorthand people use about exams and applications', () => {
    expect(norm('my PS')).toBe('my personal statement');
    expect(norm('PDs')).toBe('program directors');
    expect(norm('nbmes and uw')).toBe('nbme and uworld');
    expect(norm('no USCE, YOG 2015')).toBe('no usce year of graduation 2015');
    expect(norm('peds or psych')).toBe('pediatrics or psychiatry');
    expect(norm('FM, ob/gyn')).toBe('family medicine obgyn');
    expect(norm('IMG')).toBe('img');
    expect(norm('OET and IELTS')).toBe('oet and ielts');
  });

  it('reads "im" as internal medicine only where a specialty fits', () => {
    expect(norm('applying IM and FM')).toBe('applying internal medicine and family medicine');
    expect(norm('IM programs')).toBe('internal medicine programs');
    expect(norm('im scared')).toBe('i am scared');
    expect(norm('and im lost')).toBe('and i am lost');
  });

  it('fixes common misspellings and stretched letters', () => {
    expect(norm('faild my exm, shud i postphone')).toBe('failed my exam should i postpone');
    expect(norm('personnal statment')).toBe('personal statement');
    expect(norm('sooo tired, hellooo')).toBe('so tired hello');
  });

  it('turns number words into digits and splits digits glued to units', () => {
    expect(norm('failed twice, two attempts, second try')).toBe('failed twice 2 attempts 2nd try');
    expect(norm('8yrs out, 3mos left')).toBe('8 years out 3 months left');
    expect(norm('nbme9 205')).toBe('nbme 9 205');
  });

  it('folds compatibility forms and curly apostrophes like their plain spellings', () => {
    expect(norm('ＳＴＥＰ １ ﬁnal')).toBe('step1 final');
    expect(norm('I’m sure it’s over, can’t')).toBe('i am sure it is over can not');
    expect(norm('Ñooo señorrr')).toBe('ño señor');
    // a letter outside the basic plane typed three times counts once too
    expect(norm('𐌰𐌰𐌰 ok')).toBe('𐌰 ok');
    expect(norm('w/o usce, b/c visa')).toBe('without usce because visa');
  });

  it('reads no further than the limit it is given', () => {
    expect(normalizeText('failed step 1 twice', 6)).toBe('failed');
    // ten x's, and a letter typed three times or more counts once
    expect(normalizeText('x'.repeat(100_000), 10)).toBe('x');
  });
});

describe('wordCount', () => {
  it('counts the words of normalized text, not its sentence breaks', () => {
    expect(wordCount(norm("I'm scared. Can't sleep!"))).toBe(6); // i am scared . can not sleep
    expect(wordCount(norm('...'))).toBe(0);
    expect(wordCount('')).toBe(0);
    expect(wordCount('a .. b')).toBe(3);
  });
});
