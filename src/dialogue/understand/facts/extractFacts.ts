import type { Knowledge } from '../../../knowledge/schema.ts';
import { Profile } from '../../../rules/profile.ts';
import { readApplicationSeason } from './applicationSeason.ts';
import { readClinicalExperience } from './clinicalExperience.ts';
import { readExamDate } from './examDate.ts';
import { readExamFailure } from './examFailure.ts';
import { readFailureRecency } from './failureRecency.ts';
import { readGraduation } from './graduation.ts';
import { readMatchCycles } from './matchCycles.ts';
import { readPracticeScores } from './practiceScores.ts';
import { readProgramList } from './programList.ts';
import { readRetakeOutcome } from './retakeOutcome.ts';
import { readSpecialty } from './specialty.ts';
import { readTrainingRole } from './trainingRole.ts';

const readers: readonly ((
  normalized: string,
  known: Profile,
  kb: Pick<Knowledge, 'passingBars'>,
) => Profile)[] = [
  readExamFailure,
  readRetakeOutcome,
  readPracticeScores,
  readGraduation,
  readMatchCycles,
  readSpecialty,
  readClinicalExperience,
  readApplicationSeason,
  readTrainingRole,
  readExamDate,
  readFailureRecency,
  readProgramList,
];

/**
 * Every profile fact stated in normalized text, read in the light of what is already
 * `known`. Each reader owns its facts; a value the profile schema would refuse is
 * dropped rather than trusted. Scores are read against the passing bars in `kb`.
 */
export function extractFacts(
  normalized: string,
  kb: Pick<Knowledge, 'passingBars'>,
  known: Profile = {},
): Profile {
  const facts: Record<string, unknown> = {};
  for (const read of readers) {
    for (const [fact, value] of Object.entries(read(normalized, known, kb))) {
      if (value !== undefined && Profile.safeParse({ [fact]: value }).success) facts[fact] = value;
    }
  }
  return facts as Profile;
}
