import { defineConfig } from 'vitest/config';

// One test setup for the whole repository: each package and app is a vitest
// project, so `pnpm test` runs everything and `vitest --project core` runs one.
const project = (name: string, root: string) => ({
  test: {
    name,
    root,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summaryReporter.ts'],
    projects: [
      project('core', 'packages/core'),
      project('engine', 'packages/engine'),
      project('nlu', 'packages/nlu'),
      project('simulator', 'packages/simulator'),
      project('cli', 'apps/cli'),
      project('server', 'apps/server'),
      project('studio', 'apps/studio'),
      {
        test: {
          name: 'repo',
          root: '.',
          include: ['tests/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
