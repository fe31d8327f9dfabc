/**
 * The editor's buffers as a workspace: which of them are workspace files,
 * incremental validation over them, the readable reason Try-it and the test
 * runner give when the workspace has errors, and turning the line/column
 * places that traces and test reports carry into editor ranges.
 *
 * DOM-free and Node-free: tested in Node, used by the panels.
 */
import { WorkspaceValidator, formatDiagnostic, type Diagnostic, type ValidationResult, type Workspace } from '@colloquy/core';

export { rangeAtLineColumn } from './textRange.ts';

/** Workspace path → text, saved or not: what the studio's store holds. */
export type WorkspaceFiles = ReadonlyMap<string, string>;

/** Only YAML files are part of a workspace (`readWorkspace` reads the same set); a README beside them is not. */
export function isWorkspaceFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * Validates the buffers, re-parsing only the files whose text changed since the
 * last call (core's `WorkspaceValidator` caches per file). One per panel; it
 * holds nothing that needs disposing.
 */
export interface IncrementalValidation {
  validate(files: WorkspaceFiles): ValidationResult;
}

export function createIncrementalValidation(): IncrementalValidation {
  const validator = new WorkspaceValidator();
  let known = new Set<string>();
  return {
    validate(files) {
      const now = new Set<string>();
      for (const [path, text] of files) {
        if (!isWorkspaceFile(path)) continue;
        now.add(path);
        validator.set(path, text);
      }
      for (const path of known) if (!now.has(path)) validator.delete(path);
      known = now;
      return validator.validate();
    },
  };
}

/** Test files by name (`*.test.yaml`), the convention every example and the save dialog follow. */
export function isTestFilePath(path: string): boolean {
  return /\.test\.ya?ml$/i.test(path);
}

/**
 * The files of `workspace` that hold tests: loaded test files, broken files
 * that claim `kind: test`, and anything named like one. A conversation does
 * not depend on any of them.
 */
export function testFilePaths(workspace: Workspace): Set<string> {
  return new Set([...workspace.tests.map((t) => t.path), ...workspace.broken.filter((b) => b.kind === 'test').map((b) => b.path)]);
}

/** Which workspace files a snapshot leaves out (default none). */
export type FileFilter = (path: string) => boolean;

/** A snapshot of the workspace files, to tell later whether the buffers changed since. */
export function snapshotFiles(files: WorkspaceFiles, ignore: FileFilter = () => false): WorkspaceFiles {
  const copy = new Map<string, string>();
  for (const [path, text] of files) if (isWorkspaceFile(path) && !ignore(path)) copy.set(path, text);
  return copy;
}

/** True when the workspace files (less the ignored ones) differ from the snapshot: text edited, file added or removed. */
export function filesChanged(snapshot: WorkspaceFiles, files: WorkspaceFiles, ignore: FileFilter = () => false): boolean {
  let count = 0;
  for (const [path, text] of files) {
    if (!isWorkspaceFile(path) || ignore(path)) continue;
    count++;
    if (snapshot.get(path) !== text) return true;
  }
  return count !== snapshot.size;
}

/** Why something cannot run on a workspace with errors: counts, then the first few errors as `file:line:col` lines. */
export interface Refusal {
  readonly reason: string;
  /** Every error, for a list the designer can click through. */
  readonly errors: readonly Diagnostic[];
}

const ERRORS_SHOWN = 3;

/** Undefined when there is no error (warnings never stop Try-it or the tests, as in the CLI without `--strict`). */
export function refusalFor(diagnostics: readonly Diagnostic[], what: string): Refusal | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return undefined;
  const files = new Set(errors.map((d) => d.file)).size;
  const count = `${errors.length} error${errors.length === 1 ? '' : 's'}${files > 1 ? ` in ${files} files` : ''}`;
  const shown = errors.slice(0, ERRORS_SHOWN).map((d) => formatDiagnostic(d));
  const more = errors.length > ERRORS_SHOWN ? [`… and ${errors.length - ERRORS_SHOWN} more`] : [];
  return { reason: [`The workspace has ${count}; fix ${errors.length === 1 ? 'it' : 'them'} to ${what}.`, ...shown, ...more].join('\n'), errors };
}
