import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Bot, webhookCallback } from 'grammy';
import type { Logger } from '../../log.ts';
import { describeError } from './errorReport.ts';

/** How the webhook server is set up. */
export interface WebhookServerOptions {
  bot: Bot;
  /** What Telegram sends in `X-Telegram-Bot-Api-Secret-Token`; requests without it get 401. */
  secretToken: string;
  /** The only path served, e.g. `/telegram` from TELEGRAM_WEBHOOK_URL. */
  path: string;
  /** 0 picks a free port. */
  port: number;
  /** Default: all interfaces, as behind a reverse proxy or in a container. */
  host?: string | undefined;
  log: Logger;
  /** Telegram gives up on a webhook after about a minute; answer well before. Default 10 s. */
  answerWithinMs?: number;
}

/** A listening webhook server. */
export interface WebhookServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  /** Stops accepting requests and waits for the updates in hand. */
  close(): Promise<void>;
}

/**
 * Serves Telegram's webhook calls with plain node:http and grammY's `webhookCallback`, which
 * checks the secret header in constant time and answers 401 without reading the body when it is
 * missing or wrong. A slow update is answered 200 after `answerWithinMs` and finishes in the
 * background, so Telegram does not redeliver it (its delivery id in the session would skip it anyway).
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { log, path } = options;
  const handleUpdate = webhookCallback(options.bot, 'http', {
    secretToken: options.secretToken,
    onTimeout: 'return',
    timeoutMilliseconds: options.answerWithinMs ?? 10_000,
  });
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://webhook').pathname;
    if (pathname !== path) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    try {
      await handleUpdate(req, res);
      if (res.statusCode === 401)
        log.warn({ path }, 'webhook request without the right secret rejected');
    } catch (error) {
      const malformed = error instanceof SyntaxError;
      log.error(
        { err: describeError(error) },
        malformed ? 'webhook body is not JSON' : 'webhook request failed',
      );
      if (!res.headersSent) res.writeHead(malformed ? 400 : 500);
      res.end();
    }
  };
  const server = createServer((req, res) => void serve(req, res));
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
