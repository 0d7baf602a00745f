#!/usr/bin/env node
// `npm ci` runs this (the `prepare` script): compiles src/ to dist/ with tsc, so the CLI starts
// from plain JavaScript, and saves the validated knowledge snapshot beside it. Where TypeScript is not installed (`npm ci --omit=dev`) it says so and
// stops without failing the install: bin/trajectory.js then runs the sources through tsx.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.log('trajectory: TypeScript is not installed, so no build; the CLI will run via tsx');
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
// The validated knowledge snapshot is built with the code, so the first start is quick too.
const { loadKnowledge } = await import('../dist/knowledge/load.js');
loadKnowledge();
