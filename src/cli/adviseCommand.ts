import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { plainText } from '../bots/console/plainText.ts';
import { adviceMarkup } from '../dialogue/adviceCard.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { Topic } from '../rules/advice.ts';
import { advise } from '../rules/advise.ts';
import { readProfile } from '../rules/profileFile.ts';
import { adviseUsage } from './usage.ts';
import { UsageError } from './usageError.ts';

export { adviseUsage };

/**
 * `trajectory advise <topic> --profile FILE [--json]`: the advice for a profile
 * file (JSON or YAML). Returns what to print; bad input throws {@link UsageError}.
 */
export function adviseCommand(args: string[]): string {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { profile: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const topic = Topic.safeParse(positionals[0]);
  if (!topic.success) {
    throw new UsageError(
      `${positionals[0] === undefined ? 'missing topic' : `unknown topic "${positionals[0]}"`}; choose one of ${Topic.options.join(', ')}\nusage: ${adviseUsage}`,
    );
  }
  if (!values.profile) throw new UsageError(`missing --profile FILE\nusage: ${adviseUsage}`);
  const profile = readProfileFile(values.profile);
  const advice = advise(topic.data, profile, loadKnowledge());
  return values.json
    ? JSON.stringify(advice, null, 2)
    : plainText(adviceMarkup(advice, { sources: true }));
}

function readProfileFile(path: string) {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read profile file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = parseYaml(raw);
  } catch (error) {
    throw new UsageError(
      `profile file ${path} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const reading = readProfile(data);
  if (!reading.ok) {
    throw new UsageError(
      `profile file ${path} has problems:\n${reading.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return reading.profile;
}
