import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function trajectory(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/trajectory.js', ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('trajectory <command> --help', () => {
  it.each([
    ['advise', /^usage: trajectory advise <retake\|/],
    ['chat', /^usage: trajectory chat \[--jsonl\]/],
    ['route', /^usage: trajectory route/],
    ['deploy-commands', /^usage: trajectory deploy-commands/],
    ['start', /^usage: trajectory start/],
  ])('prints the usage of %s and exits 0', (command, expected) => {
    const run = trajectory(command, '--help');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(expected);
    expect(run.err).toBe('');
  });

  it('takes -h too, even after other arguments', () => {
    expect(trajectory('advise', 'retake', '-h').out).toMatch(/^usage: trajectory advise/);
  });
});
