import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function trajectory(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/trajectory.js', ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function profileFile(content: string, name = 'profile.json'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'profile-')), name);
  writeFileSync(path, content);
  return path;
}

describe('trajectory advise', () => {
  it('prints the advice as JSON with topic and verdict at the top level', () => {
    const run = trajectory('advise', 'retake', '--profile', 'examples/profile.yaml', '--json');
    expect(run.code).toBe(0);
    const advice = JSON.parse(run.out);
    expect(advice.topic).toBe('retake');
    expect(advice.verdict).toBe('postpone_and_fix');
    expect(advice.reasons[0].rule).toBe('retake.near_bar');
  });

  it('prints readable text by default, with the headline, reasons and sources', () => {
    const run = trajectory('advise', 'statement', '--profile', 'examples/profile.yaml');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Personal statement: Address it briefly/);
    expect(run.out).toContain('Why\n• ');
    expect(run.out).toContain('Sources\n• ');
    expect(run.out).not.toContain('**');
  });

  it('names the bad field and exits 2', () => {
    const run = trajectory(
      'advise',
      'step3',
      '--profile',
      profileFile('{"failedAttempts": 0, "usce": "lots"}'),
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('failedAttempts:');
    expect(run.err).toContain('usce:');
    expect(run.out).toBe('');
  });

  it('names an unknown field and exits 2', () => {
    const run = trajectory(
      'advise',
      'step3',
      '--profile',
      profileFile('failedExm: step1\n', 'p.yaml'),
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('unknown field "failedExm"');
  });

  it('rejects a file that is not JSON or YAML, a missing file, and an unknown topic with exit 2', () => {
    expect(trajectory('advise', 'retake', '--profile', profileFile('{ "a": ')).err).toMatch(
      /not valid JSON or YAML/,
    );
    expect(trajectory('advise', 'retake', '--profile', '/nonexistent/p.json').err).toMatch(
      /cannot read profile file/,
    );
    const unknown = trajectory('advise', 'visa', '--profile', 'examples/profile.yaml');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown topic "visa"; choose one of retake, statement/);
  });

  it('treats an empty profile file as a profile with nothing known', () => {
    const run = trajectory(
      'advise',
      'outlook',
      '--profile',
      profileFile('', 'empty.yaml'),
      '--json',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).verdict).toBe('moderate_to_high');
  });
});
