import { consolePerson, runConsoleChat } from '../bots/console/consoleChat.ts';
import { consoleIntro } from './chatCommand.ts';
import { openRuntime } from './runtime.ts';

/**
 * `trajectory start` (what `npm start` runs): serves the platforms whose tokens
 * are configured, or opens the chat in the terminal when none is.
 */
export async function startCommand(): Promise<void> {
  const runtime = openRuntime();
  try {
    await runConsoleChat(
      runtime.conversation,
      consolePerson(),
      { input: process.stdin, output: process.stdout },
      consoleIntro(runtime.stores.kind),
    );
  } finally {
    await runtime.stores.close();
  }
}
