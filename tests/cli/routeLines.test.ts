import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RouteOutput } from '../../src/cli/routeCommand.ts';

function route(args: string[], input: string) {
  return spawnSync(process.execPath, ['bin/trajectory.js', 'route', ...args], {
    encoding: 'utf8',
    input,
  });
}

describe('trajectory route --jsonl', () => {
  it('reads one message per line and writes one JSON result per line, in order', () => {
    const run = route(
      ['--jsonl'],
      'when to retake?\n\nstep3 worth it?\r\nmention fail in ps?\nI keep rescheduling because I am terrified\n',
    );
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    const results = lines.map((l) => JSON.parse(l) as RouteOutput);
    expect(results.map((r) => r.topic)).toEqual(['retake', 'step3', 'statement', 'retake']);
    expect(Object.keys(results[0]!)).toEqual([
      'intent',
      'topic',
      'also',
      'score',
      'runnerUp',
      'facts',
      'safety',
    ]);
    expect(results[3]!.safety).toBe('distress');
  });

  it('is the same reading as route --json, one message at a time', () => {
    const text = "I'm 8 years out, failed step 1 twice, is it over?";
    const one = JSON.parse(route([text, '--json'], '').stdout) as RouteOutput;
    const many = JSON.parse(route(['--jsonl'], `${text}\n`).stdout) as RouteOutput;
    expect(many).toEqual(one);
  });

  it('refuses messages as arguments, with the usage', () => {
    const run = route(['--jsonl', 'hello'], '');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/standard input/);
  });
});
