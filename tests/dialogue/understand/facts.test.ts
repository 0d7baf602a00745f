import { describe, expect, it } from 'vitest';
import { readApplicationSeason } from '../../../src/dialogue/understand/facts/applicationSeason.ts';
import { readClinicalExperience } from '../../../src/dialogue/understand/facts/clinicalExperience.ts';
import { readExamFailure } from '../../../src/dialogue/understand/facts/examFailure.ts';
import { extractFacts } from '../../../src/dialogue/understand/facts/extractFacts.ts';
import { readGraduation } from '../../../src/dialogue/understand/facts/graduation.ts';
import { readMatchCycles } from '../../../src/dialogue/understand/facts/matchCycles.ts';
import { readPracticeScores } from '../../../src/dialogue/understand/facts/practiceScores.ts';
import { readRetakeOutcome } from '../../../src/dialogue/understand/facts/retakeOutcome.ts';
import { readSpecialty } from '../../../src/dialogue/understand/facts/specialty.ts';
import { normalizeText } from '../../../src/dialogue/understand/normalize.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import type { Profile } from '../../../src/rules/profile.ts';

const n = (text: string) => normalizeText(text, 2000);
const kb = loadKnowledge();

describe('readExamFailure', () => {
  it.each<[string, Profile]>([
    ['failed step 2 ck last week', { failedExam: 'step2ck' }],
    ['failed CK twice', { failedExam: 'step2ck', failedAttempts: 2 }],
    ['my 2nd attempt at step 1 failed', { failedExam: 'step1', failedAttempts: 2 }],
    ['failed usmle step 1 three times', { failedExam: 'step1', failedAttempts: 3 }],
    ['2 failed attempts on step 3', { failedExam: 'step3', failedAttempts: 2 }],
    ['passed step 1, failed step 2', { failedExam: 'step2ck' }],
    ['Step 1 failed, Step 2 CK passed', { failedExam: 'step1' }],
    ['retaking the OET next month', { failedExam: 'oet_ielts' }],
    ['failed ck, passed on my 3rd try', { failedExam: 'step2ck', failedAttempts: 2 }],
    ['passed ck on the second try', { failedExam: 'step2ck', failedAttempts: 1 }],
    ['I did not pass my in-training exam', { failedExam: 'in_training' }],
    ['failed again', {}],
    ['should I take step 3?', {}],
  ])('"%s"', (text, expected) => {
    expect(readExamFailure(n(text))).toEqual(expected);
  });
});

describe('readRetakeOutcome', () => {
  it.each<[string, Profile]>([
    ['failed step 1 once, then passed', { retakePassed: true }],
    ['passed the retake', { retakePassed: true }],
    ['passed it on my 2nd attempt', { retakePassed: true }],
    ['failed ielts twice before finally passing', { retakePassed: true }],
    ["haven't passed yet", { retakePassed: false }],
    ['failed ck, my retake is in 3 weeks', { retakePassed: false }],
    ['failed step1, studying for my step 1 retake', { retakePassed: false }],
    ['failed step 1, passed step 2 ck', {}],
    ['failed step 1 last week', {}],
  ])('"%s"', (text, expected) => {
    expect(readRetakeOutcome(n(text))).toEqual(expected);
  });
});

describe('readPracticeScores', () => {
  it.each<[string, Profile]>([
    ['my NBMEs are still below passing', { practiceStanding: 'below' }],
    ['failing all my nbmes', { practiceStanding: 'below' }],
    ['uwsa 2 borderline', { practiceStanding: 'near' }],
    ['practice tests are above passing', { practiceStanding: 'above' }],
    ['nbmes well above passing', { practiceStanding: 'well_above' }],
    ["haven't taken an NBME yet", { practiceStanding: 'none_recent' }],
    ['failed step 1, my nbmes now above passing', { practiceStanding: 'above' }],
    ['ck nbme 205', { practiceStanding: 'below' }],
    ['ck nbme 9 212, uwsa 2 216', { practiceStanding: 'near' }],
    ['ck uwsa 226', { practiceStanding: 'above' }],
    ['ck nbme 240', { practiceStanding: 'well_above' }],
    ['nbme 205', {}],
    ['step 1 nbme 205', { practiceStanding: 'above' }],
    ['step 1 uwsa 1 193', { practiceStanding: 'near' }],
    ['step 3 practice test 230', { practiceStanding: 'well_above' }],
    ['nbme 12 – 218, uwsa2 – 231, ck enough?', { practiceStanding: 'above' }],
    ['uw 58% first pass', { practiceStanding: 'near' }],
    ['free120 71%', { practiceStanding: 'above' }],
    ['amboss 48', { practiceStanding: 'below' }],
    ['qbank avg 80 percent', { practiceStanding: 'well_above' }],
  ])('"%s"', (text, expected) => {
    expect(readPracticeScores(n(text), {}, kb)).toEqual(expected);
  });

  it('places scores on the Step 2 CK scale when that exam is already known', () => {
    expect(readPracticeScores(n('nbme 205'), { failedExam: 'step2ck' }, kb)).toEqual({
      practiceStanding: 'below',
    });
    expect(readPracticeScores(n('nbme 205'), { failedExam: 'step1' }, kb)).toEqual({
      practiceStanding: 'above',
    });
  });
});

describe('readGraduation', () => {
  it.each<[string, Profile]>([
    ["I'm 8 years out", { yearsSinceGraduation: 8 }],
    ['graduated 6 yrs ago', { yearsSinceGraduation: 6 }],
    ['10 years since graduation', { yearsSinceGraduation: 10 }],
    ['a 3 year gap', { yearsSinceGraduation: 3 }],
    ['graduated last year', { yearsSinceGraduation: 1 }],
    ['just graduated', { yearsSinceGraduation: 0 }],
    ['YOG 2015', {}],
    ['studying for 2 years', {}],
  ])('"%s"', (text, expected) => {
    expect(readGraduation(n(text))).toEqual(expected);
  });
});

describe('readMatchCycles', () => {
  it.each<[string, Profile]>([
    ['applied 2 cycles', { cyclesApplied: 2 }],
    ["didn't match twice", { cyclesApplied: 2 }],
    ['went unmatched 3 times', { cyclesApplied: 3 }],
    ['3 unsuccessful cycles', { cyclesApplied: 3 }],
    ['this is my 3rd cycle', { cyclesApplied: 2 }],
    ["haven't applied yet", { cyclesApplied: 0 }],
    ['went unmatched last year', { cyclesApplied: 1 }],
    ['how many cycles should I try', {}],
    ['should I do 2 more cycles', {}],
  ])('"%s"', (text, expected) => {
    expect(readMatchCycles(n(text))).toEqual(expected);
  });
});

describe('readSpecialty', () => {
  it.each<[string, Profile]>([
    ['applying IM', { targetSpecialty: 'internal_medicine' }],
    ['IM or FM', { targetSpecialty: 'internal_medicine' }],
    ['switching from neuro to FM', { targetSpecialty: 'family_medicine' }],
    ['peds applicant', { targetSpecialty: 'pediatrics' }],
    ['want to do psych', { targetSpecialty: 'psychiatry' }],
    ['interested in EM', { targetSpecialty: 'emergency_medicine' }],
    ['ob/gyn', { targetSpecialty: 'obgyn' }],
    ['dermatology', { targetSpecialty: 'other' }],
    ['a cardiology fellowship later', {}],
    ['im scared', {}],
  ])('"%s"', (text, expected) => {
    expect(readSpecialty(n(text))).toEqual(expected);
  });
});

describe('readClinicalExperience', () => {
  it.each<[string, Profile]>([
    ['no USCE', { usce: 'none' }],
    ['I have no US clinical experience', { usce: 'none' }],
    ['2 short observerships', { usce: 'short_observership' }],
    ['a 4 month observership', { usce: 'long_observership' }],
    ['observership for 6 months', { usce: 'long_observership' }],
    ['did an externship', { usce: 'hands_on' }],
    ['no externship, only observerships', { usce: 'short_observership' }],
    ['planning to do an observership', {}],
  ])('"%s"', (text, expected) => {
    expect(readClinicalExperience(n(text))).toEqual(expected);
  });
});

describe('readApplicationSeason', () => {
  it.each<[string, Profile]>([
    ['ERAS opens in 4 months', { monthsToApplication: 4 }],
    ['5 months until eras', { monthsToApplication: 5 }],
    ['applications open in 6 weeks', { monthsToApplication: 1 }],
    ['applying in 3 months', { monthsToApplication: 3 }],
    ['eras opens next month', { monthsToApplication: 1 }],
    ['the match is 8 months away', {}],
    ['applying this september', {}],
  ])('"%s"', (text, expected) => {
    expect(readApplicationSeason(n(text))).toEqual(expected);
  });
});

describe('extractFacts', () => {
  it('combines every reader and keeps only values the profile accepts', () => {
    expect(
      extractFacts(n("I'm 8 years out, failed step 1 twice, no USCE, applying IM in 3 months"), kb),
    ).toEqual({
      failedExam: 'step1',
      failedAttempts: 2,
      yearsSinceGraduation: 8,
      usce: 'none',
      targetSpecialty: 'internal_medicine',
      monthsToApplication: 3,
    });
    expect(extractFacts(n('failed step 1 40 times, 99 years out'), kb)).toEqual({
      failedExam: 'step1',
    });
  });
});
