import { createInterface } from 'node:readline';
import type { Conversation } from '../conversation.ts';
import { consoleInput, jsonlInput } from './consoleInput.ts';
import { jsonlReply } from './jsonlReply.ts';
import { type NumberedQuestion, renderConsole } from './renderConsole.ts';
import { wrapText } from './wrapText.ts';

/** Where the console chat reads and writes. */
export interface ConsoleStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** The person behind the terminal; one per machine user, so a Redis-backed chat resumes. */
export function consolePerson(user = process.env.USER ?? 'local'): string {
  return `console:${user}`;
}

/** What the console says around the conversation; the goodbye depends on the store in use. */
export interface ConsoleWords {
  intro?: string;
  goodbye?: string;
}

/**
 * The interactive chat: numbered choices, typed answers, one turn per line, wrapped
 * to the terminal's width. Resolves when input ends (Ctrl-D) or the person types
 * `quit` or `exit`.
 */
export async function runConsoleChat(
  conversation: Conversation,
  person: string,
  streams: ConsoleStreams,
  words: ConsoleWords = {},
): Promise<void> {
  const lines = createInterface({ input: streams.input, terminal: false });
  // Taken before the first await: piped lines that arrive while the welcome is still
  // on its way (a Redis round trip) would otherwise be dropped, and the chat would wait
  // forever for input that had already ended.
  const pending = lines[Symbol.asyncIterator]();
  const width = (streams.output as { columns?: number }).columns;
  const write = (text: string) => streams.output.write(`${wrapText(text, width)}\n`);
  if (words.intro) write(words.intro);
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
  for await (const line of { [Symbol.asyncIterator]: () => pending }) {
    if (/^\s*\/?(quit|exit)\s*$/i.test(line)) break;
    if (line.trim() === '') {
      streams.output.write('› ');
      continue;
    }
    await show(consoleInput(line, numbered));
  }
  write(`\n${words.goodbye ?? 'Take care.'}`);
  lines.close();
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
  // As in the interactive chat: no line may slip past before the loop starts.
  const pending = lines[Symbol.asyncIterator]();
  for await (const line of { [Symbol.asyncIterator]: () => pending }) {
    if (line.trim() === '') continue;
    for (const reply of await conversation.handle(person, jsonlInput(line))) {
      streams.output.write(`${jsonlReply(reply)}\n`);
    }
  }
}
