import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { Config } from '../../config.ts';
import { loadKnowledge } from '../../knowledge/load.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import type { Logger } from '../../log.ts';
import { slashCommands } from './commandDefinitions.ts';
import { DiscordConfigError } from './discordBot.ts';
import { describeDiscordError } from './errorReport.ts';

/** Where the commands went and how many there are. */
export interface DeployedCommands {
  /** `guild` when DISCORD_GUILD_ID is set: instant, for testing; `global` otherwise. */
  scope: 'global' | 'guild';
  count: number;
}

/** Discord refused the command definitions or the credentials; the message says which. */
export class CommandDeployError extends Error {
  override readonly name = 'CommandDeployError';

  /**
   * @param status the HTTP status Discord answered with (0 when it couldn't be reached)
   * @param reason Discord's explanation, without tokens
   */
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(
      `Discord refused the slash commands (${status || 'unreachable'}): ${reason}${hint(status)}`,
    );
  }
}

/**
 * Registers every slash command with one bulk overwrite (`PUT`), replacing whatever the
 * application had: to DISCORD_GUILD_ID when set (shows up at once, handy while testing), else
 * globally. Safe to run again; each run makes the registered set match this version's
 * definitions. Uses DISCORD_API_URL when set, like the bot.
 */
export async function deployCommands(
  config: Config,
  log?: Logger,
  kb: Knowledge = loadKnowledge(),
): Promise<DeployedCommands> {
  const token = config.DISCORD_TOKEN;
  const application = config.DISCORD_APPLICATION_ID;
  if (!token) throw new DiscordConfigError('DISCORD_TOKEN is not set');
  if (!application) throw new DiscordConfigError('DISCORD_APPLICATION_ID is not set');
  const body = slashCommands(kb).map((c) => c.json);
  const guild = config.DISCORD_GUILD_ID;
  const route = guild
    ? Routes.applicationGuildCommands(application, guild)
    : Routes.applicationCommands(application);
  const rest = new REST({
    version: '10',
    ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL.replace(/\/+$/, '') } : {}),
  }).setToken(token);
  try {
    const registered = (await rest.put(route, { body })) as unknown[];
    const deployed: DeployedCommands = {
      scope: guild ? 'guild' : 'global',
      count: registered.length,
    };
    log?.info({ ...deployed, ...(guild ? { guild } : {}) }, 'slash commands registered');
    return deployed;
  } catch (error) {
    const report = describeDiscordError(error, token);
    log?.error({ err: report }, 'slash commands not registered');
    throw new CommandDeployError(
      error instanceof DiscordAPIError ? error.status : (report.status ?? 0),
      report.message,
    );
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

function hint(status: number): string {
  if (status === 401) return ' — check DISCORD_TOKEN';
  if (status === 403 || status === 404)
    return ' — check DISCORD_APPLICATION_ID, and DISCORD_GUILD_ID (the bot must be in that server with the applications.commands scope)';
  return '';
}
