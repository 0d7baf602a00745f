import type { Knowledge } from '../knowledge/schema.ts';
import type { Advice, Topic } from '../rules/advice.ts';
import { advise, screenLimits } from '../rules/advise.ts';
import type { Profile } from '../rules/profile.ts';
import { standingOf } from '../rules/standing.ts';

/**
 * The answer without the lines already shown by the topics answered earlier in the
 * conversation: someone reading six answers in a row shouldn't meet the attempt-limit
 * rule six times. A repeated line moves behind `why` (nothing is lost), the space it
 * leaves is filled from what was waiting there, the deciding reason always stays, and
 * an answer whose every action was said before keeps them rather than show none.
 */
export function withoutRepeats(
  advice: Advice,
  earlier: readonly Topic[],
  profile: Profile,
  kb: Knowledge,
): Advice {
  const others = earlier.filter((t) => t !== advice.topic);
  if (others.length === 0) return advice;
  const standing = standingOf(profile);
  const said = new Set<string>();
  for (const topic of others) {
    const shown = advise(topic, profile, kb, standing);
    for (const r of shown.reasons) said.add(r.text);
    for (const a of shown.actions) said.add(a.text);
  }
  const [head, ...rest] = [...advice.reasons, ...advice.more.reasons];
  const reasons = head ? [head, ...rest.filter((r) => !said.has(r.text))] : [];
  const repeatedReasons = rest.filter((r) => said.has(r.text));
  const allActions = [...advice.actions, ...advice.more.actions];
  const fresh = allActions.filter((a) => !said.has(a.text));
  // An answer with nothing to do is worse than one that repeats: then nothing moves.
  const actions = fresh.length > 0 || allActions.length === 0 ? fresh : allActions;
  const repeatedActions = allActions.filter((a) => !actions.includes(a));
  return {
    ...advice,
    reasons: reasons.slice(0, screenLimits.reasons),
    actions: actions.slice(0, screenLimits.actions),
    more: {
      reasons: [...reasons.slice(screenLimits.reasons), ...repeatedReasons],
      actions: [...actions.slice(screenLimits.actions), ...repeatedActions],
    },
  };
}
