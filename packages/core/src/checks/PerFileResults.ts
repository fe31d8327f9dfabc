/**
 * Keeps what a cross-file check reported about each file of one kind, and
 * recomputes a file's result only when the file or something the check read
 * for it changed. One instance belongs to one check instance of one validator.
 *
 * What the check reads besides the file is declared twice, coarse and fine:
 *
 * - `shared(context)`: everything any file's result may depend on (the agent
 *   file in use, the rules index, the list of broken files), compared once
 *   per run. While it and a file are unchanged, so is the file's result.
 * - `own(file, context)`: exactly what this file's result depends on, such as
 *   the agent file and the rules tables a flow decides with. It must be a
 *   function of the file and the shared inputs, so it is only looked at when
 *   a shared input changed: a rules table edit then recomputes only the flows
 *   that decide with that table, an agent edit every flow.
 *
 * `compute(file, context)` may read nothing besides the file and its `own`
 * inputs: that contract is what makes the cache invisible, and the
 * differential test
 * (test/workspace/incrementalValidator.differential.test.ts) holds every check
 * to it. Inputs are compared with `Object.is`, so they must be values, or
 * objects that are replaced rather than mutated when they change: loaded files
 * are (the validator keeps a `LoadedFile` while its text is unchanged), and so
 * are the workspace's arrays and indexes (buildWorkspace.ts takes them over
 * only while their contents are identical).
 *
 * A run when neither the files array nor a shared input changed is a single
 * comparison; otherwise it is one map lookup per file plus the recomputed
 * files, in file order.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

interface Entry<F> {
  readonly file: F;
  readonly own: readonly unknown[];
  readonly diagnostics: readonly Diagnostic[];
}

export class PerFileResults<F extends { readonly path: string }, C> {
  private readonly entries = new Map<string, Entry<F>>();
  private lastFiles: readonly F[] | undefined;
  private lastShared: readonly unknown[] = [];
  private all: readonly Diagnostic[] = [];

  constructor(
    private readonly shared: (context: C) => readonly unknown[],
    private readonly own: (file: F, context: C) => readonly unknown[],
    private readonly compute: (file: F, context: C) => readonly Diagnostic[],
  ) {}

  run(files: readonly F[], context: C): readonly Diagnostic[] {
    const shared = this.shared(context);
    const sharedSame = sameInputs(shared, this.lastShared);
    if (sharedSame && files === this.lastFiles) return this.all;
    this.lastShared = shared;
    this.lastFiles = files;
    const all: Diagnostic[] = [];
    for (const file of files) {
      const entry = this.current(file, context, sharedSame);
      if (entry.diagnostics.length > 0) all.push(...entry.diagnostics);
    }
    if (this.entries.size > files.length) this.forgetRemoved(files);
    this.all = all;
    return all;
  }

  private current(file: F, context: C, sharedSame: boolean): Entry<F> {
    const entry = this.entries.get(file.path);
    if (entry?.file === file && sharedSame) return entry;
    const own = this.own(file, context);
    if (entry?.file === file && sameInputs(entry.own, own)) return entry;
    const fresh = { file, own, diagnostics: this.compute(file, context) };
    this.entries.set(file.path, fresh);
    return fresh;
  }

  private forgetRemoved(files: readonly F[]): void {
    const present = new Set(files.map((file) => file.path));
    for (const path of this.entries.keys()) if (!present.has(path)) this.entries.delete(path);
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
