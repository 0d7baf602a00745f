import fc from 'fast-check';
import { Exam, type Profile, Specialty } from '../../src/rules/profile.ts';

/** Any valid profile, each fact present or unknown. */
export const anyProfile: fc.Arbitrary<Profile> = fc.record(
  {
    failedExam: fc.constantFrom(...Exam.options),
    failedAttempts: fc.integer({ min: 1, max: 10 }),
    retakePassed: fc.boolean(),
    retakeStrength: fc.constantFrom('barely', 'comfortable', 'strong'),
    otherStepFailures: fc.integer({ min: 0, max: 10 }),
    practiceStanding: fc.constantFrom('none_recent', 'below', 'near', 'above', 'well_above'),
    extraTimeUseful: fc.boolean(),
    fearOfFailing: fc.boolean(),
    failureCause: fc.constantFrom(
      'content_gaps',
      'time_management',
      'anxiety',
      'question_style',
      'life_events',
    ),
    monthsToApplication: fc.integer({ min: 0, max: 36 }),
    applyingThisCycle: fc.boolean(),
    yearsSinceGraduation: fc.integer({ min: 0, max: 50 }),
    usce: fc.constantFrom('none', 'short_observership', 'long_observership', 'hands_on'),
    usLetters: fc.constantFrom('none', 'generic', 'strong'),
    english: fc.constantFrom('needs_work', 'adequate', 'strong'),
    targetSpecialty: fc.constantFrom(...Specialty.options),
    programMix: fc.constantFrom('mostly_university', 'mixed', 'mostly_community'),
    cyclesApplied: fc.integer({ min: 0, max: 15 }),
    interviewsLastCycle: fc.integer({ min: 0, max: 100 }),
    strategyRealistic: fc.boolean(),
    scoresImproved: fc.boolean(),
    ecfmgCertified: fc.boolean(),
    step3Time: fc.constantFrom('none', 'under_3_months', '3_to_6_months', 'over_6_months'),
    step3Confident: fc.boolean(),
    visa: fc.constantFrom('none_needed', 'j1', 'h1b', 'undecided'),
    strain: fc.constantFrom('low', 'moderate', 'severe'),
    role: fc.constantFrom('applicant', 'resident', 'other'),
    failureRecency: fc.constantFrom('recent', 'old'),
    weeksToExam: fc.integer({ min: 0, max: 104 }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Profile>;
