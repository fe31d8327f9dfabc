/**
 * The Merkle tree of an append-only log, kept so that the root of any earlier
 * size and proofs between sizes cost O(log² n) hashes (RFC 6962 §2.1).
 *
 * Level 0 holds the leaf hashes; level h holds the hash of every complete,
 * aligned subtree of 2^h leaves, added as soon as its last leaf arrives (so
 * n appends cost n - 1 node hashes in all, the same as computing one root).
 * Every subtree the RFC's recursive definitions ask for is either such a
 * complete subtree or splits into them.
 *
 * A log whose oldest leaves were pruned starts from the compact range of
 * those leaves (the complete subtrees that cover [0, first), one per bit of
 * `first`, largest first): enough for the root at every size from `first`,
 * inclusion proofs of every later leaf and consistency proofs between later
 * sizes, because every subtree those ask for that lies wholly before `first`
 * is one of these. What needs a pruned leaf throws a RangeError saying so.
 */
import { HashColumn } from './HashColumn.ts';
import type { TreeHasher } from './treeHasher.ts';

/** Where a pruned log starts: the number of leaves pruned and their compact range (largest subtree first). */
export interface CompactRange {
  readonly size: number;
  readonly nodes: readonly Uint8Array[];
}

export class MerkleLog {
  private readonly levels: HashColumn[] = [];
  /** Leaves before this were pruned (0: none). */
  readonly first: number;

  constructor(
    private readonly hasher: TreeHasher,
    base: CompactRange = { size: 0, nodes: [] },
  ) {
    const { size, nodes } = base;
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`a compact range covers a whole number of leaves, not ${size}`);
    const heights = compactHeights(size);
    if (nodes.length !== heights.length) throw new RangeError(`the compact range of ${size} leaves has ${heights.length} subtrees, not ${nodes.length}`);
    this.first = size;
    // Level h keeps its hashes from the one a compact-range subtree holds (if bit h of size is set), else from the first after `size`.
    for (let level = 0; level <= (heights[0] ?? 0); level++) {
      const above = Math.floor(size / 2 ** level);
      const set = above % 2 === 1;
      const column = new HashColumn(above - (set ? 1 : 0));
      if (set) column.push(nodes[heights.indexOf(level)]!);
      this.levels.push(column);
    }
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  /** The compact range of the first `size` leaves (size from `first`): what a log pruned there starts from. */
  compactRange(size = this.size): Uint8Array[] {
    this.checkSize(size);
    let start = 0;
    return compactHeights(size).map((height) => {
      const node = this.subtree(start, 2 ** height).slice();
      start += 2 ** height;
      return node;
    });
  }

  appendData(data: Uint8Array): Uint8Array {
    const leafHash = this.hasher.hashLeaf(data);
    this.appendLeafHash(leafHash);
    return leafHash;
  }

  appendLeafHash(leafHash: Uint8Array): void {
    this.levels[0]!.push(leafHash);
    // Each completed pair of subtrees at one level makes a subtree one level up.
    let index = this.size - 1;
    for (let level = 0; index % 2 === 1; level++, index = (index - 1) / 2) {
      const column = this.levels[level]!;
      const parent = this.hasher.hashChildren(column.at(index - 1), column.at(index));
      (this.levels[level + 1] ??= new HashColumn()).push(parent);
    }
  }

  leafHash(index: number): Uint8Array {
    if (index >= 0 && index < this.first && index !== this.first - 1) throw new RangeError(`leaf ${index} was pruned (this log starts at ${this.first})`);
    return this.levels[0]!.at(index).slice();
  }

  /** MTH(D[0:size]): the root the log had when it held `size` leaves. */
  root(size = this.size): Uint8Array {
    this.checkSize(size);
    return size === 0 ? this.hasher.emptyRoot() : this.subtree(0, size).slice();
  }

  /** PATH(index, D[0:size]) of RFC 6962 §2.1.1: the audit path of leaf `index` in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    this.checkSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`no leaf ${index} in a tree of ${size} leaves`);
    if (index < this.first) throw new RangeError(`leaf ${index} was pruned (this log starts at ${this.first}): its proof is in the archive`);
    const proof: Uint8Array[] = [];
    this.path(index, 0, size, proof);
    return proof;
  }

  /** PROOF(size1, D[0:size2]) of RFC 6962 §2.1.2: that the tree of `size2` leaves extends the one of `size1`. */
  consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
    this.checkSize(size2);
    if (!Number.isInteger(size1) || size1 < 0 || size1 > size2) throw new RangeError(`no consistency proof from ${size1} to ${size2} leaves`);
    if (size1 > 0 && size1 < this.first) throw new RangeError(`no consistency proof from ${size1} leaves: leaves before ${this.first} were pruned`);
    const proof: Uint8Array[] = [];
    if (size1 > 0 && size1 < size2) this.subproof(size1, 0, size2, true, proof);
    return proof;
  }

  private path(index: number, start: number, size: number, into: Uint8Array[]): void {
    if (size === 1) return;
    const k = largestPowerOfTwoBelow(size);
    if (index < k) {
      this.path(index, start, k, into);
      into.push(this.subtree(start + k, size - k).slice());
    } else {
      this.path(index - k, start + k, size - k, into);
      into.push(this.subtree(start, k).slice());
    }
  }

  private subproof(m: number, start: number, size: number, whole: boolean, into: Uint8Array[]): void {
    if (m === size) {
      if (!whole) into.push(this.subtree(start, size).slice());
      return;
    }
    const k = largestPowerOfTwoBelow(size);
    if (m <= k) {
      this.subproof(m, start, k, whole, into);
      into.push(this.subtree(start + k, size - k).slice());
    } else {
      this.subproof(m - k, start + k, size - k, false, into);
      into.push(this.subtree(start, k).slice());
    }
  }

  /** MTH(D[start:start+size]), for the subtrees the RFC's recursions visit (size ≥ 1). */
  private subtree(start: number, size: number): Uint8Array {
    const level = Math.log2(size);
    if (Number.isInteger(level) && start % size === 0) return this.levels[level]!.at(start / size);
    const k = largestPowerOfTwoBelow(size);
    return this.hasher.hashChildren(this.subtree(start, k), this.subtree(start + k, size - k));
  }

  private checkSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.size) throw new RangeError(`the log has ${this.size} leaves, not ${size}`);
    if (size > 0 && size < this.first) throw new RangeError(`the tree of ${size} leaves was pruned (this log starts at ${this.first})`);
  }
}

/** The heights of the complete subtrees covering [0, size), largest first: one per set bit of `size`. */
export function compactHeights(size: number): number[] {
  const heights: number[] = [];
  for (let height = 0, rest = size; rest > 0; height++, rest = Math.floor(rest / 2)) if (rest % 2 === 1) heights.unshift(height);
  return heights;
}

/** The root of the first `size` leaves from their compact range: the subtrees folded from the right (RFC 6962's MTH). */
export function rootOfCompactRange(hasher: TreeHasher, nodes: readonly Uint8Array[]): Uint8Array {
  if (nodes.length === 0) return hasher.emptyRoot();
  let root = nodes.at(-1)!;
  for (let i = nodes.length - 2; i >= 0; i--) root = hasher.hashChildren(nodes[i]!, root);
  return root;
}

/** The largest power of two smaller than `n` (n ≥ 2), the RFC's k. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
