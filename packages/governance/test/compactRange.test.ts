/**
 * A Merkle log started from the compact range of its first leaves (what a
 * pruned audit log keeps of its archived records) answers exactly as the
 * whole log does: the root at every later size, the inclusion proof of
 * every later leaf and the consistency proof between later sizes, for every
 * pruning point up to 20 of 37 leaves; anything that needs a pruned leaf is
 * refused by name.
 */
import { describe, expect, it } from 'vitest';
import { compactHeights, MerkleLog, rootOfCompactRange, TreeHasher, toHex } from '../src/index.ts';
import { nativeSha256 } from '../src/node/nativeSha256.ts';

const hasher = new TreeHasher(nativeSha256);
const LEAVES = Array.from({ length: 37 }, (_, i) => new TextEncoder().encode(`leaf ${i}`));
const hex = (hashes: Uint8Array[]) => hashes.map(toHex).join(',');

describe('a Merkle log from a compact range', () => {
  it('has one subtree per set bit, and their fold is the root', () => {
    expect(compactHeights(0)).toEqual([]);
    expect(compactHeights(1)).toEqual([0]);
    expect(compactHeights(22)).toEqual([4, 2, 1]);
    const log = new MerkleLog(hasher);
    LEAVES.slice(0, 22).forEach((leaf) => log.appendData(leaf));
    expect(toHex(rootOfCompactRange(hasher, log.compactRange()))).toBe(toHex(log.root()));
    expect(toHex(rootOfCompactRange(hasher, []))).toBe(toHex(hasher.emptyRoot()));
  });

  it('gives every root and proof from the pruning point on exactly as the whole log does', { timeout: 60_000 }, () => {
    for (let first = 0; first <= 20; first++) {
      const whole = new MerkleLog(hasher);
      LEAVES.slice(0, first).forEach((leaf) => whole.appendData(leaf));
      const pruned = new MerkleLog(hasher, { size: first, nodes: whole.compactRange() });
      expect(pruned.first).toBe(first);
      for (const leaf of LEAVES.slice(first)) {
        whole.appendData(leaf);
        pruned.appendData(leaf);
      }
      for (let size = first; size <= LEAVES.length; size++) {
        if (toHex(pruned.root(size)) !== toHex(whole.root(size))) throw new Error(`root of ${size} leaves pruned at ${first}`);
        for (let i = first; i < size; i++) if (hex(pruned.inclusionProof(i, size)) !== hex(whole.inclusionProof(i, size))) throw new Error(`inclusion of ${i} in ${size} pruned at ${first}`);
        for (let from = Math.max(first, 1); from <= size; from++) if (hex(pruned.consistencyProof(from, size)) !== hex(whole.consistencyProof(from, size))) throw new Error(`consistency ${from}→${size} pruned at ${first}`);
      }
      expect(hex(pruned.compactRange())).toBe(hex(whole.compactRange()));
    }
  });

  it('refuses by name what needs a pruned leaf', () => {
    const whole = new MerkleLog(hasher);
    LEAVES.slice(0, 12).forEach((leaf) => whole.appendData(leaf));
    const pruned = new MerkleLog(hasher, { size: 12, nodes: whole.compactRange() });
    LEAVES.slice(12).forEach((leaf) => pruned.appendData(leaf));
    expect(() => pruned.inclusionProof(3, 20)).toThrow(/leaf 3 was pruned/);
    expect(() => pruned.consistencyProof(5, 20)).toThrow(/leaves before 12 were pruned/);
    expect(() => pruned.root(7)).toThrow(/pruned/);
    expect(() => pruned.leafHash(2)).toThrow(/pruned/);
    expect(() => new MerkleLog(hasher, { size: 12, nodes: whole.compactRange().slice(1) })).toThrow(/has 2 subtrees, not 1/);
  });
});
