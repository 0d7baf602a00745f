import { type Input, maxTextLength } from '../../dialogue/input.ts';
import type { PersonKey } from '../../store/sessionStore.ts';
import type { ComponentAction } from './customId.ts';

/**
 * The person key the store uses for a Discord user. Sessions are per user, not per channel, so
 * a flow started with a slash command in a server continues in a DM and the other way round.
 */
export function discordPersonKey(userId: string): PersonKey {
  return `discord:${userId}`;
}

/** A pressed component, already read and checked, as engine input. */
export function inputFromComponent(action: ComponentAction): Input {
  switch (action.kind) {
    case 'choice':
      return { kind: 'choice', question: action.question, option: action.option };
    case 'command':
      return { kind: 'command', name: action.name };
    case 'facts':
      return { kind: 'facts', facts: action.facts, topic: action.topic };
  }
}

/** A direct message as engine input; the engine reads commands typed as words or `/retake`. */
export function inputFromText(text: string): Input {
  return { kind: 'text', text: text.slice(0, maxTextLength) };
}
