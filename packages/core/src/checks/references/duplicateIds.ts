/**
 * Ids are unique per kind across the workspace (CQ200): flows, rules tables,
 * policies and test suites. The first file by path keeps the id (it is the one
 * the workspace indexes); each later file is reported, pointing back at it.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { quote, report } from '../report.ts';

type IdentifiedKind = 'flow' | 'rules' | 'policy' | 'test';

const KIND_NAMES: Record<IdentifiedKind, string> = { flow: 'flow', rules: 'rules table', policy: 'policy', test: 'test suite' };

export function checkDuplicateIds(workspace: Workspace): Diagnostic[] {
  return [
    ...duplicatesOf('flow', workspace.flows),
    ...duplicatesOf('rules', workspace.rules),
    ...duplicatesOf('policy', workspace.policies),
    ...duplicatesOf('test', workspace.tests),
  ];
}

function duplicatesOf<K extends IdentifiedKind>(kind: K, files: readonly LoadedFile<K>[]): Diagnostic[] {
  const first = new Map<string, LoadedFile<K>>();
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const id = (file.data as { id: string }).id;
    const owner = first.get(id);
    if (!owner) {
      first.set(id, file);
      continue;
    }
    const name = KIND_NAMES[kind];
    const message = `${name} id ${quote(id)} is already used by ${owner.path}; ids are unique across the workspace, so rename one`;
    const related = [{ file: owner.path, range: owner.source.rangeOf(['id']), message: `the first ${name} with id ${quote(id)}` }];
    diagnostics.push(report('CQ200', file.path, file.source.rangeOf(['id']), message, { related }));
  }
  return diagnostics;
}
