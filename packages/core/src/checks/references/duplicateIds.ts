/**
 * Ids are unique per kind across the workspace (CQ200): flows, rules tables,
 * policies and test suites. The first file by path keeps the id (it is the one
 * the workspace indexes); each later file is reported, pointing back at it.
 *
 * Each kind's ids are kept in a ClaimIndex, so after an edit only the ids the
 * edited file claimed before or claims now are looked at again.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { ClaimIndex, type Claim } from '../ClaimIndex.ts';
import { quote, report } from '../report.ts';

type IdentifiedKind = 'flow' | 'rules' | 'policy' | 'test';

const KIND_NAMES: Record<IdentifiedKind, string> = { flow: 'flow', rules: 'rules table', policy: 'policy', test: 'test suite' };

export function createDuplicateIdsCheck(): (workspace: Workspace) => Diagnostic[] {
  const flows = idIndex('flow');
  const rules = idIndex('rules');
  const policies = idIndex('policy');
  const tests = idIndex('test');
  return (workspace) => [
    ...flows.update(workspace.flows),
    ...rules.update(workspace.rules),
    ...policies.update(workspace.policies),
    ...tests.update(workspace.tests),
  ];
}

function idIndex<K extends IdentifiedKind>(kind: K): ClaimIndex<LoadedFile<K>, null> {
  return new ClaimIndex<LoadedFile<K>, null>(
    (file) => [[(file.data as { id: string }).id, null]],
    (id, claims) => duplicatesOf(kind, id, claims),
  );
}

function duplicatesOf<K extends IdentifiedKind>(kind: K, id: string, claims: readonly Claim<LoadedFile<K>, null>[]): Diagnostic[] {
  const owner = claims[0]!.file;
  const name = KIND_NAMES[kind];
  return claims.slice(1).map(({ file }) => {
    const message = `${name} id ${quote(id)} is already used by ${owner.path}; ids are unique across the workspace, so rename one`;
    const related = [{ file: owner.path, range: owner.source.rangeOf(['id']), message: `the first ${name} with id ${quote(id)}` }];
    return report('CQ200', file.path, file.source.rangeOf(['id']), message, { related });
  });
}
