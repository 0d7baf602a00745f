import { once } from 'node:events';
import {
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  Options,
  Partials,
  Status,
} from 'discord.js';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { InFlight } from '../../serving/inFlight.ts';
import type { Conversation } from '../conversation.ts';
import { guardInteractions, guardMessages } from './errorBoundary.ts';
import { describeDiscordError, redactTokens } from './errorReport.ts';
import { destroyForGood } from './gatewayShutdown.ts';
import { interactionHandler } from './interactionHandlers.ts';
import { defaultDeferAfterMs } from './interactionReplies.ts';
import { messageHandler } from './messageHandlers.ts';

/** What building or starting the Discord bot needs. */
export interface DiscordBotOptions {
  config: Config;
  conversation: Conversation;
  log: Logger;
  /** A turn slower than this is deferred first (default 1 s, well inside Discord's 3 s). */
  deferAfterMs?: number;
  /** Counts each interaction and message while it is handled, so a shutdown can wait for it. */
  inFlight?: InFlight;
}

/** A running Discord bot. */
export interface RunningDiscordBot {
  /** The logged-in discord.js client (for tests and diagnostics; handlers are attached). */
  client: Client<true>;
  /** Settles when the bot stops: resolves after `stop()`, rejects if Discord ends the session for good (e.g. a revoked token). */
  done: Promise<void>;
  /** Ignores interactions and messages from now on; those in hand carry on. */
  stopTaking(): void;
  /** True while every shard's gateway session is up. */
  connected(): boolean;
  /** Stops taking updates and disconnects from the gateway for good. */
  stop(): Promise<void>;
}

/** The Discord settings are missing, or Discord refused them at login. */
export class DiscordConfigError extends Error {
  override readonly name = 'DiscordConfigError';

  /** @param problem what to fix, e.g. 'DISCORD_TOKEN is not set' */
  constructor(readonly problem: string) {
    super(`Discord can't start: ${problem}`);
  }
}

/** Discord closed the gateway with a code discord.js does not recover from. */
export class DiscordGatewayClosedError extends Error {
  override readonly name = 'DiscordGatewayClosedError';

  /** @param code the gateway close code, e.g. 4004 (authentication failed) */
  constructor(readonly code: number) {
    super(`Discord closed the gateway for good (close code ${code})`);
  }
}

/**
 * The gateway intents the bot asks for. Slash commands and buttons need none; `Guilds` keeps
 * discord.js's view of servers and channels current, `DirectMessages` brings DMs (their text
 * needs no privileged intent). Only with channel chat on does the bot receive server channel
 * messages at all: `GuildMessages`, plus the privileged `MessageContent` that chatting in
 * channels calls for. (The pointer it posts reads only who was mentioned, which Discord sends
 * without the intent too.)
 */
export function discordIntents(config: Pick<Config, 'DISCORD_CHANNEL_CHAT'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages];
  if (config.DISCORD_CHANNEL_CHAT)
    intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  return intents;
}

/**
 * A discord.js client configured for the advisor, not yet logged in: the intents above, DM
 * channels as partials (Discord doesn't announce them), REST through DISCORD_API_URL when set
 * (a proxy such as @discordjs/proxy, or the tests' fake — the gateway address then comes from
 * that API's `/gateway/bot`), no pings by default, and no message cache: the bot never looks a
 * message up, and whatever it needs to remember lives in the session store.
 */
export function createDiscordClient(config: Config): Client {
  const rest: ClientOptions['rest'] = config.DISCORD_API_URL
    ? { api: config.DISCORD_API_URL.replace(/\/+$/, '') }
    : {};
  return new Client({
    ...shardOptions(config),
    intents: discordIntents(config),
    partials: [Partials.Channel],
    rest,
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
  });
}

/**
 * Which gateway shards this process runs (discord.js' own sharding, all in this process):
 * `DISCORD_SHARDS=auto` takes Discord's recommended count; `N` runs shards 0…N-1, or only
 * `DISCORD_SHARD_IDS` of them when the shards are spread over several processes. Unset: one.
 */
export function shardOptions(
  config: Pick<Config, 'DISCORD_SHARDS' | 'DISCORD_SHARD_IDS'>,
): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (config.DISCORD_SHARDS === undefined) return {};
  if (config.DISCORD_SHARDS === 'auto') return { shards: 'auto' };
  const total = Number(config.DISCORD_SHARDS);
  return {
    shardCount: total,
    shards: config.DISCORD_SHARD_IDS ?? Array.from({ length: total }, (_, id) => id),
  };
}

/**
 * Logs in and serves Discord: slash commands, components and (DMs, and mentions with channel
 * chat on) messages, each behind the error boundary. Resolves once the gateway session is
 * ready; a bad token or a privileged intent not enabled in the developer portal rejects here
 * with a {@link DiscordConfigError}. Reconnects, resumes and rate limits are discord.js's job.
 * Commands are registered separately (`trajectory deploy-commands`).
 */
export async function startDiscordBot(options: DiscordBotOptions): Promise<RunningDiscordBot> {
  const { config, conversation, log } = options;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new DiscordConfigError('DISCORD_TOKEN is not set');
  const kb = conversation.knowledge;
  const client = createDiscordClient(config);
  const boundary = { kb, log, token };
  const onInteraction = guardInteractions(
    interactionHandler({
      conversation,
      log,
      deferAfterMs: options.deferAfterMs ?? defaultDeferAfterMs,
    }),
    boundary,
  );
  const onMessage = guardMessages(
    messageHandler({ conversation, log, channelChat: config.DISCORD_CHANNEL_CHAT }),
    boundary,
  );
  const inFlight = options.inFlight ?? new InFlight();
  let taking = true;
  client.on(Events.InteractionCreate, (interaction) => {
    if (taking) void inFlight.track('discord', onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (taking) void inFlight.track('discord', onMessage(message));
  });
  reportClientEvents(client, log, token);

  let stopped: (() => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stopped = resolve;
    failed = reject;
  });
  done.catch(() => undefined); // Reported below; callers who care await `done`.
  client.on(Events.ShardDisconnect, (event, shardId) => {
    log.error({ shard: shardId, code: event.code }, 'discord gateway closed for good');
    failed?.(new DiscordGatewayClosedError(event.code));
  });

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw loginProblem(error, token);
  }
  const application = client.application?.id;
  if (
    config.DISCORD_APPLICATION_ID &&
    application &&
    application !== config.DISCORD_APPLICATION_ID
  ) {
    log.warn(
      { application, configured: config.DISCORD_APPLICATION_ID },
      'DISCORD_APPLICATION_ID is not the application of this token; deploy-commands will register elsewhere',
    );
  }
  log.info(
    {
      bot: client.user?.tag,
      guilds: client.guilds.cache.size,
      channelChat: config.DISCORD_CHANNEL_CHAT,
    },
    'discord bot started',
  );

  let stopping: Promise<void> | undefined;
  return {
    client: client as Client<true>,
    done,
    stopTaking: () => {
      taking = false;
    },
    connected: () => client.ws.status === Status.Ready,
    stop() {
      taking = false;
      stopping ??= destroyForGood(client).then(() => {
        stopped?.();
        log.info('discord bot stopped');
      });
      return stopping;
    },
  };
}

// What discord.js reports on its own: errors it caught (an `error` event without a listener
// would crash the process), gateway trouble and rate limits — none with payloads or tokens.
function reportClientEvents(client: Client, log: Logger, token: string): void {
  client.on(Events.Error, (error) =>
    log.error({ err: describeDiscordError(error, token) }, 'discord client error'),
  );
  client.on(Events.ShardError, (error, shardId) =>
    log.warn({ shard: shardId, err: describeDiscordError(error, token) }, 'discord gateway error'),
  );
  client.on(Events.ShardReconnecting, (shardId) =>
    log.info({ shard: shardId }, 'discord gateway reconnecting'),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    log.info({ shard: shardId, replayed }, 'discord gateway resumed'),
  );
  client.rest.on('rateLimited', (info) =>
    log.info(
      {
        route: redactTokens(info.route),
        method: info.method,
        waitMs: info.timeToReset,
        global: info.global,
      },
      'discord rate limit, waiting',
    ),
  );
}

function loginProblem(error: unknown, token: string): Error {
  const report = describeDiscordError(error, token);
  if (report.code === 'TokenInvalid')
    return new DiscordConfigError(
      'Discord refused DISCORD_TOKEN (reset it in the developer portal, Bot page)',
    );
  if (/disallowed intent/i.test(report.message))
    return new DiscordConfigError(
      'DISCORD_CHANNEL_CHAT needs the Message Content intent: enable it in the developer portal (Bot page, Privileged Gateway Intents) or unset DISCORD_CHANNEL_CHAT',
    );
  return error instanceof Error ? error : new Error(report.message);
}
