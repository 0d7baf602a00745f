import { CommandDeployError } from './bots/discord/deployCommands.ts';
import { DiscordConfigError } from './bots/discord/discordBot.ts';
import { TelegramConfigError } from './bots/telegram/telegramBot.ts';
import { adviseCommand, adviseUsage } from './cli/adviseCommand.ts';
import { chatCommand, chatUsage } from './cli/chatCommand.ts';
import { deployCommandsCommand, deployCommandsUsage } from './cli/deployCommandsCommand.ts';
import { reviewKnowledgeCommand, reviewKnowledgeUsage } from './cli/reviewKnowledgeCommand.ts';
import { routeCommand, routeLines, routeUsage, wantsRouteLines } from './cli/routeCommand.ts';
import { startCommand } from './cli/startCommand.ts';
import { trainCommand, trainUsage } from './cli/trainCommand.ts';
import { UsageError } from './cli/usageError.ts';
import { ConfigError } from './config.ts';
import { KnowledgeError } from './knowledge/knowledgeError.ts';

const workerUsage =
  'trajectory worker           deliver reminders apart from the bot (REDIS_URL, REMINDER_KEY, a token)';

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
      case 'start':
        await startCommand();
        return 0;
      case 'chat':
        await chatCommand(rest);
        return 0;
      case 'advise':
        write(adviseCommand(rest));
        return 0;
      case 'route':
        if (wantsRouteLines(rest)) await routeLines(rest, process.stdin, process.stdout);
        else write(routeCommand(rest));
        return 0;
      case 'train': {
        const trained = trainCommand(rest);
        write(trained.text);
        return trained.ok ? 0 : 1;
      }
      case 'review-knowledge':
        write(reviewKnowledgeCommand(rest));
        return 0;
      case 'deploy-commands':
        write(await deployCommandsCommand(rest));
        return 0;
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
      error instanceof TelegramConfigError ||
      error instanceof DiscordConfigError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`trajectory: ${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof CommandDeployError) {
      process.stderr.write(`trajectory: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
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
