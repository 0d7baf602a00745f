import { lastChecked, spokenMonth } from '../knowledge/checked.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import { advise } from '../rules/advise.ts';
import { describeFacts } from './factDisplay.ts';
import { text } from './prompts.ts';
import type { Reply } from './reply.ts';
import { say } from './say.ts';
import { profileWithLog, scoresForWhy } from './scoreDialogue.ts';
import type { Session } from './session.ts';

/**
 * The reasons behind the last answer, each with the person's facts it used, its source
 * and, for an official or secondary fact, the month it was last checked; says so when
 * answers given since have changed the verdict.
 */
export function explainLastAnswer(session: Session, kb: Knowledge): Reply[] {
  const last = session.lastAnswer;
  if (!last) return [text(say(kb, 'dialogue.why.none'))];
  const advice = advise(last.topic, profileWithLog(session, kb), kb);
  // `why` is where everything that didn't fit the answer's screen lives.
  const lines = [...advice.reasons, ...advice.more.reasons].map((r) => {
    const facts = describeFacts(r.facts, kb);
    const checked = lastChecked(kb, r.knowledge, r.source);
    const when = checked
      ? `, ${say(kb, 'dialogue.why.checked', { month: spokenMonth(checked) })}`
      : '';
    return `• ${r.text}\n  _(${facts.length > 0 ? facts.join('; ') : say(kb, 'dialogue.why.no_facts')} — ${sourceTitle(r.source, kb)}${when})_`;
  });
  const replies: Reply[] = [];
  if (advice.verdict !== last.verdict) replies.push(text(say(kb, 'dialogue.why.changed')));
  const more = advice.more.actions.map((a) => `• ${a.text}`);
  const rest =
    more.length > 0 ? `\n\n${say(kb, 'dialogue.why.more_actions')}\n${more.join('\n')}` : '';
  replies.push(
    text(`${advice.headline}\n\n${say(kb, 'dialogue.why.title')}\n${lines.join('\n')}${rest}`),
  );
  const scores = last.topic === 'retake' ? scoresForWhy(session, kb) : undefined;
  if (scores) replies.push(text(scores));
  return replies;
}

function sourceTitle(id: string, kb: Knowledge): string {
  const source = kb.sources.get(id);
  return source ? source.publisher : id;
}
