/**
 * Names that files claim across the workspace (a flow id, an intent, a
 * normalised training example), indexed so that a check of the form "this
 * name is claimed more than once" costs what an edit changed, not what the
 * workspace holds.
 *
 * `update(files)` is given the current version of every file of one kind,
 * sorted by path. Files are compared by identity with what the index saw last
 * time (the validator keeps a `LoadedFile` while its text is unchanged, and
 * buildWorkspace keeps the array itself while no file in it changed, which
 * makes an unchanged kind a single comparison). For each file that was
 * added, replaced or removed, its old claims are withdrawn and its new ones
 * entered, and only the keys whose claimants changed are judged again.
 *
 * `judge` sees a key's claims in workspace order (by path, then in the order
 * the file made them), exactly as a from-scratch pass over the sorted files
 * would, so the diagnostics do not depend on the history of edits.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

export interface Claim<F, C> {
  readonly file: F;
  readonly claim: C;
}

export type ClaimsOf<F, C> = (file: F) => Iterable<readonly [key: string, claim: C]>;
export type Judge<F, C> = (key: string, claims: readonly Claim<F, C>[]) => readonly Diagnostic[];

interface FileEntry<F> {
  readonly file: F;
  readonly keys: readonly string[];
}

export class ClaimIndex<F extends { readonly path: string }, C> {
  private lastFiles: readonly F[] | undefined;
  private readonly files = new Map<string, FileEntry<F>>();
  private readonly claims = new Map<string, Claim<F, C>[]>();
  /** Only keys with something to report, so that collecting the results does not walk every key. */
  private readonly reported = new Map<string, readonly Diagnostic[]>();
  private all: readonly Diagnostic[] = [];

  constructor(
    private readonly claimsOf: ClaimsOf<F, C>,
    private readonly judge: Judge<F, C>,
  ) {}

  /** Brings the index up to date with `files` and returns the diagnostics of every key. */
  update(files: readonly F[]): readonly Diagnostic[] {
    if (files === this.lastFiles) return this.all;
    this.lastFiles = files;
    const changed = new Set<string>();
    let kept = 0;
    for (const file of files) {
      const entry = this.files.get(file.path);
      if (entry?.file === file) {
        kept++;
        continue;
      }
      if (entry) {
        kept++;
        this.withdraw(entry, changed);
      }
      this.enter(file, changed);
    }
    if (kept < this.files.size) this.withdrawRemoved(files, changed);
    if (changed.size === 0) return this.all;
    for (const key of changed) this.rejudge(key);
    this.all = [...this.reported.values()].flat();
    return this.all;
  }

  private enter(file: F, changed: Set<string>): void {
    const keys = new Set<string>();
    for (const [key, claim] of this.claimsOf(file)) {
      const claims = this.claims.get(key);
      if (claims) claims.push({ file, claim });
      else this.claims.set(key, [{ file, claim }]);
      keys.add(key);
      changed.add(key);
    }
    this.files.set(file.path, { file, keys: [...keys] });
  }

  private withdraw(entry: FileEntry<F>, changed: Set<string>): void {
    for (const key of entry.keys) {
      const remaining = this.claims.get(key)!.filter((claim) => claim.file !== entry.file);
      if (remaining.length > 0) this.claims.set(key, remaining);
      else this.claims.delete(key);
      changed.add(key);
    }
    this.files.delete(entry.file.path);
  }

  private withdrawRemoved(files: readonly F[], changed: Set<string>): void {
    const present = new Set(files.map((file) => file.path));
    for (const [path, entry] of this.files) if (!present.has(path)) this.withdraw(entry, changed);
  }

  private rejudge(key: string): void {
    const claims = this.claims.get(key);
    // Stable: claims of one file stay in the order the file made them.
    claims?.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
    const found = claims ? this.judge(key, claims) : [];
    if (found.length > 0) this.reported.set(key, found);
    else this.reported.delete(key);
  }
}
