import { createInterface } from 'node:readline';
import type { Conversation } from '../conversation.ts';
import { consoleInput, jsonlInput } from './consoleInput.ts';
import { jsonlReply } from './jsonlReply.ts';
import { type NumberedQuestion, renderConsole } from './renderConsole.ts';

/** Where the console chat reads and writes. */
export interface ConsoleStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** The person behind the terminal; one per machine user, so a Redis-backed chat resumes. */
export function consolePerson(user = process.env.USER ?? 'local'): string {
  return `console:${user}`;
}

/**
 * The interactive chat: numbered choices, typed answers, one turn per line.
 * Resolves when input ends (Ctrl-D) or the person types `quit`.
 */
export async function runConsoleChat(
  conversation: Conversation,
  person: string,
  streams: ConsoleStreams,
  intro?: string,
): Promise<void> {
  const lines = createInterface({ input: streams.input, terminal: false });
  const write = (text: string) => streams.output.write(`${text}\n`);
  if (intro) write(intro);
  let numbered: NumberedQuestion | undefined;
  const show = async (input: unknown) => {
    const rendered = renderConsole(
      await conversation.handle(person, input),
      conversation.knowledge,
    );
    numbered = rendered.numbered;
    write(`\n${rendered.text}\n`);
    streams.output.write('› ');
  };
  await show({ kind: 'command', name: 'start' });
  for await (const line of lines) {
    if (/^\s*(quit|exit)\s*$/i.test(line)) break;
    if (line.trim() === '') {
      streams.output.write('› ');
      continue;
    }
    await show(consoleInput(line, numbered));
  }
  write('\nTake care. Your answers are kept for next time unless you said forget.');
}

/**
 * The scripted chat behind `trajectory chat --jsonl`: one input per line in, each
 * reply as one JSON line out, nothing else on stdout.
 */
export async function runJsonlChat(
  conversation: Conversation,
  person: string,
  streams: ConsoleStreams,
): Promise<void> {
  const lines = createInterface({ input: streams.input, terminal: false });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    for (const reply of await conversation.handle(person, jsonlInput(line))) {
      streams.output.write(`${jsonlReply(reply)}\n`);
    }
  }
}
