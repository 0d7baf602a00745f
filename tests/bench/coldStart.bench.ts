// Cold start of each CLI command: wall time from spawn to exit (or, for `start`, to the first
// prompt on stdout), medians of 5, with the CPU the process used where /usr/bin/time can tell.
// States whether the compiled dist/ or tsx ran, and a bare `node -e 0` for the machine's pace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = {
  ...process.env,
  REDIS_URL: '',
  TELEGRAM_BOT_TOKEN: '',
  DISCORD_TOKEN: '',
  LOG_LEVEL: 'silent',
};

const commands: [string, string[]][] = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['trajectory --help', ['bin/trajectory.js', '--help']],
  [
    'trajectory advise',
    ['bin/trajectory.js', 'advise', 'retake', '--profile', 'examples/profile.yaml'],
  ],
  ['trajectory route', ['bin/trajectory.js', 'route', 'I failed Step 1 twice, should I retake?']],
];

function cpuOf(args: string[]): number | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  const run = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  const match = /CPU ([\d.]+) ([\d.]+)/.exec(run.stderr);
  return match ? (Number(match[1]) + Number(match[2])) * 1000 : undefined;
}

function wallOf(args: string[]): number {
  const started = performance.now();
  spawnSync(process.execPath, args, { cwd: root, env, stdio: 'ignore' });
  return performance.now() - started;
}

// `npm start` without tokens opens the terminal chat: the first prompt is the first output.
function startToPrompt(): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/trajectory.js', 'start'], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    child.stdout.once('data', () => {
      resolve(performance.now() - started);
      child.kill('SIGKILL');
    });
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Cold start per command. */
export default async function coldStartBench(): Promise<string[]> {
  const compiled = spawnSync(
    process.execPath,
    [
      '-e',
      `
    const { statSync, readdirSync } = require('node:fs');
    let built = -1; try { built = statSync('dist/.tsbuildinfo').mtimeMs } catch {}
    const newest = Math.max(...readdirSync('src', { recursive: true }).map((f) => statSync('src/' + f).mtimeMs));
    process.stdout.write(built >= newest ? 'compiled dist/' : 'tsx (dist/ missing or older than src/)');
  `,
    ],
    { cwd: root, encoding: 'utf8' },
  ).stdout;
  const out = [`runs: ${compiled}; medians of 5`];
  for (const [name, args] of commands) {
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < 5; i++) {
      walls.push(wallOf(args));
      const cpu = cpuOf(args);
      if (cpu !== undefined) cpus.push(cpu);
    }
    out.push(
      `${name}: ${Math.round(median(walls))} ms wall${cpus.length ? `, ${Math.round(median(cpus))} ms CPU` : ''}`,
    );
  }
  const prompts: number[] = [];
  for (let i = 0; i < 5; i++) prompts.push(await startToPrompt());
  out.push(
    `npm start → first prompt (terminal chat, no tokens): ${Math.round(median(prompts))} ms wall`,
  );
  return out;
}
