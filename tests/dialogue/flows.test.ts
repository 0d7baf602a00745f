import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import type { Input } from '../../src/dialogue/input.ts';
import { unsureOption } from '../../src/dialogue/prompts.ts';
import { freshSession, type Session } from '../../src/dialogue/session.ts';
import { Topic } from '../../src/rules/advice.ts';
import { kb } from './engineHarness.ts';

/** A state's identity for the reachability graph. */
function stateKey(session: Session | null): string {
  if (!session) return 'forgotten';
  const s = session.state;
  switch (s.kind) {
    case 'asking':
      return `asking:${s.topic}:${s.fact}`;
    case 'answered':
      return `answered:${s.topic}`;
    default:
      return s.kind;
  }
}

/** Every button the person could press in a session, plus `forget`. */
function possibleInputs(session: Session): Input[] {
  const s = session.state;
  if (s.kind === 'asking') {
    return [
      ...kb.questions
        .get(s.fact)!
        .options.map((o) => ({ kind: 'choice' as const, question: s.fact, option: o.id })),
      { kind: 'choice', question: s.fact, option: unsureOption },
    ];
  }
  if (s.kind === 'confirm_forget') return [{ kind: 'choice', question: 'forget', option: 'no' }];
  return [
    ...Topic.options.map((t) => ({ kind: 'choice' as const, question: 'menu', option: t })),
    { kind: 'choice', question: 'next', option: 'sharpen' },
    { kind: 'command', name: 'forget' },
  ];
}

/** The facts that flow conditions read: only they change which state comes next. */
const conditionFacts = [
  ...new Set(
    Object.values(kb.flows).flatMap((steps) =>
      steps.flatMap((s) => [...Object.keys(s.onlyIf ?? {}), ...Object.keys(s.skipIf ?? {})]),
    ),
  ),
] as (keyof Session['profile'])[];

/** Every state the flows declare. */
function declaredStates(): string[] {
  const states = ['menu', 'confirm_forget'];
  for (const topic of Topic.options) {
    states.push(`answered:${topic}`);
    for (const s of kb.flows[topic]) states.push(`asking:${topic}:${s.fact}`);
  }
  return states.sort();
}

describe('the flows', () => {
  it('reach every declared state from the welcome', () => {
    const seen = new Set<string>();
    const key = (session: Session) =>
      stateKey(session) +
      conditionFacts.map((f) => `${session.profile[f]}|${session.unsure.includes(f)}`).join();
    const first = step(freshSession(), { kind: 'text', text: 'hi' }, kb).session!;
    const queue: Session[] = [first];
    const visited = new Set<string>([key(first)]);
    const wanted = declaredStates();
    while (queue.length > 0 && !wanted.every((w) => seen.has(w))) {
      const session = queue.shift()!;
      seen.add(stateKey(session));
      for (const input of possibleInputs(session)) {
        const next = step(session, input, kb).session;
        if (!next || visited.has(key(next))) continue;
        visited.add(key(next));
        queue.push({ ...next, undo: [] });
      }
    }
    expect([...seen].filter((k) => k !== 'welcome').sort()).toEqual(declaredStates());
  });

  it('reach an answer from every question by answering "not sure" to the rest', () => {
    for (const topic of Topic.options) {
      for (const flowStep of kb.flows[topic]) {
        let session: Session = {
          ...freshSession(),
          state: { kind: 'asking', topic, fact: flowStep.fact },
        };
        for (let i = 0; i < kb.flows[topic].length + 1 && session.state.kind === 'asking'; i++) {
          const fact = session.state.fact;
          session = step(session, { kind: 'choice', question: fact, option: unsureOption }, kb)
            .session!;
        }
        expect(session.state, `${topic} from ${flowStep.fact}`).toEqual({
          kind: 'answered',
          topic,
        });
      }
    }
  });

  it('reach an answer from every question whatever is answered', () => {
    for (const topic of Topic.options) {
      for (const optionIndex of [0, 1, 2, 3]) {
        let session: Session = step(freshSession(), { kind: 'command', name: topic }, kb).session!;
        for (let i = 0; i < 30 && session.state.kind === 'asking'; i++) {
          const q = kb.questions.get(session.state.fact)!;
          const option = q.options[Math.min(optionIndex, q.options.length - 1)]!;
          session = step(session, { kind: 'choice', question: q.fact, option: option.id }, kb)
            .session!;
        }
        expect(session.state.kind).toBe('answered');
      }
    }
  });

  it('never ask a fact twice, across decisions', () => {
    let session: Session = freshSession();
    const asked: string[] = [];
    for (const topic of Topic.options) {
      session = step(session, { kind: 'command', name: topic }, kb).session!;
      for (let i = 0; i < 30 && session.state.kind === 'asking'; i++) {
        const fact = session.state.fact;
        asked.push(fact);
        session = step(session, { kind: 'choice', question: fact, option: unsureOption }, kb)
          .session!;
      }
    }
    expect(new Set(asked).size).toBe(asked.length);
  });
});
