import type { Knowledge, Question } from '../knowledge/schema.ts';
import { Topic } from '../rules/advice.ts';
import { applicableCheckIns, checkInOffer, timeZoneQuestion } from './checkIns.ts';
import { nextFact } from './flow.ts';
import type { Reply } from './reply.ts';
import { say } from './say.ts';
import { profileWithLog, scoreValuePrompt } from './scoreDialogue.ts';
import type { Session } from './session.ts';
import { clarifyQuestion, intentLabel } from './understand/clarifying.ts';
import { countryQuestion, safetyCheckQuestion } from './understand/crisisSupport.ts';

/** The option id every question offers for "I'm not sure". */
export const unsureOption = 'unsure';

/** The question the person is currently expected to answer, shown again after a side step. */
export function currentPrompt(session: Session, kb: Knowledge): Reply[] {
  const state = session.state;
  switch (state.kind) {
    case 'asking':
      return [factQuestion(kb.questions.get(state.fact)!, kb)];
    case 'answered':
      return [nextQuestion(session, kb)];
    case 'confirm_forget':
      return [forgetPrompt(kb)];
    case 'ask_country':
      return [countryQuestion(kb)];
    case 'safety_check':
      return [safetyCheckQuestion(kb, session.country)];
    case 'clarifying':
      return [clarifyQuestion(kb, state.choices, 'understand.clarify')];
    case 'score_value':
      return [
        scoreValuePrompt(
          kb.practiceForms.find((f) => f.id === state.form),
          kb,
        ),
      ];
    case 'checkin_offer':
      return [checkInOffer(session.profile, kb)];
    case 'ask_time_zone':
      return [timeZoneQuestion(kb)];
    default:
      return [menuQuestion(kb)];
  }
}

/** A plain text reply. */
export function text(value: string): Reply {
  return { kind: 'text', text: value };
}

/** The question for one fact, with "I'm not sure" offered last. */
export function factQuestion(question: Question, kb: Knowledge): Reply {
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

/** The menu of decisions. */
export function menuQuestion(kb: Knowledge): Reply {
  return {
    kind: 'question',
    id: 'menu',
    text: say(kb, 'dialogue.menu'),
    options: Topic.options.map((t) => ({ id: t, label: say(kb, `dialogue.topic.${t}`) })),
  };
}

/** The menu as a question, so typed topic names and numbers parse like answers. */
export function menuAsQuestion(kb: Knowledge): Question {
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

/** A question reply's options as a question, so their labels parse like typed answers. */
export function optionsAsQuestion(reply: Reply): Question {
  const options = reply.kind === 'question' ? reply.options : [];
  return {
    fact: 'failedExam',
    label: 'options',
    text: 'options',
    options: options.map((o) => ({ id: o.id, label: o.label, value: o.id, synonyms: [] })),
  };
}

/** What to offer after an answer: why, sharpen it, the plan, another decision. */
export function nextQuestion(session: Session, kb: Knowledge): Reply {
  const state = session.state;
  const topic = state.kind === 'answered' ? state.topic : undefined;
  const options: { id: string; label: string }[] = [];
  // A second topic the person raised comes first: it is what they asked next.
  if (state.kind === 'answered' && state.also && state.also !== topic)
    options.push({
      id: state.also,
      label: say(kb, 'dialogue.next.also', { label: intentLabel(kb, state.also) }),
    });
  // Right after the plan, the check-ins along it are offered (the conversation says where they
  // can't be sent).
  if (topic === 'plan' && applicableCheckIns(session.profile).length > 0)
    options.push({ id: 'checkins', label: say(kb, 'checkins.offer_button') });
  options.push({ id: 'why', label: say(kb, 'dialogue.next.why') });
  if (topic && nextFact(topic, profileWithLog(session, kb), session.unsure, kb)) {
    options.push({ id: 'sharpen', label: say(kb, 'dialogue.next.sharpen') });
  }
  if (topic !== 'plan') options.push({ id: 'plan', label: say(kb, 'dialogue.next.plan') });
  options.push({ id: 'menu', label: say(kb, 'dialogue.next.menu') });
  return { kind: 'question', id: 'next', text: say(kb, 'dialogue.next'), options };
}

/** The forget confirmation as a question, so typed yes/no and their synonyms parse. */
export const forgetQuestion: Question = {
  fact: 'fearOfFailing',
  label: 'forget',
  text: 'forget',
  options: [
    { id: 'yes', label: 'yes', value: true, synonyms: ['delete', 'delete it'] },
    { id: 'no', label: 'no', value: false, synonyms: ['keep', 'keep it', 'cancel'] },
  ],
};

/** Asks to confirm deleting everything stored. */
export function forgetPrompt(kb: Knowledge): Reply {
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
