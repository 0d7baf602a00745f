import { parseArgs } from 'node:util';
import { consolePerson, runConsoleChat, runJsonlChat } from '../bots/console/consoleChat.ts';
import { openRuntime } from './runtime.ts';
import { chatUsage } from './usage.ts';

export { chatUsage };

/**
 * `trajectory chat`: the advisor in the terminal; `--jsonl` reads one input per
 * line from stdin and writes each reply as one JSON line, for scripts.
 */
export async function chatCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { jsonl: { type: 'boolean', default: false }, person: { type: 'string' } },
  });
  const runtime = openRuntime();
  const person = consolePerson(values.person);
  const streams = { input: process.stdin, output: process.stdout };
  try {
    if (values.jsonl) await runJsonlChat(runtime.conversation, person, streams);
    else
      await runConsoleChat(runtime.conversation, person, streams, {
        intro: consoleIntro(runtime.stores.kind),
        goodbye: consoleGoodbye(runtime.stores.kind),
      });
  } finally {
    await runtime.stores.close();
  }
}

/** The goodbye, true to where the answers are: kept in Redis, gone with the memory store. */
export function consoleGoodbye(storeKind: 'redis' | 'memory'): string {
  return storeKind === 'redis'
    ? 'Take care. Your answers are kept for next time unless you said forget.'
    : 'Take care. This chat kept your answers in memory only, so they are gone now.';
}

/** The line that tells a newcomer where they are and how to reach the real channels. */
export function consoleIntro(storeKind: 'redis' | 'memory'): string {
  return [
    `Trajectory — terminal chat (${storeKind === 'redis' ? 'sessions in Redis' : 'in-memory sessions, gone when you quit'}).`,
    'To serve Telegram or Discord instead, set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN (see README). Type quit to leave.',
  ].join('\n');
}
