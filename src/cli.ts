import { adviseCommand, adviseUsage } from './cli/adviseCommand.ts';
import { UsageError } from './cli/usageError.ts';

const usage = `usage:
  ${adviseUsage}`;

/** Runs one `trajectory` command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'advise':
        write(adviseCommand(rest));
        return 0;
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
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`trajectory: ${(error as Error).message}\n`);
      return 2;
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
