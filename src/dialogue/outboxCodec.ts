import type { Knowledge } from '../knowledge/schema.ts';
import { type Advice, Topic } from '../rules/advice.ts';
import { advise } from '../rules/advise.ts';
import type { Profile } from '../rules/profile.ts';
import { withoutRepeats } from './repeatedLines.ts';
import type { Reply } from './reply.ts';
import { ScoreChart } from './scoreChart.ts';
import type { Session } from './session.ts';
import { packProfile, unpackProfile } from './sessionCodec.ts';

const topics = Topic.options;

type PackedValue = string | number | boolean | null;

/**
 * One stored reply. Advice is kept as what decides it — topic, profile and the topics answered
 * before — because the rules are deterministic and a full answer card is several kilobytes;
 * `A` keeps a whole card in the rare case the reference would not rebuild it exactly.
 */
type StoredReply =
  | ['t', string]
  | ['t', string, 'stale_choice' | 'not_applied']
  | ['q', string, string, [string, string][]]
  | ['a', number, PackedValue[], number]
  | ['A', Advice]
  | ['c', ScoreChart, string];

/**
 * Encodes a turn's replies for the outbox kept in the session until they are sent. `session`
 * is the session saved with them (null if deleted): its profile and answered topics are what
 * the advice in the replies was decided on.
 */
export function encodeOutbox(
  replies: readonly Reply[],
  session: Session | null,
  kb: Knowledge,
): string {
  return JSON.stringify(replies.map((reply) => storedReply(reply, session, kb)));
}

/** The replies {@link encodeOutbox} stored; unreadable data gives none (never throws). */
export function decodeOutbox(raw: string, kb: Knowledge): Reply[] {
  try {
    const stored = JSON.parse(raw) as StoredReply[];
    if (!Array.isArray(stored)) return [];
    return stored.flatMap((item): Reply[] => {
      switch (item[0]) {
        case 't':
          return [
            item.length === 3
              ? { kind: 'text', text: item[1], notice: item[2] }
              : { kind: 'text', text: item[1] },
          ];
        case 'q':
          return [
            {
              kind: 'question',
              id: item[1],
              text: item[2],
              options: item[3].map(([id, label]) => ({ id, label })),
            },
          ];
        case 'a': {
          const topic = topics[item[1]];
          if (topic === undefined) return [];
          return [{ kind: 'advice', advice: rebuild(topic, unpackProfile(item[2]), item[3], kb) }];
        }
        case 'A':
          return [{ kind: 'advice', advice: item[1] }];
        case 'c': {
          // Kept whole (up to 30 points): a chart is asked for rarely, and only its own turn pays.
          const chart = ScoreChart.safeParse(item[1]);
          return chart.success ? [{ kind: 'chart', chart: chart.data, text: String(item[2]) }] : [];
        }
        default:
          return [];
      }
    });
  } catch {
    return [];
  }
}

function storedReply(reply: Reply, session: Session | null, kb: Knowledge): StoredReply {
  switch (reply.kind) {
    case 'text':
      return reply.notice ? ['t', reply.text, reply.notice] : ['t', reply.text];
    case 'question':
      return ['q', reply.id, reply.text, reply.options.map((o) => [o.id, o.label])];
    case 'advice': {
      if (session === null) return ['A', reply.advice];
      const topic = reply.advice.topic;
      const answered = topicMask(session.answered ?? []);
      const rebuilt = rebuild(topic, session.profile, answered, kb);
      // The reference is kept only when it provably rebuilds the very same card.
      return JSON.stringify(rebuilt) === JSON.stringify(reply.advice)
        ? ['a', topics.indexOf(topic), packProfile(session.profile), answered]
        : ['A', reply.advice];
    }
    case 'chart':
      return ['c', reply.chart, reply.text];
  }
}

function rebuild(topic: Topic, profile: Profile, answeredMask: number, kb: Knowledge): Advice {
  const earlier = topics.filter((_, i) => (answeredMask >> i) & 1);
  return withoutRepeats(advise(topic, profile, kb), earlier, profile, kb);
}

function topicMask(list: readonly Topic[]): number {
  return list.reduce((mask, t) => mask | (1 << topics.indexOf(t)), 0);
}
