import type { Knowledge } from '../knowledge/schema.ts';
import { type Advice, Topic } from '../rules/advice.ts';
import { advise } from '../rules/advise.ts';
import type { FactName, Profile } from '../rules/profile.ts';
import { explainLastAnswer } from './explanation.ts';
import { factQuestion, menuQuestion } from './prompts.ts';
import { withoutRepeats } from './repeatedLines.ts';
import type { Reply } from './reply.ts';
import { say } from './say.ts';
import { ScoreChart } from './scoreChart.ts';
import type { Session } from './session.ts';
import { decodeSession, encodeSession, packProfile, unpackProfile } from './sessionCodec.ts';

const topics = Topic.options;

type PackedValue = string | number | boolean | null;

/**
 * A paragraph as stored: itself; `[entry id]` when it is exactly a fixed text of knowledge/;
 * `[entry id, '_']` when it is one in italics.
 */
type StoredParagraph = string | [string] | [string, '_'];

/** A text as stored: one paragraph, or `{ p }` its paragraphs when some are references. */
type StoredText = StoredParagraph | { p: StoredParagraph[] };

/**
 * One stored reply. Whatever knowledge/ can rebuild exactly is kept as a reference, because an
 * outbox waits in the person's session and the whole session should fit in 1 KiB:
 * - advice as what decides it — topic, profile and the topics answered before — because the
 *   rules are deterministic and a full answer card is several kilobytes (`A` keeps a whole card
 *   in the rare case the reference would not rebuild it exactly);
 * - a fact's question as the fact (`f`), the menu as `m`;
 * - the explanation `why` gives as the saved session it follows from (`w`);
 * - any fixed text (no placeholders filled in) as its entry id.
 * A reference is written only when it rebuilds the very same reply.
 */
type StoredReply =
  | ['t', StoredText]
  | ['t', StoredText, 'stale_choice' | 'not_applied']
  | ['q', string, StoredText, [string, StoredText][]]
  | ['f', string]
  | ['m']
  | ['w', string]
  | ['a', number, PackedValue[], number]
  | ['A', Advice]
  | ['c', ScoreChart, string];

/** What a knowledge base's replies can be rebuilt from, worked out once per knowledge base. */
interface References {
  /** Entry id of each fixed text, by the text. */
  entryOf: Map<string, string>;
  /** Each fact's question reply and the menu, as JSON, to compare a reply with. */
  questionJson: Map<string, string>;
  menuJson: string;
}

const referencesOf = new WeakMap<Knowledge, References>();

function references(kb: Knowledge): References {
  let found = referencesOf.get(kb);
  if (found) return found;
  const entryOf = new Map<string, string>();
  for (const id of kb.entries.keys()) {
    const text = say(kb, id);
    // A text with a placeholder left is only ever sent filled in, so never matches as it is.
    if (!/\{\w+\}/.test(text) && !entryOf.has(text)) entryOf.set(text, id);
  }
  const questionJson = new Map<string, string>();
  for (const [fact, question] of kb.questions)
    questionJson.set(fact, JSON.stringify(factQuestion(question, kb)));
  found = { entryOf, questionJson, menuJson: JSON.stringify(menuQuestion(kb)) };
  referencesOf.set(kb, found);
  return found;
}

// Texts are often fixed paragraphs joined with made-up ones (the welcome and its disclaimer,
// the profile summary and what reminders keep), so each paragraph is looked up on its own.
function packText(text: string, refs: References): StoredText {
  const whole = packParagraph(text, refs);
  if (typeof whole !== 'string' || !text.includes('\n\n')) return whole;
  const paragraphs = text.split('\n\n').map((p) => packParagraph(p, refs));
  return paragraphs.some((p) => typeof p !== 'string') ? { p: paragraphs } : text;
}

function packParagraph(text: string, refs: References): StoredParagraph {
  const id = refs.entryOf.get(text);
  if (id !== undefined) return [id];
  const italic =
    text.length > 2 && text.startsWith('_') && text.endsWith('_')
      ? refs.entryOf.get(text.slice(1, -1))
      : undefined;
  return italic === undefined ? text : [italic, '_'];
}

function unpackText(stored: StoredText, kb: Knowledge): string {
  if (typeof stored === 'object' && !Array.isArray(stored))
    return stored.p.map((p) => unpackParagraph(p, kb)).join('\n\n');
  return unpackParagraph(stored, kb);
}

function unpackParagraph(stored: StoredParagraph, kb: Knowledge): string {
  if (!Array.isArray(stored)) return String(stored);
  const text = say(kb, String(stored[0]));
  return stored[1] === '_' ? `_${text}_` : text;
}

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
  const refs = references(kb);
  const stored = replies.map((reply) => storedReply(reply, session, kb, refs));
  const why = explanationAt(replies, session, kb);
  if (why) stored.splice(why.at, why.length, ['w', encodeSession(why.from)]);
  return JSON.stringify(stored);
}

// The replies to `why` are the longest a turn gives (kilobytes), and all of them follow from the
// saved session: where they appear exactly as it rebuilds them, the session stands in for them.
function explanationAt(
  replies: readonly Reply[],
  session: Session | null,
  kb: Knowledge,
): { at: number; length: number; from: Session } | undefined {
  if (!session?.lastAnswer) return undefined;
  // Rebuilding costs a run of the rules, so only a text under the explanation's title is tried.
  const title = say(kb, 'dialogue.why.title');
  const at = replies.findIndex((r) => r.kind === 'text' && r.text.includes(title));
  if (at < 0) return undefined;
  // The undo stack and the state play no part in an explanation: kept out, the reference is
  // half the size. The comparison below proves the rest is enough.
  const from: Session = { ...session, state: { kind: 'menu' }, undo: [] };
  const explanation = explainLastAnswer(from, kb);
  const rebuilt = JSON.stringify(explanation);
  const length = explanation.length;
  for (let start = Math.max(0, at - 1); start <= at; start++) {
    if (JSON.stringify(replies.slice(start, start + length)) === rebuilt)
      return { at: start, length, from };
  }
  return undefined;
}

/**
 * The replies {@link encodeOutbox} stored; unreadable data gives none (never throws). A reply
 * whose reference knowledge/ no longer has (changed between saving and sending) is left out,
 * and the others still go.
 */
export function decodeOutbox(raw: string, kb: Knowledge): Reply[] {
  let stored: StoredReply[];
  try {
    stored = JSON.parse(raw) as StoredReply[];
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((item): Reply[] => {
    try {
      return decodeReply(item, kb);
    } catch {
      return [];
    }
  });
}

function decodeReply(item: StoredReply, kb: Knowledge): Reply[] {
  switch (item[0]) {
    case 't': {
      const text = unpackText(item[1], kb);
      return [item.length === 3 ? { kind: 'text', text, notice: item[2] } : { kind: 'text', text }];
    }
    case 'q':
      return [
        {
          kind: 'question',
          id: item[1],
          text: unpackText(item[2], kb),
          options: item[3].map(([id, label]) => ({ id, label: unpackText(label, kb) })),
        },
      ];
    case 'f': {
      const question = kb.questions.get(item[1] as FactName);
      return question ? [factQuestion(question, kb)] : [];
    }
    case 'm':
      return [menuQuestion(kb)];
    case 'w': {
      const session = decodeSession(String(item[1]));
      return session.notice === 'reset' ? [] : explainLastAnswer(session, kb);
    }
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
}

function storedReply(
  reply: Reply,
  session: Session | null,
  kb: Knowledge,
  refs: References,
): StoredReply {
  switch (reply.kind) {
    case 'text': {
      const text = packText(reply.text, refs);
      return reply.notice ? ['t', text, reply.notice] : ['t', text];
    }
    case 'question': {
      const json =
        reply.id === 'menu' || refs.questionJson.has(reply.id) ? JSON.stringify(reply) : '';
      if (json === refs.menuJson) return ['m'];
      if (json !== '' && json === refs.questionJson.get(reply.id)) return ['f', reply.id];
      return [
        'q',
        reply.id,
        packText(reply.text, refs),
        reply.options.map((o) => [o.id, packText(o.label, refs)]),
      ];
    }
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
