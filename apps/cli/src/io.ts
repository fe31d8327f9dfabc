import type { Readable, Writable } from 'node:stream';

/** The process's streams and working directory, passed in so commands can be tested in-process. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable;
  readonly cwd: string;
}

/** Exit codes: part of the CLI's contract with CI systems. */
export const EXIT = {
  /** Clean: no findings, all tests passed. */
  ok: 0,
  /** Findings (errors, or warnings with --strict) or failing tests. */
  findings: 1,
  /** Wrong usage, or the workspace could not be read. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem with how the command was called or with reading its input: one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function useColor(io: CliIo): boolean {
  return Boolean(io.stdout.isTTY) && !('NO_COLOR' in process.env);
}
