// `npm run bench`: runs every tests/bench/*.bench.ts and prints its figures.
// Benchmarks print numbers; they never assert on time.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  if (only && !file.includes(only)) continue;
  const bench = (await import(new URL(file, import.meta.url).href)) as {
    default: () => Promise<string[]>;
  };
  const started = performance.now();
  const lines = await bench.default();
  console.log(
    `\n## ${file.replace('.bench.ts', '')} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  for (const line of lines) console.log(`  ${line}`);
}
