import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateWorkspace, type SourceFile, type ValidationResult } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { UsageError } from './io.ts';

export interface LoadedWorkspace extends ValidationResult {
  /** The absolute path of the workspace folder. */
  readonly root: string;
  /** The files as read (workspace-relative paths, sorted), e.g. for a content hash. */
  readonly files: readonly SourceFile[];
}

/** The absolute path of the workspace folder a command was given (default: the current folder); a usage error when it is not a folder. */
export async function workspaceFolder(dir: string | undefined, cwd: string, command: string): Promise<string> {
  const root = resolve(cwd, dir ?? '.');
  const stats = await stat(root).catch(() => undefined);
  if (!stats) throw new UsageError(`${command}: no such folder: ${dir ?? root}`);
  if (!stats.isDirectory()) throw new UsageError(`${command}: not a folder: ${dir ?? root}`);
  return root;
}

/** Reads and validates the workspace folder a command was given (default: the current folder). */
export async function loadWorkspace(dir: string | undefined, cwd: string, command: string): Promise<LoadedWorkspace> {
  const root = await workspaceFolder(dir, cwd, command);
  let files;
  try {
    files = await readWorkspace(root);
  } catch (error) {
    throw new UsageError(`${command}: cannot read ${dir ?? root}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { root, files, ...validateWorkspace(files) };
}
