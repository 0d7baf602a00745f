import { consolePerson, runConsoleChat } from '../bots/console/consoleChat.ts';
import { servePlatforms } from '../bots/servePlatforms.ts';
import { consoleGoodbye, consoleIntro } from './chatCommand.ts';
import { openRuntime } from './runtime.ts';

/**
 * `trajectory start` (what `npm start` runs): serves the platforms whose tokens
 * are configured until SIGINT/SIGTERM, or opens the chat in the terminal when
 * none is. Rejects when a platform gives up on its own (e.g. a revoked token).
 */
export async function startCommand(): Promise<void> {
  const runtime = openRuntime();
  const running = await servePlatforms(runtime).catch(async (error: unknown) => {
    await runtime.stores.close();
    throw error;
  });
  if (running) {
    runtime.log.info(
      { platforms: running.names, store: runtime.stores.kind },
      'trajectory is serving',
    );
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => void running.stop());
    await running.done;
    await running.stop();
    return;
  }
  try {
    await runConsoleChat(
      runtime.conversation,
      consolePerson(),
      { input: process.stdin, output: process.stdout },
      { intro: consoleIntro(runtime.stores.kind), goodbye: consoleGoodbye(runtime.stores.kind) },
    );
  } finally {
    await runtime.stores.close();
  }
}
