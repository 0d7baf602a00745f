// Every command's usage line, apart from the commands themselves, so `trajectory --help` and
// the dispatcher in cli.ts load none of the modules (and platform libraries) behind them.
import { Topic } from '../rules/advice.ts';

/** How `trajectory advise` is called. */
export const adviseUsage = `trajectory advise <${Topic.options.join('|')}> --profile FILE [--json]`;

/** How `trajectory chat` is called. */
export const chatUsage = 'trajectory chat [--jsonl] [--person NAME]';

/** How `trajectory deploy-commands` is called. */
export const deployCommandsUsage = 'trajectory deploy-commands [--guild ID | --global] [--dry-run]';

/** How `trajectory review-knowledge` is called. */
export const reviewKnowledgeUsage =
  'trajectory review-knowledge [--today YYYY-MM] [--months 12] [--knowledge DIR]';

/** How `trajectory route` is called. */
export const routeUsage =
  'trajectory route "<text>" [--json] | trajectory route --jsonl < messages.txt';

/** How `trajectory train` is called. */
export const trainUsage = 'trajectory train [--check]';

/** `trajectory worker`: the reminder worker on its own. */
export const workerUsage =
  'trajectory worker           deliver reminders apart from the bot (REDIS_URL, REMINDER_KEY, a token)';
