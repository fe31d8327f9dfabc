import type { TestCase, TestFile } from '@colloquy/core';
import type { SessionConfig } from '@colloquy/engine';

/** The session a test runs in: the file's context with the test's own values over it, the test's action outcomes, and the run's date. */
export function sessionConfigFor(file: TestFile, test: TestCase, today: string): SessionConfig {
  return {
    context: { ...(file.context ?? {}), ...(test.context ?? {}) },
    actions: { ...(test.actions ?? {}) },
    today,
  };
}
