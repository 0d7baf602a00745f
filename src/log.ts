import { createRequire } from 'node:module';
import { type Logger, pino } from 'pino';

/** The logger type every module takes. */
export type { Logger } from 'pino';

/** How the process logger writes. */
export interface LogFormat {
  /** true: pretty lines; false: JSON; unset: pretty only on a terminal outside production. */
  pretty?: boolean | undefined;
  /** NODE_ENV=production: JSON unless `pretty` says otherwise. */
  production?: boolean;
  /** Where pino-pretty is loaded from (tests pass a failing one to see the fallback). */
  loadPretty?: () => unknown;
}

/**
 * Every place a secret could sit in a log object. Adapters never log configuration, tokens or
 * message texts; this is the net under that rule, so a mistake prints `[redacted]` instead.
 */
export const redactedPaths = [
  'token',
  '*.token',
  'secret',
  '*.secret',
  'secretToken',
  '*.secretToken',
  'password',
  '*.password',
  'salt',
  '*.salt',
  'url',
  '*.url',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  '*.headers["x-telegram-bot-api-secret-token"]',
  ...[
    'TELEGRAM_BOT_TOKEN',
    'TELEGRAM_WEBHOOK_SECRET',
    'DISCORD_TOKEN',
    'SESSION_SALT',
    'REDIS_URL',
    'REDIS_PASSWORD',
  ].flatMap((name) => [name, `*.${name}`]),
];

/**
 * The process logger: JSON lines on stderr, so stdout stays free for the chat; pretty lines
 * through pino-pretty (a development dependency, loaded only when asked for) when `format`
 * says so, falling back to JSON with a warning where it is not installed.
 */
export function createLogger(
  level = 'info',
  destination: NodeJS.WritableStream = process.stderr,
  format: LogFormat = {},
): Logger {
  const wantsPretty =
    format.pretty ?? (!format.production && (destination as NodeJS.WriteStream).isTTY === true);
  const pretty = wantsPretty ? prettyStream(destination, format.loadPretty) : undefined;
  const log = pino(
    {
      level,
      base: { app: 'trajectory' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    (pretty ?? destination) as pino.DestinationStream,
  );
  if (wantsPretty && !pretty)
    log.warn('LOG_PRETTY asks for pino-pretty, which is not installed: writing JSON lines');
  return log;
}

type PrettyFactory = (options: Record<string, unknown>) => NodeJS.WritableStream;

function prettyStream(
  destination: NodeJS.WritableStream,
  loadPretty: () => unknown = () => createRequire(import.meta.url)('pino-pretty'),
): NodeJS.WritableStream | undefined {
  try {
    const factory = loadPretty() as PrettyFactory | { default: PrettyFactory };
    const build = typeof factory === 'function' ? factory : factory.default;
    return build({
      destination,
      colorize: (destination as NodeJS.WriteStream).isTTY === true,
      ignore: 'pid,hostname,app',
      sync: true,
    });
  } catch {
    return undefined;
  }
}
