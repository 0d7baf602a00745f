import { configDefaults, defineConfig } from 'vitest/config';

// Tests that run whole bot processes and Redis clusters: they run after the rest, so their
// child processes never compete for the CPU with the timing-sensitive CLI tests.
const processTests = [
  'tests/serving/shutdown.test.ts',
  'tests/serving/webhookReplicas.test.ts',
  'tests/store/redisCluster.test.ts',
  'tests/e2e/deliveryFaultsProcesses.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...processTests],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: processTests,
          testTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
