import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Bot, webhookCallback } from 'grammy';
import type { Logger } from '../../log.ts';
import { type HttpServer, startHttpServer } from '../../serving/httpServer.ts';
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
  /** Serve the webhook on this server (shared with health and metrics) instead of a new one. */
  server?: HttpServer;
}

/** The largest webhook body read: a Telegram update is a few kilobytes; anything near this is not one. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** A webhook body larger than {@link MAX_WEBHOOK_BODY_BYTES}; answered 413. */
export class WebhookBodyTooLargeError extends Error {
  override readonly name = 'WebhookBodyTooLargeError';

  /** @param limit the byte limit that was exceeded */
  constructor(readonly limit: number) {
    super(`webhook body is larger than ${limit} bytes`);
  }
}

/** A listening webhook server. */
export interface WebhookServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  /**
   * Stops taking updates: the path answers 503 from now on (Telegram retries later, or another
   * replica takes it), while updates in hand carry on.
   */
  stopTaking(): void;
  /** Stops taking updates and closes the server (unless shared) once requests in hand are done. */
  close(): Promise<void>;
}

/**
 * Serves Telegram's webhook calls with plain node:http and grammY's `webhookCallback`, which
 * checks the secret header in constant time and answers 401 without reading the body when it is
 * missing or wrong. A body over 1 MB is answered 413 without being read whole. A slow update is
 * answered 200 after `answerWithinMs` and finishes in the background, so Telegram does not
 * redeliver it (its delivery id in the session would skip it anyway).
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { log, path } = options;
  const handleUpdate = webhookCallback(options.bot, cappedHttpAdapter(MAX_WEBHOOK_BODY_BYTES), {
    secretToken: options.secretToken,
    onTimeout: 'return',
    timeoutMilliseconds: options.answerWithinMs ?? 10_000,
  });
  let taking = true;
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    if (!taking) return void res.writeHead(503, { 'retry-after': '5' }).end();
    try {
      await handleUpdate(req, res);
      if (res.statusCode === 401)
        log.warn({ path }, 'webhook request without the right secret rejected');
    } catch (error) {
      if (error instanceof WebhookBodyTooLargeError) {
        log.warn({ path, limit: error.limit }, 'webhook body too large, rejected');
        // The rest of the body is never read; closing the connection is how it gets dropped.
        if (!res.headersSent) res.writeHead(413, { connection: 'close' });
        res.end();
        return;
      }
      const malformed = error instanceof SyntaxError;
      log.error(
        { err: describeError(error) },
        malformed ? 'webhook body is not JSON' : 'webhook request failed',
      );
      if (!res.headersSent) res.writeHead(malformed ? 400 : 500);
      res.end();
    }
  };
  const server =
    options.server ?? (await startHttpServer({ port: options.port, host: options.host }, log));
  const unroute = server.route(path, serve);
  return {
    port: server.port,
    stopTaking: () => {
      taking = false;
    },
    close: async () => {
      taking = false;
      if (options.server) unroute();
      else await server.close();
    },
  };
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * grammY's own 'http' adapter, with a byte limit: a declared Content-Length over the limit is
 * refused before anything is read, and a body streamed without one stops being read at the
 * limit, so a huge body costs at most `limit` bytes of memory. grammY reads the body only
 * after the secret matched.
 */
function cappedHttpAdapter(limit: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const secret = req.headers[SECRET_HEADER];
    return {
      get update() {
        return readCapped(req, limit).then((raw) => JSON.parse(raw));
      },
      header: Array.isArray(secret) ? secret[0] : secret,
      end: () => res.end(),
      respond: (json: string) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(json),
      unauthorized: () => res.writeHead(401).end('secret token is wrong'),
    };
  };
}

function readCapped(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new WebhookBodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        reject(new WebhookBodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
