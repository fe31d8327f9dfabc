/**
 * What a new state of a change request's index document means for the files this client shows
 * (/work/notes/fileops-contract.md, "Live documents"): the index lists every file of the change
 * (`files`: path → `{ version }`) and every rename of its life (`renamed`: from → `{ to, epoch }`).
 * A file this client shows that the index no longer lists was renamed when a chain of renames from
 * it ends at a listed file (a→b→c is followed to c), else deleted. A file whose live document this
 * client holds follows a rename only when the document's epoch is the rename's: a file deleted and
 * made again under the old name has a new document, so an old rename of that name is not its own.
 * Who did it comes from the index's awareness, where the person acting announces the operation
 * (`op`) before asking the server (the server sets each state's `user.name` to the session's
 * account, so the name is not a client's claim). Pure, tested in Node.
 */

export interface RenameEntry {
  readonly to: string;
  /** The epoch of the renamed file's document; undefined from a server that keeps none. */
  readonly epoch: string | undefined;
}

export interface IndexPlan {
  /** Files to move, each from a path this client shows to one the index lists. */
  readonly renames: readonly { readonly from: string; readonly to: string }[];
  /** Files this client shows that are gone from the change request. */
  readonly deleted: readonly string[];
}

/** An operation announced on the index's awareness by the person doing it (state field `op`). */
export type FileOperation =
  | { readonly type: 'create'; readonly path: string }
  | { readonly type: 'rename'; readonly from: string; readonly to: string }
  | { readonly type: 'delete'; readonly path: string };

/** Longest chain of renames followed (a→b→…); far more than anyone makes, and a guard against a loop. */
const MAX_CHAIN = 100;

/**
 * `shown`: the paths this client shows (files of the change it read, not new unsaved buffers);
 * `listed`: the index's paths; `renamed`: its renames; `epochOf`: the epoch of the live document
 * this client holds for a path (undefined: none held, or one without an epoch yet).
 */
export function planIndexChanges(
  shown: Iterable<string>,
  listed: ReadonlySet<string>,
  renamed: ReadonlyMap<string, RenameEntry>,
  epochOf: (path: string) => string | undefined,
): IndexPlan {
  const renames: { from: string; to: string }[] = [];
  const deleted: string[] = [];
  const claimed = new Set<string>();
  for (const path of shown) {
    if (listed.has(path)) continue;
    const to = renameTarget(path, listed, renamed, epochOf(path));
    if (to !== undefined && !claimed.has(to)) {
      claimed.add(to);
      renames.push({ from: path, to });
    } else deleted.push(path);
  }
  return { renames, deleted };
}

/** Where the renames from `path` lead to a listed file; undefined when they do not (it was deleted). */
function renameTarget(path: string, listed: ReadonlySet<string>, renamed: ReadonlyMap<string, RenameEntry>, epoch: string | undefined): string | undefined {
  const seen = new Set([path]);
  let at = path;
  for (let step = 0; step < MAX_CHAIN; step++) {
    const entry = renamed.get(at);
    if (!entry || seen.has(entry.to)) return undefined;
    if (epoch !== undefined && entry.epoch !== undefined && entry.epoch !== epoch) return undefined;
    at = entry.to;
    seen.add(at);
    if (listed.has(at)) return at;
  }
  return undefined;
}

/** The index's `renamed` entry (`{ to, epoch }`, a plain object or a Y.Map), or undefined for anything else. */
export function renameOfEntry(entry: unknown): RenameEntry | undefined {
  const e = entry as { to?: unknown; epoch?: unknown; get?: (key: string) => unknown } | null;
  if (typeof e !== 'object' || e === null) return undefined;
  const read = (key: 'to' | 'epoch') => (typeof e.get === 'function' ? e.get(key) : e[key]);
  const to = read('to');
  const epoch = read('epoch');
  return typeof to === 'string' && to !== '' ? { to, epoch: typeof epoch === 'string' ? epoch : undefined } : undefined;
}

/**
 * Who announced `operation` on the index's awareness (client id → state), or undefined when
 * nobody did (the operation came from the CLI or the API, or its announcement has not arrived).
 * `self` is this client's id: its own announcement answers `'you'`.
 */
export function whoDid(states: ReadonlyMap<number, unknown>, operation: FileOperation, self: number): string | undefined {
  for (const [clientId, state] of states) {
    const op = (state as { op?: unknown } | null)?.op;
    if (!sameOperation(op, operation)) continue;
    if (clientId === self) return 'you';
    const name = (state as { user?: { name?: unknown } }).user?.name;
    if (typeof name === 'string' && name.trim() !== '' && name.length <= 200) return name.trim();
  }
  return undefined;
}

function sameOperation(value: unknown, operation: FileOperation): boolean {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || v['type'] !== operation.type) return false;
  return operation.type === 'rename' ? v['from'] === operation.from && v['to'] === operation.to : v['path'] === operation.path;
}
