import {
  adviseUsage,
  chatUsage,
  deployCommandsUsage,
  reviewKnowledgeUsage,
  routeUsage,
  trainUsage,
  workerUsage,
} from './cli/usage.ts';
import { UsageError } from './cli/usageError.ts';
import { ConfigError } from './config.ts';
import { KnowledgeError } from './knowledge/knowledgeError.ts';

// Each command's module is imported only when that command runs: `advise` and `route` never
// load discord.js, grammY or ioredis, which alone would take most of a cold start.

/** Errors that mean "fix your input or settings" (exit 2), by name so no platform module loads. */
const settingsErrors = new Set(['TelegramConfigError', 'DiscordConfigError']);

const startUsage =
  'trajectory start            serve Telegram/Discord if configured, else chat in the terminal';

/** Each command's own usage, printed by `trajectory <command> --help`. */
const commandUsage: Record<string, string> = {
  start: startUsage,
  chat: chatUsage,
  advise: adviseUsage,
  route: routeUsage,
  'deploy-commands': deployCommandsUsage,
  worker: workerUsage,
};

const usage = `usage:
  ${startUsage}
  ${chatUsage}
  ${adviseUsage}
  ${routeUsage}
  ${deployCommandsUsage}
  ${workerUsage}
  ${trainUsage}
  ${reviewKnowledgeUsage}`;

/** Runs one `trajectory` command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Asked before parsing, so `--help` works whatever else the command would demand.
  const own = command === undefined ? undefined : commandUsage[command];
  if (own && rest.some((a) => a === '--help' || a === '-h')) {
    write(`usage: ${own}`);
    return 0;
  }
  try {
    switch (command) {
      case 'start': {
        const { startCommand } = await import('./cli/startCommand.ts');
        await startCommand();
        return 0;
      }
      case 'chat': {
        const { chatCommand } = await import('./cli/chatCommand.ts');
        await chatCommand(rest);
        return 0;
      }
      case 'advise': {
        const { adviseCommand } = await import('./cli/adviseCommand.ts');
        write(adviseCommand(rest));
        return 0;
      }
      case 'route': {
        const { routeCommand, routeLines, wantsRouteLines } = await import('./cli/routeCommand.ts');
        if (wantsRouteLines(rest)) await routeLines(rest, process.stdin, process.stdout);
        else write(routeCommand(rest));
        return 0;
      }
      case 'train': {
        const { trainCommand } = await import('./cli/trainCommand.ts');
        const trained = trainCommand(rest);
        write(trained.text);
        return trained.ok ? 0 : 1;
      }
      case 'review-knowledge': {
        const { reviewKnowledgeCommand } = await import('./cli/reviewKnowledgeCommand.ts');
        write(reviewKnowledgeCommand(rest));
        return 0;
      }
      case 'deploy-commands': {
        const { deployCommandsCommand } = await import('./cli/deployCommandsCommand.ts');
        write(await deployCommandsCommand(rest));
        return 0;
      }
      case 'worker': {
        // Loaded only here: BullMQ and the platform clients are heavy for the other commands.
        const { workerCommand } = await import('./cli/workerCommand.ts');
        await workerCommand();
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
        write(usage);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"\n${usage}`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof KnowledgeError ||
      settingsErrors.has(nameOf(error)) ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`trajectory: ${(error as Error).message}\n`);
      return 2;
    }
    if (nameOf(error) === 'CommandDeployError') {
      process.stderr.write(`trajectory: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

// A closed pipe (`trajectory advise … | head`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
