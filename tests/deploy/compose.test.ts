/**
 * No Docker engine runs here, so the deployment files are checked by reading them: the
 * services, healthchecks and environment of both compose files (every variable one the bot
 * reads, and a valid configuration), and the Dockerfile's stages, user, dependencies and
 * HEALTHCHECK.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Config, readConfig } from '../../src/config.ts';
import { LAST_RESORT_MS } from '../../src/serving/shutdown.ts';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[]; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
  volumes?: string[];
  ports?: string[];
}

function compose(file: string): Record<string, Service> {
  const parsed = parse(readFileSync(file, 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  return parsed.services;
}

const salt = 'ab'.repeat(16);
const configNames = Object.keys(Config.shape);
const seconds = (duration = '0s') => Number(/^(\d+)s$/.exec(duration)?.[1] ?? Number.NaN);

/** The bot service as every compose file must have it. */
function expectBot(bot: Service | undefined): void {
  expect(bot?.build).toBe('.');
  const env = bot?.environment ?? {};
  for (const name of Object.keys(env)) {
    if (name !== 'NODE_ENV')
      expect(configNames, `${name} is not a variable the bot reads`).toContain(name);
  }
  expect(env.NODE_ENV).toBe('production');
  expect(env.HTTP_PORT).toBe('9464');
  // What the compose file sets, plus the salt from .env, is a configuration the bot accepts.
  expect(() => readConfig({ ...env, SESSION_SALT: salt })).not.toThrow();
  expect(bot?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${env.HTTP_PORT}/healthz`);
  expect(bot?.ports).toContain('9464:9464');
  // Docker's SIGKILL must not come before the shutdown's own last-resort exit.
  expect(seconds(bot?.stop_grace_period) * 1000).toBeGreaterThan(LAST_RESORT_MS);
}

describe('docker-compose.yml', () => {
  const services = compose('docker-compose.yml');

  it('runs Redis with an append-only file on a volume and a healthcheck', () => {
    const redis = services.redis;
    expect(redis?.command?.join(' ')).toContain('--appendonly yes');
    expect(redis?.volumes?.[0]).toMatch(/:\/data$/);
    expect(redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('runs the bot from the Dockerfile once Redis is healthy, with health and metrics on', () => {
    const bot = services.bot;
    expectBot(bot);
    expect(bot?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(bot?.depends_on?.redis?.condition).toBe('service_healthy');
  });
});

describe('docker-compose.cluster.yml', () => {
  const services = compose('docker-compose.cluster.yml');
  const nodes = Object.entries(services).filter(([name]) => /^redis-\d$/.test(name));

  it('runs three cluster-enabled Redis nodes, each with a healthcheck and its own volume', () => {
    expect(nodes).toHaveLength(3);
    for (const [name, node] of nodes) {
      const command = node.command?.join(' ') ?? '';
      expect(command).toContain('--cluster-enabled yes');
      expect(command).toContain('--appendonly yes');
      expect(command).toContain(`--cluster-announce-hostname ${name}`);
      expect(node.healthcheck?.test.join(' ')).toContain('ping');
      expect(node.volumes?.[0]).toMatch(new RegExp(`^${name}-data:/data$`));
    }
  });

  it('creates the cluster once every node is healthy', () => {
    const init = services['redis-cluster-init'];
    expect(init?.command?.join(' ')).toMatch(/redis-cli --cluster create .* --cluster-yes/);
    for (const [name] of nodes) expect(init?.depends_on?.[name]?.condition).toBe('service_healthy');
  });

  it('points the bot at every master, and starts it once the cluster exists', () => {
    const bot = services.bot;
    expectBot(bot);
    const listed = bot?.environment?.REDIS_CLUSTER_NODES?.split(',') ?? [];
    const served = nodes.map(([name, node]) => {
      const command = node.command ?? [];
      return `${name}:${command[command.indexOf('--port') + 1]}`;
    });
    expect(listed.sort()).toEqual(served.sort());
    expect(bot?.depends_on?.['redis-cluster-init']?.condition).toBe(
      'service_completed_successfully',
    );
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');

  it('builds in stages and runs production dependencies only, as a user other than root', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=deps/);
    const user = /^USER (\S+)/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toBe('root');
    expect(dockerfile).toMatch(/ENV NODE_ENV=production/);
    expect(dockerfile).toMatch(/HTTP_PORT=9464/);
  });

  it('checks its health on /healthz', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD .*\/healthz/m);
  });
});

describe('the documented configuration', () => {
  const readme = readFileSync('README.md', 'utf8');
  const example = readFileSync('.env.example', 'utf8');

  it('lists every variable the bot reads in a README table and in .env.example', () => {
    for (const name of configNames) {
      expect(readme, `${name} in README.md`).toMatch(new RegExp(`^\\| [^\\n]*\`${name}\``, 'm'));
      expect(example, `${name} in .env.example`).toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });
});
