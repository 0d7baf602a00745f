import type { Profile } from './profile.ts';

/** The change of method each cause of failure calls for (knowledge ids). */
const actionsByCause = {
  content_gaps: ['plan.cause.content_gaps'],
  time_management: ['plan.cause.time_management'],
  anxiety: ['plan.cause.anxiety'],
  question_style: ['plan.cause.question_style'],
  life_events: ['plan.cause.life_events'],
} as const;

/** Knowledge ids of the actions that fit why the attempt failed; empty when unknown. */
export function causeActions(profile: Profile): readonly string[] {
  return profile.failureCause ? actionsByCause[profile.failureCause] : [];
}
