import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

interface Line {
  kind: string;
  id?: string;
  text?: string;
  choices?: { id: string; label: string }[];
  advice?: { topic: string; verdict: string };
}

/** Runs `trajectory chat --jsonl` with the given stdin lines and returns the JSON lines it wrote. */
function chat(
  lines: string[],
  env: Record<string, string> = {},
): Promise<{ out: Line[]; err: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/trajectory.js', 'chat', '--jsonl', '--person', 'tester'],
      {
        env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'warn', ...env },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        out: out
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Line),
        err,
        code,
      });
    });
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

const verdicts = (lines: Line[]) =>
  lines.filter((l) => l.kind === 'advice').map((l) => l.advice?.verdict);

/** Runs the plain-text `trajectory chat` with piped stdin; fails rather than hang. */
function plainChat(
  input: string,
  env: Record<string, string> = {},
): Promise<{ out: string; code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/trajectory.js', 'chat', '--person', 'piped'], {
      env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, 15_000);
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out, code, timedOut });
    });
    child.stdin.end(input);
  });
}

describe('trajectory chat, plain text', () => {
  it('closes on exit, with a goodbye true to the memory store', async () => {
    const run = await plainChat('hi\n1\nexit\nstep 1\n');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Which exam was the failed attempt on?');
    expect(run.out).not.toContain('How many attempts');
    expect(run.out).toContain('gone now');
    expect(run.out).not.toContain('kept for next time');
  });
});

describe('trajectory chat --jsonl', () => {
  it('runs a whole conversation non-interactively, one JSON line per reply', async () => {
    const run = await chat([
      'hi',
      '1',
      'step 1',
      '1',
      'no',
      'below',
      'yes',
      'no',
      'content',
      'not sure',
      'why',
    ]);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatchObject({ kind: 'text' });
    expect(run.out[1]).toMatchObject({ kind: 'question', id: 'menu' });
    expect(run.out[1]?.choices?.[0]).toEqual({ id: 'retake', label: 'When to retake' });
    expect(verdicts(run.out)).toEqual(['postpone_and_fix']);
    const advice = run.out.find((l) => l.kind === 'advice');
    expect(advice?.text).toContain('Retake timing');
    expect(run.out.at(-1)).toMatchObject({ kind: 'question', id: 'next' });
  });

  it('accepts a JSON input line, such as a button press', async () => {
    const run = await chat([
      '/retake',
      '{"kind":"choice","question":"failedExam","option":"step1"}',
    ]);
    expect(run.out.at(-1)).toMatchObject({ kind: 'question', id: 'failedAttempts' });
  });

  it('answers a malformed JSON input with a clear message instead of failing', async () => {
    const run = await chat(['{"kind":"choice","question":5}', 'hi']);
    expect(run.code).toBe(0);
    expect(run.out[0]?.text).toMatch(/couldn't read that message/);
  });

  it('refuses a broken configuration with a message naming the variable, exit 2', async () => {
    const run = await chat(['hi'], { REDIS_URL: 'redis://127.0.0.1:1', SESSION_SALT: 'not-hex' });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/SESSION_SALT/);
    expect(run.out).toEqual([]);
  });
});

describe('trajectory chat --jsonl on Redis', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer({ persist: true });
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('answers piped plain text with Redis instead of hanging after the welcome', async () => {
    const env = { REDIS_URL: redis.url, SESSION_SALT: 'ef'.repeat(16) };
    const run = await plainChat('hi\n1\n', env);
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Which exam was the failed attempt on?');
    expect(run.out).toContain('kept for next time');
  });

  it('picks the conversation up where it was after a process restart', async () => {
    const env = { REDIS_URL: redis.url, SESSION_SALT: 'ab'.repeat(16) };
    const first = await chat(['/retake', 'step 2', '2', 'no'], env);
    expect(first.out.at(-1)).toMatchObject({ kind: 'question', id: 'practiceStanding' });
    const second = await chat(['well above', 'no', 'anxiety'], env);
    expect(verdicts(second.out)).toEqual(['keep_date']);
    const third = await chat(['profile'], env);
    expect(third.out[0]?.text).toContain('Exam failed: USMLE Step 2 CK');
  });

  it('tells the person when Redis is down, and loses nothing once it is back', async () => {
    const env = { REDIS_URL: redis.url, SESSION_SALT: 'cd'.repeat(16) };
    await chat(['/retake', 'step 1'], env);
    await redis.stop();
    try {
      const down = await chat(['3'], env);
      expect(down.code).toBe(0);
      expect(down.out[0]?.text).toMatch(/can't reach my memory/);
    } finally {
      await redis.restart();
    }
    const back = await chat(['3'], env);
    expect(back.out.at(-1)).toMatchObject({ kind: 'question', id: 'retakePassed' });
  });
});
