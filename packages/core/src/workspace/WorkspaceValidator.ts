import { FILE_CHECKS, WORKSPACE_CHECKS, type FileCheck } from '../checks/index.ts';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FileKind } from '../kinds/index.ts';
import { SchemaValidator } from '../schema/schemaValidator.ts';
import { DEFAULT_LIMITS, type ParseLimits } from '../source/limits.ts';
import { loadFile, type AnyLoadedFile, type FileLoadResult } from './loadFile.ts';
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
 * Validates a workspace incrementally. Everything that depends on one file only
 * (parsing, schema, file checks such as a rules table's gap analysis) is cached
 * per file and recomputed only when that file's text changes; checks that look
 * across files run on every `validate()` from the loaded data.
 */
export class WorkspaceValidator {
  private readonly files = new Map<string, CachedFile>();
  private readonly limits: ParseLimits;
  private readonly schemas: SchemaValidator;

  constructor(options: WorkspaceValidatorOptions = {}) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.schemas = options.schemas ?? new SchemaValidator();
  }

  /** Adds or replaces a file. Unchanged text is a no-op. */
  set(path: string, content: string | Uint8Array): void {
    const cached = this.files.get(path);
    if (cached && typeof content === 'string' && cached.content === content) return;
    const load = loadFile(path, content, this.schemas, this.limits);
    const diagnostics = load.file ? [...load.diagnostics, ...runFileChecks(load.file)] : load.diagnostics;
    this.files.set(path, { content, load, diagnostics });
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  validate(): ValidationResult {
    const loaded: AnyLoadedFile[] = [];
    const broken = [];
    const diagnostics: Diagnostic[] = [];
    for (const cached of this.files.values()) {
      if (cached.load.file) loaded.push(cached.load.file);
      if (cached.load.broken) broken.push(cached.load.broken);
      diagnostics.push(...cached.diagnostics);
    }
    const workspace = buildWorkspace(loaded, broken);
    for (const check of WORKSPACE_CHECKS) diagnostics.push(...check(workspace));
    return { workspace, diagnostics: sortDiagnostics(diagnostics) };
  }
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
