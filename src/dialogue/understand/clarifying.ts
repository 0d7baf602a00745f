import {
  intentChoiceId,
  type Knowledge,
  otherChoiceId,
  type Question,
} from '../../knowledge/schema.ts';
import { parseAnswer } from '../answerParsing.ts';
import type { Reply } from '../reply.ts';
import { say } from '../say.ts';

/** The question id of "did you mean…?" and of the decisions offered after a FAQ. */
export const clarifyQuestionId = 'clarify';

/** How an intent is offered as a choice: its label from intents.yaml. */
export function intentLabel(kb: Knowledge, id: string): string {
  return kb.intents.find((i) => i.id === id)?.label ?? id;
}

/** The intent a clarifying button stands for, `other` for "something else", or undefined. */
export function intentOfChoice(kb: Knowledge, option: string): string | undefined {
  if (option === otherChoiceId) return otherChoiceId;
  return kb.intents.find((i) => intentChoiceId(i.id) === option)?.id;
}

/** A question offering intents as choices, plus "something else" (which opens the menu). */
export function clarifyQuestion(kb: Knowledge, choices: readonly string[], textId: string): Reply {
  return {
    kind: 'question',
    id: clarifyQuestionId,
    text: say(kb, textId),
    options: [
      ...choices.map((c) => ({ id: intentChoiceId(c), label: intentLabel(kb, c) })),
      { id: otherChoiceId, label: say(kb, 'understand.clarify.other') },
    ],
  };
}

/**
 * A typed reply to a clarifying question: an option's number or words, or "something
 * else". Undefined when the reply is about something new, which is then read afresh.
 */
export function readClarifyReply(
  kb: Knowledge,
  choices: readonly string[],
  said: string,
): string | undefined {
  const asQuestion: Question = {
    fact: 'failedExam',
    label: clarifyQuestionId,
    text: clarifyQuestionId,
    options: [
      ...choices.map((c) => ({
        id: intentChoiceId(c),
        label: intentLabel(kb, c),
        value: c,
        synonyms: [],
      })),
      {
        id: otherChoiceId,
        label: say(kb, 'understand.clarify.other'),
        value: otherChoiceId,
        synonyms: ['neither', 'none', 'none of them', 'something else', 'other', 'no'],
      },
    ],
  };
  const answer = parseAnswer(asQuestion, said);
  return answer.kind === 'value' ? String(answer.value) : undefined;
}
