/**
 * The registry of semantic checks. A *file check* looks at one file only, so
 * its result is cached with the file and re-run only when that file changes. A
 * *workspace check* looks across files and runs on every validation, so it must
 * stay cheap (linear in the workspace, working from the indexes).
 *
 * To add a check: write it in its own module in this folder, give its
 * diagnostic codes a home in `diagnostics/codes/`, and list it here.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FileKind } from '../kinds/index.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import type { Workspace } from '../workspace/workspace.ts';

export type FileCheck<K extends FileKind> = (file: LoadedFile<K>) => Diagnostic[];
export type WorkspaceCheck = (workspace: Workspace) => Diagnostic[];

export const FILE_CHECKS: { readonly [K in FileKind]: readonly FileCheck<K>[] } = {
  agent: [],
  flow: [],
  rules: [],
  policy: [],
  test: [],
};

export const WORKSPACE_CHECKS: readonly WorkspaceCheck[] = [];
