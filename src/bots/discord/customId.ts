import { CommandName } from '../../dialogue/input.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import { Topic } from '../../rules/advice.ts';
import { FactName, Profile } from '../../rules/profile.ts';

/** Discord refuses a component whose `custom_id` is longer than this. */
export const maxCustomIdLength = 100;

// Question ids are fact names, `menu`, `next`, `forget` or whatever a later flow adds; option ids
// are short words. Dots and dashes are allowed so knowledge-style ids (`faq.attempts`) fit too.
const idPattern = '[A-Za-z0-9_.-]{1,48}';
const choicePattern = new RegExp(`^q:(${idPattern}):(${idPattern})$`);
const selectPattern = new RegExp(`^s:(${idPattern})(?::([0-4]))?$`);
const commandPattern = /^c:([a-z0-9]{1,24})$/;
const factsPattern = /^f:([a-z0-9]{1,24}):((?:[0-9a-z]{2}){0,36})$/;
const optionValue = new RegExp(`^${idPattern}$`);

/** What pressing a component of this bot asks for, once its `custom_id` is read and checked. */
export type ComponentAction =
  /** An option of a question (a button, or a pick from a select menu). */
  | { kind: 'choice'; question: string; option: string }
  /** A command, e.g. "start" from the button under a channel reply. */
  | { kind: 'command'; name: CommandName }
  /** Continue a quick answer as a guided flow, with the facts its options gave. */
  | { kind: 'facts'; topic: Topic; facts: Profile };

/** An id that can't be packed into a `custom_id`: a content bug, not something a person did. */
export class CustomIdError extends Error {
  override readonly name = 'CustomIdError';

  /** @param problem what is wrong, naming the offending id */
  constructor(readonly problem: string) {
    super(`cannot encode a component id: ${problem}`);
  }
}

/** The `custom_id` of the button for option `option` of question `question`: `q:<question>:<option>`. */
export function choiceId(question: string, option: string): string {
  checkId('question', question);
  checkId('option', option);
  return `q:${question}:${option}`;
}

/**
 * The `custom_id` of a select menu for a question (`s:<question>`); its option values are the
 * option ids. A question with more options than one menu holds gets one menu per `page`.
 */
export function selectId(question: string, page?: number): string {
  checkId('question', question);
  if (page !== undefined && !(Number.isInteger(page) && page >= 0 && page <= 4))
    throw new CustomIdError(`select page ${page} is not 0–4`);
  return page === undefined ? `s:${question}` : `s:${question}:${page}`;
}

/** The `custom_id` of a button that runs a command: `c:<command>`. */
export function commandId(name: CommandName): string {
  return `c:${name}`;
}

/**
 * The `custom_id` of the button that continues a quick answer as a guided flow:
 * `f:<topic>:<pairs>`, two base-36 characters per fact — the fact's place in the profile schema
 * and the place of its value among the question's options. The facts come from slash-command
 * choices, which are exactly those options, so all 30 facts fit in 69 characters (36 would fit).
 */
export function factsId(topic: Topic, facts: Profile, kb: Knowledge): string {
  let pairs = '';
  FactName.options.forEach((fact, index) => {
    const value = facts[fact];
    if (value === undefined) return;
    const options = kb.questions.get(fact)?.options ?? [];
    const position = options.findIndex((o) => o.value === value);
    if (position < 0 || position >= 36)
      throw new CustomIdError(`${fact}=${String(value)} is not one of its question's options`);
    pairs += index.toString(36) + position.toString(36);
  });
  return `f:${topic}:${pairs}`;
}

/**
 * Reads a pressed component: its `custom_id` and, for a select menu, the picked values. Anything
 * this bot could not have sent — another shape, an id outside the alphabet, an unknown command
 * or topic, facts that don't decode to a valid profile, several values — gives undefined, so a
 * forged or garbled component never reaches the engine.
 */
export function readComponent(
  customId: string,
  values: readonly string[] | undefined,
  kb: Knowledge,
): ComponentAction | undefined {
  if (customId.length > maxCustomIdLength) return undefined;
  if (values !== undefined) {
    const select = selectPattern.exec(customId);
    const [value] = values;
    if (!select?.[1] || values.length !== 1 || value === undefined || !optionValue.test(value))
      return undefined;
    return { kind: 'choice', question: select[1], option: value };
  }
  const choice = choicePattern.exec(customId);
  if (choice?.[1] && choice[2]) return { kind: 'choice', question: choice[1], option: choice[2] };
  const command = commandPattern.exec(customId);
  if (command) {
    const name = CommandName.safeParse(command[1]);
    return name.success ? { kind: 'command', name: name.data } : undefined;
  }
  const facts = factsPattern.exec(customId);
  if (facts) {
    const topic = Topic.safeParse(facts[1]);
    const profile = decodeFacts(facts[2] ?? '', kb);
    return topic.success && profile
      ? { kind: 'facts', topic: topic.data, facts: profile }
      : undefined;
  }
  return undefined;
}

function decodeFacts(pairs: string, kb: Knowledge): Profile | undefined {
  const facts: Record<string, unknown> = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const fact = FactName.options[Number.parseInt(pairs.charAt(i), 36)];
    if (fact === undefined || fact in facts) return undefined;
    const option = kb.questions.get(fact)?.options[Number.parseInt(pairs.charAt(i + 1), 36)];
    if (!option) return undefined;
    facts[fact] = option.value;
  }
  const profile = Profile.safeParse(facts);
  return profile.success ? profile.data : undefined;
}

function checkId(field: 'question' | 'option', id: string): void {
  if (!optionValue.test(id))
    throw new CustomIdError(`${field} id "${id}" must be 1–48 of A-Z a-z 0-9 _ . -`);
}
