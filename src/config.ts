import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Everything the process reads from its environment, validated once at start-up.
 * Unset or empty variables take the defaults; a bad value stops start-up with a
 * message naming the variable.
 */
export const Config = z
  .object({
    REDIS_URL: optionalText.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
        .optional(),
    ),
    SESSION_SALT: optionalText.pipe(
      z
        .string()
        .regex(
          /^([0-9a-fA-F]{2}){16,}$/,
          'must be at least 32 hex characters (openssl rand -hex 32)',
        )
        .optional(),
    ),
    SESSION_TTL_DAYS: optionalText.pipe(
      z.coerce.number<string | undefined>().int().min(1).max(365).default(30),
    ),
    LOG_LEVEL: optionalText.pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    TELEGRAM_BOT_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^\d+:[\w-]+$/, 'looks like 123456:ABC-DEF…')
        .optional(),
    ),
    TELEGRAM_API_ROOT: optionalText.pipe(z.string().url().default('https://api.telegram.org')),
    TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.string().url().optional()),
    TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'letters, digits, _ and - only (Telegram’s rule)')
        .optional(),
    ),
    TELEGRAM_WEBHOOK_PORT: optionalText.pipe(
      z.coerce.number<string | undefined>().int().min(1).max(65535).default(8080),
    ),
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalText.pipe(
      z
        .string()
        .regex(/^\d{5,25}$/, 'a numeric snowflake')
        .optional(),
    ),
    DISCORD_GUILD_ID: optionalText.pipe(
      z
        .string()
        .regex(/^\d{5,25}$/, 'a numeric snowflake')
        .optional(),
    ),
    DISCORD_API_URL: optionalText.pipe(z.string().url().optional()),
    DISCORD_CHANNEL_CHAT: flag,
    REMINDER_KEY: optionalText.pipe(
      z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (openssl rand -hex 32)')
        .optional(),
    ),
    DISCORD_SHARDS: optionalText.pipe(
      z
        .string()
        .regex(/^(auto|[1-9]\d{0,4})$/, "'auto' or a shard count such as 4")
        .optional(),
    ),
    DISCORD_SHARD_IDS: optionalText.pipe(
      z
        .string()
        .regex(/^\d{1,5}(,\d{1,5})*$/, 'shard ids such as 0,1')
        .transform((v) => v.split(',').map(Number))
        .optional(),
    ),
    HTTP_PORT: optionalText.pipe(
      z.coerce.number<string | undefined>().int().min(1).max(65535).optional(),
    ),
    LOG_PRETTY: z
      .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
      .optional()
      .transform((v) =>
        v === undefined || v === '' ? undefined : v === 'true' || v === '1' || v === 'yes',
      ),
    REDIS_CLUSTER_NODES: optionalText.pipe(
      z
        .string()
        .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'host:port,host:port,…')
        .transform(hostPorts)
        .optional(),
    ),
    REDIS_SENTINELS: optionalText.pipe(
      z
        .string()
        .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'host:port,host:port,…')
        .transform(hostPorts)
        .optional(),
    ),
    REDIS_SENTINEL_NAME: optionalText,
    REDIS_PASSWORD: optionalText,
  })
  .superRefine((c, ctx) => {
    const redisWays = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter(
      (name) => c[name] !== undefined,
    );
    if (redisWays.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS',
      });
    }
    if (redisWays.length > 0 && !c.SESSION_SALT) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SALT'],
        message: `is required when ${redisWays[0]} is set`,
      });
    }
    if (c.REDIS_SENTINELS && !c.REDIS_SENTINEL_NAME) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_SENTINEL_NAME'],
        message: 'is required with REDIS_SENTINELS (the master group name, e.g. mymaster)',
      });
    }
    if (c.DISCORD_SHARD_IDS && !/^\d+$/.test(c.DISCORD_SHARDS ?? '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_SHARD_IDS'],
        message: 'needs DISCORD_SHARDS set to the total shard count',
      });
    }
    const total = Number(c.DISCORD_SHARDS);
    if (c.DISCORD_SHARD_IDS?.some((id) => id >= total)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_SHARD_IDS'],
        message: 'has an id not below DISCORD_SHARDS',
      });
    }
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'is required in webhook mode',
      });
    }
    if (c.REMINDER_KEY && !c.REDIS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'is required with REMINDER_KEY (reminders are BullMQ jobs on Redis)',
      });
    }
    if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_APPLICATION_ID'],
        message: 'is required with DISCORD_TOKEN',
      });
    }
  });
/** A Redis node's address as `host:port` in configuration. */
export interface HostPort {
  host: string;
  port: number;
}

function hostPorts(list: string): HostPort[] {
  return list.split(',').map((entry) => {
    const at = entry.lastIndexOf(':');
    return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
  });
}

/** The validated configuration. */
export type Config = z.infer<typeof Config>;

/** Configuration that can't be used; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `configuration problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from an environment (never logs values). */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Config.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`),
  );
}
