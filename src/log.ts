import { type Logger, pino } from 'pino';

/** The logger type every module takes. */
export type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stderr, so stdout stays free for the chat.
 * Token-bearing fields are redacted wherever they appear; message text is never
 * logged above debug level by the adapters.
 */
export function createLogger(
  level = 'info',
  destination: NodeJS.WritableStream = process.stderr,
): Logger {
  return pino(
    {
      level,
      base: { app: 'trajectory' },
      redact: {
        paths: [
          'token',
          '*.token',
          'config.*TOKEN*',
          'headers.authorization',
          '*.headers.authorization',
          'url',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream,
  );
}
