import { z } from 'zod';

/** The exams a failed attempt can be on. `oet_ielts` covers both English tests. */
export const Exam = z.enum(['step1', 'step2ck', 'step3', 'oet_ielts', 'in_training']);
/** One of the exams in {@link Exam}. */
export type Exam = z.infer<typeof Exam>;

/** USMLE Steps: the exams whose attempts are capped and reported on the transcript. */
export const usmleSteps: readonly Exam[] = ['step1', 'step2ck', 'step3'];

/** Whether an exam is a USMLE Step. */
export function isUsmleStep(exam: Exam): boolean {
  return usmleSteps.includes(exam);
}

/** The specialties the advisor knows how open they are to IMGs with a failure. */
export const Specialty = z.enum([
  'internal_medicine',
  'family_medicine',
  'pediatrics',
  'psychiatry',
  'neurology',
  'pathology',
  'general_surgery',
  'emergency_medicine',
  'obgyn',
  'anesthesiology',
  'radiology',
  'other',
]);
/** One of the specialties in {@link Specialty}. */
export type Specialty = z.infer<typeof Specialty>;

/**
 * Everything the decisions depend on. Every fact is optional: an unknown fact is
 * simply absent, and the rules say what they assumed in its place.
 */
export const Profile = z
  .object({
    /** The exam the failure was on. */
    failedExam: Exam.optional(),
    /** How many attempts at that exam have failed (incomplete attempts count). */
    failedAttempts: z.number().int().min(1).max(10).optional(),
    /** Whether that exam has since been passed. */
    retakePassed: z.boolean().optional(),
    /** How convincing the later pass was. */
    retakeStrength: z.enum(['barely', 'comfortable', 'strong']).optional(),
    /** Failed attempts at other USMLE Steps. */
    otherStepFailures: z.number().int().min(0).max(10).optional(),
    /** Where recent practice tests (NBME and the like) stand against the passing bar. */
    practiceStanding: z.enum(['none_recent', 'below', 'near', 'above', 'well_above']).optional(),
    /** Whether extra preparation time could be used productively. */
    extraTimeUseful: z.boolean().optional(),
    /** Whether fear of failing again is what makes postponing tempting. */
    fearOfFailing: z.boolean().optional(),
    /** The main reason the attempt failed, as the person sees it. */
    failureCause: z
      .enum(['content_gaps', 'time_management', 'anxiety', 'question_style', 'life_events'])
      .optional(),
    /** Months until the next application season opens. */
    monthsToApplication: z.number().int().min(0).max(36).optional(),
    /** Whether the person has already applied in the current cycle. */
    applyingThisCycle: z.boolean().optional(),
    /** Years since graduating from medical school. */
    yearsSinceGraduation: z.number().int().min(0).max(50).optional(),
    /** The best kind of US clinical experience so far. */
    usce: z.enum(['none', 'short_observership', 'long_observership', 'hands_on']).optional(),
    /** Letters of recommendation from US clinicians. */
    usLetters: z.enum(['none', 'generic', 'strong']).optional(),
    /** How strong spoken and written English communication is. */
    english: z.enum(['needs_work', 'adequate', 'strong']).optional(),
    /** The specialty the person is aiming at first. */
    targetSpecialty: Specialty.optional(),
    /** Where the application list is concentrated. */
    programMix: z.enum(['mostly_university', 'mixed', 'mostly_community']).optional(),
    /** Match cycles already applied in without matching. */
    cyclesApplied: z.number().int().min(0).max(15).optional(),
    /** Interviews received in the most recent cycle. */
    interviewsLastCycle: z.number().int().min(0).max(100).optional(),
    /** Whether past applications were broad and realistic (right specialties and programs). */
    strategyRealistic: z.boolean().optional(),
    /** Whether scores improved after the failure. */
    scoresImproved: z.boolean().optional(),
    /** Whether ECFMG Certification is done (needed to sit Step 3). */
    ecfmgCertified: z.boolean().optional(),
    /** Time that could go into Step 3 preparation. */
    step3Time: z.enum(['none', 'under_3_months', '3_to_6_months', 'over_6_months']).optional(),
    /** Whether a Step 3 score well above passing looks realistic. */
    step3Confident: z.boolean().optional(),
    /** The visa the person will need for residency. */
    visa: z.enum(['none_needed', 'j1', 'h1b', 'undecided']).optional(),
    /** Financial or emotional strain of continuing. */
    strain: z.enum(['low', 'moderate', 'severe']).optional(),
    /** Where the person is in training: applying to residency, already a resident, or neither. */
    role: z.enum(['applicant', 'resident', 'other']).optional(),
    /** Whether the failure is fresh (weeks) or further back (months or more). */
    failureRecency: z.enum(['recent', 'old']).optional(),
    /** Weeks until the booked retake date. */
    weeksToExam: z.number().int().min(0).max(104).optional(),
  })
  .strict();
/** The facts about one person that the rules read. */
export type Profile = z.infer<typeof Profile>;

/** The name of one profile fact. */
export const FactName = Profile.keyof();
/** One of the names in {@link FactName}. */
export type FactName = z.infer<typeof FactName>;

/** The attempt limit per USMLE Step (applications from 1 July 2021). */
export const usmleAttemptLimit = 4;
