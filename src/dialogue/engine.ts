import type { Knowledge, Question } from '../knowledge/schema.ts';
import { Topic } from '../rules/advice.ts';
import { advise } from '../rules/advise.ts';
import type { FactName } from '../rules/profile.ts';
import { parseAnswer } from './answerParsing.ts';
import { describeFacts, describeProfile, factLabel } from './factDisplay.ts';
import { nextFact } from './flow.ts';
import { CommandName, type Input, maxTextLength } from './input.ts';
import { quoteUserText } from './markup.ts';
import type { Reply } from './reply.ts';
import { say } from './say.ts';
import { type BaseState, freshSession, type Session, undoDepth } from './session.ts';
import { isTopic, readText } from './textReading.ts';

/** The outcome of one turn. A `null` session means: delete everything stored about the person. */
export interface StepResult {
  session: Session | null;
  replies: Reply[];
}

/** The option id every question offers for "I'm not sure". */
export const unsureOption = 'unsure';

/**
 * One turn of the conversation: pure and deterministic, so a store may re-run it
 * on a version conflict. Never throws for a schema-valid input; anything it can't
 * use gets a reply saying what it expected and leaves the session as it was.
 */
export function step(session: Session, input: Input, kb: Knowledge): StepResult {
  const replies: Reply[] = [];
  let current = session;
  if (current.notice === 'reset') {
    replies.push(text(say(kb, 'dialogue.session_reset')));
    const { notice: _notice, ...rest } = current;
    current = rest;
  }
  if (current.state.kind === 'welcome') {
    replies.push(text(`${say(kb, 'dialogue.welcome')}\n\n_${say(kb, 'dialogue.disclaimer')}_`));
    current = { ...current, state: { kind: 'menu' } };
    const command = asCommand(input);
    if (
      (command === undefined && input.kind !== 'facts') ||
      command === 'start' ||
      command === 'menu'
    ) {
      if (input.kind === 'choice' && input.question === 'menu')
        return merge(replies, turn(current, input, kb));
      return { session: current, replies: [...replies, menuQuestion(kb)] };
    }
  }
  return merge(replies, turn(current, input, kb));
}

function merge(before: Reply[], result: StepResult): StepResult {
  return { session: result.session, replies: [...before, ...result.replies] };
}

function asCommand(input: Input): CommandName | undefined {
  if (input.kind === 'command') {
    const parsed = CommandName.safeParse(input.name.toLowerCase());
    return parsed.success ? parsed.data : undefined;
  }
  if (input.kind === 'text') {
    const reading = readText(input.text.slice(0, maxTextLength));
    return reading.intent.kind === 'command' ? reading.intent.name : undefined;
  }
  return undefined;
}

function turn(session: Session, input: Input, kb: Knowledge): StepResult {
  switch (input.kind) {
    case 'command': {
      const name = CommandName.safeParse(input.name.toLowerCase());
      if (!name.success) return unchanged(session, kb, say(kb, 'dialogue.unknown_command'));
      return command(session, name.data, kb);
    }
    case 'choice':
      return choice(session, input.question, input.option, kb);
    case 'text':
      return typed(session, input.text.slice(0, maxTextLength), kb);
    case 'facts':
      return enter(
        {
          ...session,
          profile: { ...session.profile, ...input.facts },
          unsure: session.unsure.filter((f) => input.facts[f] === undefined),
        },
        input.topic,
        kb,
      );
  }
}

function typed(session: Session, said: string, kb: Knowledge): StepResult {
  const state = session.state;
  if (state.kind === 'confirm_forget') {
    const answer = parseAnswer(forgetQuestion, said);
    if (answer.kind === 'value') return choice(session, 'forget', answer.value ? 'yes' : 'no', kb);
  }
  const reading = readText(said);
  if (reading.intent.kind === 'command') return command(session, reading.intent.name, kb);
  if (state.kind === 'asking') {
    const question = kb.questions.get(state.fact)!;
    const answer = parseAnswer(question, said);
    if (answer.kind === 'unsure') return answered(session, state.topic, state.fact, undefined, kb);
    if (answer.kind === 'value')
      return answered(session, state.topic, state.fact, answer.value, kb);
    const quoted = quoteUserText(said);
    const reprompt =
      answer.expected === 'number'
        ? say(kb, 'dialogue.reprompt.number', {
            said: quoted,
            min: question.number!.min,
            max: question.number!.max,
          })
        : answer.expected === 'yes_no'
          ? say(kb, 'dialogue.reprompt.yes_no', { said: quoted })
          : say(kb, 'dialogue.reprompt.options', {
              said: quoted,
              count: question.options.length + 1,
            });
    return unchanged(session, kb, reprompt);
  }
  if (state.kind === 'menu') {
    const topic = parseAnswer(menuAsQuestion(kb), said);
    if (topic.kind === 'value') return enter(session, topic.value as Topic, kb);
  }
  if (state.kind === 'confirm_forget')
    return unchanged(session, kb, say(kb, 'dialogue.reprompt.yes_no'));
  return {
    session: { ...session, state: { kind: 'menu' } },
    replies: [text(say(kb, 'dialogue.not_understood')), menuQuestion(kb)],
  };
}

function command(session: Session, name: CommandName, kb: Knowledge): StepResult {
  const resumeState =
    session.state.kind === 'confirm_forget' ? session.state.resume : session.state;
  const base = { ...session, state: resumeState };
  switch (name) {
    case 'start':
    case 'menu':
      return { session: { ...base, state: { kind: 'menu' } }, replies: [menuQuestion(kb)] };
    case 'help':
      return {
        session: base,
        replies: [text(say(kb, 'dialogue.help')), ...currentPrompt(base, kb)],
      };
    case 'back':
      return undo(base, kb);
    case 'restart':
      return {
        session: { ...freshSession(), state: { kind: 'menu' } },
        replies: [text(say(kb, 'dialogue.restarted')), menuQuestion(kb)],
      };
    case 'why':
      return { session: base, replies: [...why(base, kb), ...currentPrompt(base, kb)] };
    case 'plan':
      return answer({ ...base }, 'plan', kb, say(kb, 'dialogue.plan_so_far'));
    case 'profile': {
      const lines = describeProfile(base.profile, base.unsure, kb);
      const shown =
        lines.length === 0
          ? say(kb, 'dialogue.profile.empty')
          : `${say(kb, 'dialogue.profile.title')}\n${lines.map((l) => `• ${l}`).join('\n')}`;
      return { session: base, replies: [text(shown), ...currentPrompt(base, kb)] };
    }
    case 'forget':
      return {
        session: { ...base, state: { kind: 'confirm_forget', resume: resumeState } },
        replies: [forgetPrompt(kb)],
      };
    default:
      return enter(base, name, kb);
  }
}

function choice(session: Session, question: string, option: string, kb: Knowledge): StepResult {
  const state = session.state;
  if (question === 'forget' && state.kind === 'confirm_forget') {
    if (option === 'yes')
      return { session: null, replies: [text(say(kb, 'dialogue.forget.done'))] };
    if (option === 'no') {
      const resumed = { ...session, state: state.resume };
      return {
        session: resumed,
        replies: [text(say(kb, 'dialogue.forget.cancelled')), ...currentPrompt(resumed, kb)],
      };
    }
  }
  if (question === 'menu' && isTopic(option)) {
    return enter({ ...session, state: baseOf(state) }, option, kb);
  }
  if (question === 'next') {
    const base = { ...session, state: baseOf(state) };
    if (option === 'why' || option === 'plan' || option === 'menu')
      return command(base, option, kb);
    if (option === 'sharpen' && base.lastAnswer) return enter(base, base.lastAnswer.topic, kb);
  }
  if (state.kind === 'asking' && question === state.fact) {
    const q = kb.questions.get(state.fact)!;
    if (option === unsureOption) return answered(session, state.topic, state.fact, undefined, kb);
    const picked = q.options.find((o) => o.id === option);
    if (picked) return answered(session, state.topic, state.fact, picked.value, kb);
  }
  return unchanged(session, kb, say(kb, 'dialogue.stale_button'));
}

function baseOf(state: Session['state']): BaseState {
  return state.kind === 'confirm_forget' ? state.resume : state;
}

/** Records an answer (undefined = "not sure") and moves to the next question or the answer. */
function answered(
  session: Session,
  topic: Topic,
  fact: FactName,
  value: string | number | boolean | undefined,
  kb: Knowledge,
): StepResult {
  const previous = session.profile[fact];
  const entry = {
    topic,
    fact,
    wasUnsure: session.unsure.includes(fact),
    ...(previous !== undefined ? { previous } : {}),
  };
  const profile = { ...session.profile };
  if (value === undefined) delete profile[fact];
  else (profile as Record<string, unknown>)[fact] = value;
  const unsure =
    value === undefined
      ? [...session.unsure.filter((f) => f !== fact), fact]
      : session.unsure.filter((f) => f !== fact);
  const next = {
    ...session,
    profile,
    unsure,
    undo: [...session.undo, entry].slice(-undoDepth),
  };
  return enter(next, topic, kb);
}

/** Enters a decision: asks its next missing fact, or answers when none is left. */
function enter(session: Session, topic: Topic, kb: Knowledge): StepResult {
  const fact = nextFact(topic, session.profile, session.unsure, kb);
  if (fact === undefined) return answer(session, topic, kb);
  return {
    session: { ...session, state: { kind: 'asking', topic, fact } },
    replies: [factQuestion(kb.questions.get(fact)!, kb)],
  };
}

function answer(session: Session, topic: Topic, kb: Knowledge, intro?: string): StepResult {
  const advice = advise(topic, session.profile, kb);
  const replies: Reply[] = [];
  if (intro) replies.push(text(intro));
  replies.push({ kind: 'advice', advice });
  if (advice.assumptions.some((a) => session.unsure.includes(a.fact))) {
    replies.push(text(say(kb, 'dialogue.assumed_note')));
  }
  const next: Session = {
    ...session,
    state: { kind: 'answered', topic },
    lastAnswer: { topic, verdict: advice.verdict },
  };
  replies.push(nextQuestion(next, kb));
  return { session: next, replies };
}

function undo(session: Session, kb: Knowledge): StepResult {
  const last = session.undo.at(-1);
  if (!last)
    return {
      session,
      replies: [text(say(kb, 'dialogue.nothing_to_undo')), ...currentPrompt(session, kb)],
    };
  const profile = { ...session.profile };
  if (last.previous === undefined) delete profile[last.fact];
  else (profile as Record<string, unknown>)[last.fact] = last.previous;
  const unsure = last.wasUnsure
    ? [...session.unsure.filter((f) => f !== last.fact), last.fact]
    : session.unsure.filter((f) => f !== last.fact);
  const restored: Session = {
    ...session,
    profile,
    unsure,
    undo: session.undo.slice(0, -1),
    state: { kind: 'asking', topic: last.topic, fact: last.fact },
  };
  return {
    session: restored,
    replies: [
      text(say(kb, 'dialogue.undone', { label: factLabel(last.fact, kb) })),
      factQuestion(kb.questions.get(last.fact)!, kb),
    ],
  };
}

function why(session: Session, kb: Knowledge): Reply[] {
  const last = session.lastAnswer;
  if (!last) return [text(say(kb, 'dialogue.why.none'))];
  const advice = advise(last.topic, session.profile, kb);
  const lines = advice.reasons.map((r) => {
    const facts = describeFacts(r.facts, kb);
    return `• ${r.text}\n  _(${facts.length > 0 ? facts.join('; ') : say(kb, 'dialogue.why.no_facts')} — ${sourceTitle(r.source, kb)})_`;
  });
  const replies: Reply[] = [];
  if (advice.verdict !== last.verdict) replies.push(text(say(kb, 'dialogue.why.changed')));
  replies.push(text(`${advice.headline}\n\n${say(kb, 'dialogue.why.title')}\n${lines.join('\n')}`));
  return replies;
}

function sourceTitle(id: string, kb: Knowledge): string {
  const source = kb.sources.get(id);
  return source ? source.publisher : id;
}

/** The question the person is currently expected to answer, shown again after a side step. */
function currentPrompt(session: Session, kb: Knowledge): Reply[] {
  const state = session.state;
  switch (state.kind) {
    case 'asking':
      return [factQuestion(kb.questions.get(state.fact)!, kb)];
    case 'answered':
      return [nextQuestion(session, kb)];
    case 'confirm_forget':
      return [forgetPrompt(kb)];
    default:
      return [menuQuestion(kb)];
  }
}

function unchanged(session: Session, kb: Knowledge, notice: string): StepResult {
  return { session, replies: [text(notice), ...currentPrompt(session, kb)] };
}

function text(value: string): Reply {
  return { kind: 'text', text: value };
}

function factQuestion(question: Question, kb: Knowledge): Reply {
  return {
    kind: 'question',
    id: question.fact,
    text: question.text,
    options: [
      ...question.options.map((o) => ({ id: o.id, label: o.label })),
      { id: unsureOption, label: say(kb, 'dialogue.not_sure') },
    ],
  };
}

function menuQuestion(kb: Knowledge): Reply {
  return {
    kind: 'question',
    id: 'menu',
    text: say(kb, 'dialogue.menu'),
    options: Topic.options.map((t) => ({ id: t, label: say(kb, `dialogue.topic.${t}`) })),
  };
}

/** The menu as a question, so typed topic names and numbers parse like answers. */
function menuAsQuestion(kb: Knowledge): Question {
  return {
    fact: 'failedExam',
    label: 'menu',
    text: say(kb, 'dialogue.menu'),
    options: Topic.options.map((t) => ({
      id: t,
      label: say(kb, `dialogue.topic.${t}`),
      value: t,
      synonyms: [t],
    })),
  };
}

function nextQuestion(session: Session, kb: Knowledge): Reply {
  const topic = session.state.kind === 'answered' ? session.state.topic : undefined;
  const options = [{ id: 'why', label: say(kb, 'dialogue.next.why') }];
  if (topic && nextFact(topic, session.profile, session.unsure, kb)) {
    options.push({ id: 'sharpen', label: say(kb, 'dialogue.next.sharpen') });
  }
  if (topic !== 'plan') options.push({ id: 'plan', label: say(kb, 'dialogue.next.plan') });
  options.push({ id: 'menu', label: say(kb, 'dialogue.next.menu') });
  return { kind: 'question', id: 'next', text: say(kb, 'dialogue.next'), options };
}

const forgetQuestion: Question = {
  fact: 'fearOfFailing',
  label: 'forget',
  text: 'forget',
  options: [
    { id: 'yes', label: 'yes', value: true, synonyms: ['delete', 'delete it'] },
    { id: 'no', label: 'no', value: false, synonyms: ['keep', 'keep it', 'cancel'] },
  ],
};

function forgetPrompt(kb: Knowledge): Reply {
  return {
    kind: 'question',
    id: 'forget',
    text: say(kb, 'dialogue.forget.confirm'),
    options: [
      { id: 'yes', label: say(kb, 'dialogue.forget.yes') },
      { id: 'no', label: say(kb, 'dialogue.forget.no') },
    ],
  };
}
