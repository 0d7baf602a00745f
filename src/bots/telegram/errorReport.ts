import { GrammyError, HttpError } from 'grammy';

/** What is safe to log about an error: no payloads, no message texts, no token. */
export interface ErrorReport {
  type: string;
  message: string;
  /** The Bot API method that failed, for API errors. */
  method?: string;
  /** Telegram's error code, for API errors. */
  code?: number;
  stack?: string;
}

/**
 * Describes an error for pino without its attachments: a GrammyError carries the request
 * payload (the person's words, our reply) and an HttpError wraps a fetch error whose message
 * holds the request URL — with the bot token in it. `secret` is scrubbed from what remains.
 */
export function describeError(error: unknown, secret?: string): ErrorReport {
  const scrub = (text: string) => (secret ? text.split(secret).join('[token]') : text);
  if (error instanceof GrammyError) {
    return {
      type: error.name,
      message: scrub(error.description),
      method: error.method,
      code: error.error_code,
    };
  }
  if (error instanceof HttpError) {
    return { type: error.name, message: scrub(error.message) };
  }
  if (error instanceof Error) {
    return {
      type: error.name,
      message: scrub(error.message),
      ...(error.stack ? { stack: scrub(error.stack) } : {}),
    };
  }
  return { type: typeof error, message: scrub(String(error)) };
}
