/**
 * "Could this name live in a file that failed to load?" References into broken
 * files are not reported: the broken file's own errors come first, and one
 * mistake should give one diagnostic.
 *
 * `Workspace.isBroken` knows the kind and id a broken file claims when its
 * YAML could be read. A file with a YAML syntax error claims nothing, so here
 * its kind is also taken from its name (`*.flow.yaml` is a flow), and a broken
 * file of a kind without a readable id might declare any id of that kind.
 */
import { FILE_KINDS, KINDS, type FileKind } from '../kinds/index.ts';
import type { Workspace } from '../workspace/workspace.ts';

export function mightBeBroken(workspace: Workspace, kind: FileKind, id?: string): boolean {
  if (workspace.isBroken(kind, id)) return true;
  return workspace.broken.some((file) => (file.kind ?? kindFromPath(file.path)) === kind && (id === undefined || file.id === undefined || file.id === id));
}

function kindFromPath(path: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return FILE_KINDS.find((kind) => (kind === 'agent' ? name === KINDS.agent.suffix : name.endsWith(KINDS[kind].suffix)));
}
