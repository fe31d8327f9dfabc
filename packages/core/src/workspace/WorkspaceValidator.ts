import { FILE_CHECKS, createWorkspaceChecks, type FileCheck, type WorkspaceCheck } from '../checks/index.ts';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FileKind } from '../kinds/index.ts';
import { SchemaValidator } from '../schema/schemaValidator.ts';
import { DEFAULT_LIMITS, type ParseLimits } from '../source/limits.ts';
import { loadFile, type AnyLoadedFile, type BrokenFile, type FileLoadResult } from './loadFile.ts';
import { buildWorkspace, type Workspace } from './workspace.ts';

/** One file of the workspace: a workspace-relative path with `/` separators, and its content. */
export interface SourceFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

export interface ValidationResult {
  readonly workspace: Workspace;
  /** Every diagnostic, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface WorkspaceValidatorOptions {
  readonly limits?: ParseLimits;
  readonly schemas?: SchemaValidator;
}

interface CachedFile {
  readonly content: string | Uint8Array;
  readonly load: FileLoadResult;
  /** Parse, schema and file-check diagnostics: everything that depends on this file alone. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Validates a workspace incrementally: `validate()` costs what changed since
 * the last call, plus one pass over the files that compares them by identity
 * (docs/decisions/0005-validation-performance.md).
 *
 * - Everything that depends on one file only (parsing, schema, file checks
 *   such as a rules table's gap analysis) is cached per file and recomputed
 *   only when that file's content changes.
 * - Checks that look across files are instances owned by this validator that
 *   keep what they computed from unchanged files (see checks/index.ts).
 * - When nothing changed since the last `validate()`, it returns the same
 *   result object again without running anything.
 *
 * Results are the same as validating the same files from scratch, whatever
 * the history of edits (test/workspace/incrementalValidator.differential.test.ts).
 */
export class WorkspaceValidator {
  private readonly files = new Map<string, CachedFile>();
  private readonly limits: ParseLimits;
  private readonly schemas: SchemaValidator;
  private readonly checks: readonly WorkspaceCheck[] = createWorkspaceChecks();
  /** The paths in order, until a file is added or deleted. */
  private sortedPaths: readonly string[] | undefined;
  /** The last model built, whose unchanged parts the next one takes over. */
  private workspace: Workspace | undefined;
  /** The last result, until a file changes. */
  private result: ValidationResult | undefined;

  constructor(options: WorkspaceValidatorOptions = {}) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.schemas = options.schemas ?? new SchemaValidator();
  }

  /** Adds or replaces a file. Unchanged content is a no-op. */
  set(path: string, content: string | Uint8Array): void {
    const cached = this.files.get(path);
    if (cached && sameContent(cached.content, content)) return;
    const load = loadFile(path, content, this.schemas, this.limits);
    const diagnostics = load.file ? [...load.diagnostics, ...runFileChecks(load.file)] : load.diagnostics;
    this.files.set(path, { content, load, diagnostics });
    if (!cached) this.sortedPaths = undefined;
    this.result = undefined;
  }

  /** Removes a file. Removing a path the validator does not hold is a no-op. */
  delete(path: string): void {
    if (!this.files.delete(path)) return;
    this.sortedPaths = undefined;
    this.result = undefined;
  }

  paths(): string[] {
    return [...this.orderedPaths()];
  }

  validate(): ValidationResult {
    if (this.result) return this.result;
    const loaded: AnyLoadedFile[] = [];
    const broken: BrokenFile[] = [];
    const diagnostics: Diagnostic[] = [];
    // In path order, so the model and everything derived from it do not depend on the order files were set in.
    for (const path of this.orderedPaths()) {
      const { load, diagnostics: own } = this.files.get(path)!;
      if (load.file) loaded.push(load.file);
      if (load.broken) broken.push(load.broken);
      if (own.length > 0) diagnostics.push(...own);
    }
    const workspace = buildWorkspace(loaded, broken, this.workspace);
    for (const check of this.checks) {
      const found = check(workspace);
      if (found.length > 0) diagnostics.push(...found);
    }
    this.workspace = workspace;
    this.result = { workspace, diagnostics: sortDiagnostics(diagnostics) };
    return this.result;
  }

  private orderedPaths(): readonly string[] {
    this.sortedPaths ??= [...this.files.keys()].sort();
    return this.sortedPaths;
  }
}

/** True when the new content is known to be the same: the same string, or the same bytes. */
function sameContent(before: string | Uint8Array, after: string | Uint8Array): boolean {
  if (before === after) return true;
  if (typeof before === 'string' || typeof after === 'string') return false;
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) return false;
  return true;
}

function runFileChecks(file: AnyLoadedFile): Diagnostic[] {
  const checks = FILE_CHECKS[file.kind] as readonly FileCheck<FileKind>[];
  return checks.flatMap((check) => check(file));
}

/** Validates a set of files in one go. */
export function validateWorkspace(files: Iterable<SourceFile>, options?: WorkspaceValidatorOptions): ValidationResult {
  const validator = new WorkspaceValidator(options);
  for (const file of files) validator.set(file.path, file.content);
  return validator.validate();
}
