import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize } from '@grammyjs/runner';
import { type Api, Bot, type Context, type MiddlewareFn, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { HttpServer } from '../../serving/httpServer.ts';
import { InFlight } from '../../serving/inFlight.ts';
import type { Conversation } from '../conversation.ts';
import { publishCommands } from './botCommands.ts';
import { errorBoundary } from './errorBoundary.ts';
import { describeError } from './errorReport.ts';
import { isAddressedToBot, isPrivateChat } from './groupPolicy.ts';
import { turnHandlers } from './turnHandlers.ts';
import { startWebhookServer } from './webhookServer.ts';

/** The update types the bot asks Telegram for; everything else is never delivered. */
export const allowedUpdates = ['message', 'callback_query'] as const;

/** What building or starting the Telegram bot needs. */
export interface TelegramBotOptions {
  config: Config;
  conversation: Conversation;
  log: Logger;
  /** A known identity skips `getMe` (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** The `fetch` grammY calls the Bot API with; a local one answers in process (benchmarks). */
  fetch?: typeof fetch;
}

/** Where the webhook server listens; by default all interfaces on TELEGRAM_WEBHOOK_PORT. */
export interface WebhookListen {
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  /** Serve the webhook on this server (the health and metrics one) instead of its own. */
  server?: HttpServer;
}

/** A running bot. */
export interface RunningTelegramBot {
  mode: 'polling' | 'webhook';
  /** The bot's API client, e.g. for the in-process reminder worker to deliver with. */
  api: Api;
  /** The webhook server's port (webhook mode only). */
  port?: number;
  /** Settles when the bot stops: resolves after `stop()`, rejects if polling gives up (bad token, another poller). */
  done: Promise<void>;
  /** Stops fetching (polling) or accepting (webhook) updates; those in hand carry on. */
  stopTaking(): Promise<void>;
  /** True while updates are being fetched or accepted. */
  connected(): boolean;
  /** Stops taking updates and waits for the ones in hand. */
  stop(): Promise<void>;
}

/** The Telegram settings are missing or contradict each other. */
export class TelegramConfigError extends Error {
  override readonly name = 'TelegramConfigError';

  /** @param problem what to set, e.g. 'TELEGRAM_BOT_TOKEN is not set' */
  constructor(readonly problem: string) {
    super(`Telegram can't start: ${problem}`);
  }
}

/**
 * Builds the grammY bot with every behaviour but not the transport: per-chat and per-person
 * ordering, the error boundary, the group filter, the handlers (turns are delivered once through
 * the person's session), and auto-retry for Telegram's 429s. Tests drive it with `bot.handleUpdate` or a runner.
 */
export function createTelegramBot(options: TelegramBotOptions): Bot {
  const { config, conversation, log } = options;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new TelegramConfigError('TELEGRAM_BOT_TOKEN is not set');
  const bot = new Bot(token, {
    client: {
      apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Network failures are not retried forever: a stuck send would hold up that person's queue.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }),
  );
  // Updates of one chat, and of one person across chats, run in order; others run concurrently.
  bot.use(sequentialize(orderingKeys));
  bot.use(errorBoundary(conversation.knowledge, log, token));
  bot.use(groupFilter);
  bot.use(turnHandlers({ conversation, log }));
  bot.catch((error) => {
    log.error(
      { update_id: error.ctx.update.update_id, err: describeError(error.error, token) },
      'unhandled update error',
    );
  });
  return bot;
}

/**
 * Starts serving Telegram: long polling with `@grammyjs/runner` by default, or a webhook server
 * when TELEGRAM_WEBHOOK_URL is set. Checks the token (`getMe`) and publishes the command menu
 * first, so a bad token fails here rather than in the background.
 */
export async function startTelegramBot(
  options: TelegramBotOptions & { webhookListen?: WebhookListen; inFlight?: InFlight },
): Promise<RunningTelegramBot> {
  const { config, log } = options;
  const bot = createTelegramBot(options);
  // Every update, polled or pushed, enters through handleUpdate: counting there lets a shutdown
  // wait for updates still being handled, including webhook ones answered early.
  const inFlight = options.inFlight ?? new InFlight();
  const handleUpdate = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, webhookReply) =>
    inFlight.track('telegram', handleUpdate(update, webhookReply));
  const token = config.TELEGRAM_BOT_TOKEN ?? '';
  await bot.init();
  try {
    await publishCommands(bot.api, options.conversation.knowledge);
  } catch (error) {
    // The menu is a convenience; the bot still works without it.
    log.warn({ err: describeError(error, token) }, 'could not publish the command menu');
  }
  if (config.TELEGRAM_WEBHOOK_URL)
    return startWebhook(bot, config, log, options.webhookListen ?? {});
  return startPolling(bot, log, token);
}

async function startPolling(bot: Bot, log: Logger, token: string): Promise<RunningTelegramBot> {
  // getUpdates is refused while a webhook is set, e.g. after switching a deployment back.
  await bot.api.deleteWebhook();
  bot.api.config.use(reportPollingFailures(log, token));
  const handle = run(bot, {
    // The runner would print fetch errors with console.error, request URL (and token) included.
    runner: { fetch: { allowed_updates: allowedUpdates }, silent: true },
  });
  const done = (handle.task() ?? Promise.resolve()).catch((error: unknown) => {
    log.error({ err: describeError(error, token) }, 'polling stopped');
    throw error;
  });
  done.catch(() => undefined); // Reported above; callers who care await `done`.
  log.info({ mode: 'polling', bot: bot.botInfo.username }, 'telegram bot started');
  let stopping: Promise<void> | undefined;
  const stopTaking = () => {
    stopping ??= (async () => {
      if (handle.isRunning()) await handle.stop();
      await done.catch(() => undefined);
    })();
    return stopping;
  };
  return {
    mode: 'polling',
    api: bot.api,
    done,
    stopTaking,
    connected: () => handle.isRunning(),
    async stop() {
      await stopTaking();
      log.info({ mode: 'polling' }, 'telegram bot stopped');
    },
  };
}

async function startWebhook(
  bot: Bot,
  config: Config,
  log: Logger,
  listen: WebhookListen,
): Promise<RunningTelegramBot> {
  const url = config.TELEGRAM_WEBHOOK_URL ?? '';
  const secretToken = config.TELEGRAM_WEBHOOK_SECRET;
  if (!secretToken)
    throw new TelegramConfigError('TELEGRAM_WEBHOOK_SECRET is required in webhook mode');
  const server = await startWebhookServer({
    bot,
    secretToken,
    path: new URL(url).pathname,
    port: listen.port ?? config.TELEGRAM_WEBHOOK_PORT,
    host: listen.host,
    log,
    ...(listen.server ? { server: listen.server } : {}),
  });
  await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: allowedUpdates });
  log.info(
    { mode: 'webhook', port: server.port, bot: bot.botInfo.username },
    'telegram bot started',
  );
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  return {
    mode: 'webhook',
    api: bot.api,
    port: server.port,
    done,
    stopTaking: async () => server.stopTaking(),
    connected: () => true,
    async stop() {
      // The webhook stays registered, so Telegram keeps updates until the next start.
      await server.close();
      stopped();
      log.info({ mode: 'webhook' }, 'telegram bot stopped');
    },
  };
}

// Stands in for the runner's silenced console output, without URLs or payloads.
function reportPollingFailures(log: Logger, token: string): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok)
        log.warn({ code: result.error_code, message: result.description }, 'getUpdates failed');
      return result;
    } catch (error) {
      if (!signal?.aborted) log.warn({ err: describeError(error, token) }, 'getUpdates failed');
      throw error;
    }
  };
}

function orderingKeys(ctx: Context): string[] {
  const keys: string[] = [];
  if (ctx.chat) keys.push(`chat:${ctx.chat.id}`);
  if (ctx.from) keys.push(`user:${ctx.from.id}`);
  return keys;
}

// In groups the bot only hears what is meant for it; other people's chatter is not its business.
const groupFilter: MiddlewareFn<Context> = async (ctx, next) => {
  const message = ctx.message;
  if (message && !isPrivateChat(message.chat) && !isAddressedToBot(message, ctx.me)) return;
  await next();
};
