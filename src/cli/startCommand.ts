import { consolePerson, runConsoleChat } from '../bots/console/consoleChat.ts';
import { servePlatforms } from '../bots/servePlatforms.ts';
import { shutdownOnSignals } from '../serving/shutdown.ts';
import { consoleGoodbye, consoleIntro } from './chatCommand.ts';
import { openRuntime } from './runtime.ts';

/**
 * `trajectory start` (what `npm start` runs): serves the platforms whose tokens
 * are configured until SIGINT/SIGTERM (then shuts down in order, see
 * shutdownOnSignals), or opens the chat in the terminal when none is. Rejects when a platform gives up on its own (e.g. a revoked token).
 */
export async function startCommand(): Promise<void> {
  const runtime = openRuntime(process.env, { serving: true });
  const running = await servePlatforms(runtime).catch(async (error: unknown) => {
    await runtime.stores.close();
    throw error;
  });
  if (running) {
    runtime.log.info(
      { platforms: running.names, store: runtime.stores.kind, httpPort: running.httpPort },
      'trajectory is serving',
    );
    const shutdown = shutdownOnSignals({
      log: runtime.log,
      stop: () => running.stop(),
      describe: () => running.describe(),
    });
    // A platform giving up on its own (a revoked token) stops everything and rejects here.
    await Promise.race([running.done, shutdown.stopped]);
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
