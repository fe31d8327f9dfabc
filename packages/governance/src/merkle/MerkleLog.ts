/**
 * The Merkle tree of an append-only log, kept so that the root of any earlier
 * size and proofs between sizes cost O(log² n) hashes (RFC 6962 §2.1).
 *
 * Level 0 holds the leaf hashes; level h holds the hash of every complete,
 * aligned subtree of 2^h leaves, added as soon as its last leaf arrives (so
 * n appends cost n - 1 node hashes in all, the same as computing one root).
 * Every subtree the RFC's recursive definitions ask for is either such a
 * complete subtree or splits into them.
 */
import { HashColumn } from './HashColumn.ts';
import type { TreeHasher } from './treeHasher.ts';

export class MerkleLog {
  private readonly levels: HashColumn[] = [new HashColumn()];

  constructor(private readonly hasher: TreeHasher) {}

  get size(): number {
    return this.levels[0]!.length;
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
    const proof: Uint8Array[] = [];
    this.path(index, 0, size, proof);
    return proof;
  }

  /** PROOF(size1, D[0:size2]) of RFC 6962 §2.1.2: that the tree of `size2` leaves extends the one of `size1`. */
  consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
    this.checkSize(size2);
    if (!Number.isInteger(size1) || size1 < 0 || size1 > size2) throw new RangeError(`no consistency proof from ${size1} to ${size2} leaves`);
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
  }
}

/** The largest power of two smaller than `n` (n ≥ 2), the RFC's k. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
