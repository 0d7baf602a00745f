import { parseArgs } from 'node:util';
import { slashCommands } from '../bots/discord/commandDefinitions.ts';
import { deployCommands } from '../bots/discord/deployCommands.ts';
import { readConfig } from '../config.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { createLogger } from '../log.ts';
import { deployCommandsUsage } from './usage.ts';
import { UsageError } from './usageError.ts';

export { deployCommandsUsage };

/**
 * `trajectory deploy-commands` (`npm run deploy-commands`): registers the Discord slash commands
 * for DISCORD_APPLICATION_ID with DISCORD_TOKEN — in DISCORD_GUILD_ID (or `--guild`) when given,
 * globally otherwise or with `--global`. `--dry-run` prints the definitions instead and needs no
 * credentials. Returns what to print; missing settings throw {@link UsageError}, a refusal from
 * Discord a CommandDeployError.
 */
export async function deployCommandsCommand(
  args: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      guild: { type: 'string' },
      global: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (values.guild !== undefined && values.global)
    throw new UsageError(`--guild and --global exclude each other\nusage: ${deployCommandsUsage}`);
  const kb = loadKnowledge();
  if (values['dry-run'])
    return JSON.stringify(
      slashCommands(kb).map((c) => c.json),
      null,
      2,
    );
  const guildOverride = values.global
    ? { DISCORD_GUILD_ID: '' }
    : values.guild
      ? { DISCORD_GUILD_ID: values.guild }
      : {};
  const config = readConfig({ ...env, ...guildOverride });
  for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'] as const) {
    if (!config[name])
      throw new UsageError(
        `${name} is not set (see README, Discord)\nusage: ${deployCommandsUsage}`,
      );
  }
  const deployed = await deployCommands(config, createLogger(config.LOG_LEVEL), kb);
  return deployed.scope === 'guild'
    ? `Registered ${deployed.count} slash commands in server ${config.DISCORD_GUILD_ID}; they show up there at once.`
    : `Registered ${deployed.count} slash commands globally; Discord may take a few minutes to show them everywhere.`;
}
