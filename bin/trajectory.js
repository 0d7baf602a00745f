#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm ci` through the `prepare` script) when it
// is at least as new as every source file; otherwise — while developing, or where no build was
// made — the TypeScript in src/ through tsx, so an edit is never shadowed by a stale build.
// TRAJECTORY_TSX=1 always takes the tsx path.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const buildInfo = fileURLToPath(new URL('../dist/.tsbuildinfo', import.meta.url));

function builtAt() {
  try {
    return statSync(buildInfo).mtimeMs;
  } catch {
    return -1;
  }
}

function compiledIsCurrent() {
  const built = builtAt();
  if (built < 0) return false;
  for (const file of readdirSync(src, { recursive: true })) {
    if (statSync(src + file).mtimeMs > built) return false;
  }
  return true;
}

if (process.env.TRAJECTORY_TSX !== '1' && compiledIsCurrent()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
