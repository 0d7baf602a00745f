import type { Input } from '../../dialogue/input.ts';
import type { NumberedQuestion } from './renderConsole.ts';

/**
 * Turns a line typed in the terminal into an input: a number picks the numbered
 * choice on screen, `/name` is a command, anything else is text for the engine.
 */
export function consoleInput(line: string, numbered: NumberedQuestion | undefined): Input {
  const trimmed = line.trim();
  if (numbered && /^\d{1,2}$/.test(trimmed)) {
    const option = numbered.optionIds[Number(trimmed) - 1];
    if (option) return { kind: 'choice', question: numbered.id, option };
  }
  const command = /^\/([a-z0-9_]{1,32})(?:\s+(.*))?$/i.exec(trimmed);
  if (command)
    return {
      kind: 'command',
      name: command[1]!.toLowerCase(),
      ...(command[2] ? { args: command[2] } : {}),
    };
  return { kind: 'text', text: line };
}

/**
 * Reads one line of `chat --jsonl` input: a JSON object is an Input as it stands
 * (validated later), `/name` a command, anything else text.
 */
export function jsonlInput(line: string): unknown {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return { kind: 'text', text: line };
    }
  }
  return consoleInput(line, undefined);
}
