import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.ts';

describe('readConfig', () => {
  it('gives sensible defaults for an empty environment', () => {
    expect(readConfig({})).toMatchObject({
      SESSION_TTL_DAYS: 30,
      LOG_LEVEL: 'info',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      TELEGRAM_WEBHOOK_PORT: 8080,
      DISCORD_CHANNEL_CHAT: false,
    });
  });

  it('treats empty variables as unset, as a copied .env.example leaves them', () => {
    const config = readConfig({
      REDIS_URL: '',
      SESSION_SALT: '',
      TELEGRAM_BOT_TOKEN: ' ',
      SESSION_TTL_DAYS: '',
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.SESSION_TTL_DAYS).toBe(30);
  });

  it('reads numbers and flags', () => {
    const config = readConfig({
      SESSION_TTL_DAYS: '7',
      TELEGRAM_WEBHOOK_PORT: '8443',
      DISCORD_CHANNEL_CHAT: 'true',
    });
    expect(config).toMatchObject({
      SESSION_TTL_DAYS: 7,
      TELEGRAM_WEBHOOK_PORT: 8443,
      DISCORD_CHANNEL_CHAT: true,
    });
  });

  it('names every bad variable', () => {
    const read = () =>
      readConfig({
        REDIS_URL: 'http://localhost',
        SESSION_TTL_DAYS: 'often',
        LOG_LEVEL: 'loud',
        TELEGRAM_BOT_TOKEN: 'abc',
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['REDIS_URL', 'SESSION_TTL_DAYS', 'LOG_LEVEL', 'TELEGRAM_BOT_TOKEN'])
        expect(problems).toContain(name);
    }
  });

  it('requires what goes with a setting', () => {
    expect(() => readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /SESSION_SALT is required when REDIS_URL is set/,
    );
    expect(() => readConfig({ REDIS_URL: 'redis://x', SESSION_SALT: 'abc' })).toThrow(
      /SESSION_SALT must be at least 32 hex/,
    );
    expect(() => readConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET is required/,
    );
    expect(() => readConfig({ DISCORD_TOKEN: 'token' })).toThrow(
      /DISCORD_APPLICATION_ID is required/,
    );
  });

  it('never puts a value in its message', () => {
    const read = () => readConfig({ TELEGRAM_BOT_TOKEN: 'secret-looking-value' });
    expect(read).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(read).not.toThrow(/secret-looking-value/);
  });
});

describe('readConfig, running in production', () => {
  const salt = 'ab'.repeat(16);

  it('reads the HTTP port, log format, shards and the Redis layout', () => {
    const config = readConfig({
      HTTP_PORT: '9464',
      LOG_PRETTY: 'false',
      DISCORD_SHARDS: '4',
      DISCORD_SHARD_IDS: '2,3',
      REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-b:7001',
      SESSION_SALT: salt,
    });
    expect(config).toMatchObject({
      HTTP_PORT: 9464,
      LOG_PRETTY: false,
      DISCORD_SHARDS: '4',
      DISCORD_SHARD_IDS: [2, 3],
      REDIS_CLUSTER_NODES: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b', port: 7001 },
      ],
    });
    expect(readConfig({}).HTTP_PORT).toBeUndefined();
    expect(readConfig({}).LOG_PRETTY).toBeUndefined();
    expect(readConfig({ DISCORD_SHARDS: 'auto' }).DISCORD_SHARDS).toBe('auto');
  });

  it('refuses contradictory or incomplete Redis and shard settings', () => {
    expect(() =>
      readConfig({ REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'a:1', SESSION_SALT: salt }),
    ).toThrow(/set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS/);
    expect(() => readConfig({ REDIS_SENTINELS: 'a:26379', SESSION_SALT: salt })).toThrow(
      /REDIS_SENTINEL_NAME is required/,
    );
    expect(() => readConfig({ REDIS_CLUSTER_NODES: 'a:1' })).toThrow(
      /SESSION_SALT is required when REDIS_CLUSTER_NODES is set/,
    );
    expect(() => readConfig({ REDIS_CLUSTER_NODES: 'a' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => readConfig({ DISCORD_SHARDS: 'many' })).toThrow(/DISCORD_SHARDS/);
    expect(() => readConfig({ DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '2' })).toThrow(
      /DISCORD_SHARD_IDS has an id not below DISCORD_SHARDS/,
    );
    expect(() => readConfig({ HTTP_PORT: '0' })).toThrow(/HTTP_PORT/);
  });
});
