/**
 * Closing the store's Redis connection while Redis is down must not keep the process alive:
 * a real redis-server is stopped under a child process that then closes its connection.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { startRedisServer } from '../support/redisServer.ts';

it('lets the process exit at once when closed while Redis is down', async () => {
  const redis = await startRedisServer();
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/store/fixtures/closeWhileRedisDown.ts', redis.url],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = once(child, 'exit');
    while (!output.includes('ready')) await once(child.stdout, 'data');
    await redis.stop();
    child.stdin.write('go\n');
    const [code] = await exited;
    expect(code).toBe(0);
    const ms = Number(/exited after (\d+) ms/.exec(output)?.[1]);
    // Before the fix ioredis held a 2,000 ms disconnect timer here.
    expect(ms).toBeLessThan(1000);
    console.info(`closed while Redis was down: process exited ${ms} ms after close()`);
  } finally {
    await redis.close();
  }
});
