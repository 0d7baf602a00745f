import { Topic } from '../rules/advice.ts';
import type { Profile } from '../rules/profile.ts';
import { normalizeAnswer } from './answerParsing.ts';
import { CommandName } from './input.ts';

/** What a free-text message means to the engine. */
export interface TextReading {
  /** A command or decision it asks for, a FAQ it matches, or nothing recognised. */
  intent:
    | { kind: 'command'; name: CommandName }
    | { kind: 'faq'; id: string }
    | { kind: 'unclear'; candidates: (Topic | string)[] }
    | { kind: 'none' };
  /** Profile facts stated in the message. */
  facts: Profile;
  /** Signs of distress or crisis in the message. */
  safety: 'none' | 'distress' | 'crisis';
}

const commandWords: Record<string, CommandName> = {
  start: 'start',
  hi: 'start',
  hello: 'start',
  menu: 'menu',
  help: 'help',
  back: 'back',
  undo: 'back',
  restart: 'restart',
  'start over': 'restart',
  why: 'why',
  plan: 'plan',
  profile: 'profile',
  forget: 'forget',
  'forget me': 'forget',
  retake: 'retake',
  statement: 'statement',
  step3: 'step3',
  'step 3': 'step3',
  cycles: 'cycles',
  outlook: 'outlook',
};

/** A typed message that is exactly a command word, with or without a leading slash. */
export function commandWord(text: string): CommandName | undefined {
  const word = normalizeAnswer(text.replace(/^\s*\//, '').replace(/@\w+$/, ''));
  const name = commandWords[word];
  return name ?? (CommandName.safeParse(word).success ? (word as CommandName) : undefined);
}

/** Reads free text outside a question: commands only, for now. */
export function readText(text: string): TextReading {
  const name = commandWord(text);
  return {
    intent: name ? { kind: 'command', name } : { kind: 'none' },
    facts: {},
    safety: 'none',
  };
}

/** Whether a command name is one of the decisions. */
export function isTopic(name: string): name is Topic {
  return Topic.safeParse(name).success;
}
