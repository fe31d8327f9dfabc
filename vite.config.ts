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
      project('governance', 'packages/governance'),
      project('cli', 'apps/cli'),
      project('server', 'apps/server'),
      project('studio', 'apps/studio'),
      {
        test: {
          name: 'repo',
          root: '.',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          testTimeout: 60_000,
        },
      },
      {
        // The studio in headless Chromium. The global setup builds the studio when
        // its build is stale; files run one at a time because each drives a browser.
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/e2e/support/buildStudio.globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
