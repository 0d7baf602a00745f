import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';

/** What is safe to log about an error: no request bodies, no message texts, no tokens. */
export interface DiscordErrorReport {
  type: string;
  message: string;
  /** Discord's JSON error code (e.g. 10062 Unknown interaction), or discord.js's own code. */
  code?: number | string;
  /** The HTTP status, for REST errors. */
  status?: number;
  method?: string;
  /** The API path, with interaction and webhook tokens replaced by `[token]`. */
  path?: string;
  stack?: string;
}

/**
 * Describes an error for pino without its attachments. A discord.js REST error carries the
 * request body (the person's words, our reply) and the request URL, which for interaction
 * callbacks and follow-ups holds the interaction token — a credential for that conversation.
 * `secret` (the bot token) is scrubbed from what remains.
 */
export function describeDiscordError(error: unknown, secret?: string): DiscordErrorReport {
  const scrub = (text: string) => redactTokens(secret ? text.split(secret).join('[token]') : text);
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    return {
      type: error.name,
      message: scrub(error.message),
      ...(error instanceof DiscordAPIError ? { code: error.code } : {}),
      status: error.status,
      method: error.method,
      path: apiPath(error.url),
    };
  }
  if (error instanceof RateLimitError) {
    return {
      type: error.name,
      message: scrub(`rate limited for ${error.timeToReset} ms`),
      method: error.method,
      path: redactTokens(error.route),
    };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      type: error.name,
      message: scrub(error.message),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      ...(error.stack ? { stack: scrub(error.stack) } : {}),
    };
  }
  return { type: typeof error, message: scrub(String(error)) };
}

/** Replaces the token in `/interactions/<id>/<token>` and `/webhooks/<id>/<token>` paths. */
export function redactTokens(text: string): string {
  return text.replace(/\/(interactions|webhooks)\/(\d+|:id)\/[^/?\s]+/g, '/$1/$2/[token]');
}

function apiPath(url: string): string {
  try {
    return redactTokens(new URL(url).pathname);
  } catch {
    return redactTokens(url.split('?')[0] ?? '');
  }
}
