import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/hex.ts';
import { largestPowerOfTwoBelow, MerkleLog } from '../src/merkle/MerkleLog.ts';
import { TreeHasher } from '../src/merkle/treeHasher.ts';
import { ProofError, rootFromInclusionProof, verifyConsistency, verifyInclusion } from '../src/merkle/verifyProofs.ts';
import { CONSISTENCY_PROOFS, EMPTY_ROOT_HEX, INCLUSION_PROOFS, LEAVES_HEX, ROOTS_HEX } from './fixtures/rfc6962Vectors.ts';

const hasher = new TreeHasher();
const LEAVES = LEAVES_HEX.map(fromHex);

function logOf(leaves: readonly Uint8Array[]): MerkleLog {
  const log = new MerkleLog(hasher);
  for (const leaf of leaves) log.appendData(leaf);
  return log;
}

/** MTH straight from RFC 6962's recursive definition, for comparison. */
function naiveRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return hasher.emptyRoot();
  if (leaves.length === 1) return hasher.hashLeaf(leaves[0]!);
  const k = largestPowerOfTwoBelow(leaves.length);
  return hasher.hashChildren(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

function flipBit(proof: readonly Uint8Array[], i: number, mask: number): Uint8Array[] {
  return proof.map((hash, j) => (j === i ? Uint8Array.from(hash, (byte, b) => (b === 0 ? byte ^ mask : byte)) : hash));
}

const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');
const EMPTY = fromHex(EMPTY_ROOT_HEX);

describe('RFC 6962 known answers', () => {
  it('gives the published root for the empty tree and for each of the first 1 to 8 leaves', () => {
    expect(toHex(hasher.emptyRoot())).toBe(EMPTY_ROOT_HEX);
    expect(toHex(new MerkleLog(hasher).root())).toBe(EMPTY_ROOT_HEX);
    const log = logOf(LEAVES);
    ROOTS_HEX.forEach((root, i) => expect(toHex(log.root(i + 1)), `size ${i + 1}`).toBe(root));
  });

  it('makes the published inclusion proofs, and they verify against the published roots', () => {
    const log = logOf(LEAVES);
    for (const vector of INCLUSION_PROOFS) {
      const proof = log.inclusionProof(vector.leaf - 1, vector.size);
      expect(proof.map(toHex), `leaf ${vector.leaf} of ${vector.size}`).toEqual(vector.proof);
      verifyInclusion(hasher, vector.leaf - 1, vector.size, hasher.hashLeaf(LEAVES[vector.leaf - 1]!), vector.proof.map(fromHex), fromHex(ROOTS_HEX[vector.size - 1]!));
    }
  });

  it('makes the published consistency proofs, and they verify against the published roots', () => {
    const log = logOf(LEAVES);
    for (const vector of CONSISTENCY_PROOFS) {
      const proof = log.consistencyProof(vector.size1, vector.size2);
      expect(proof.map(toHex), `${vector.size1} -> ${vector.size2}`).toEqual(vector.proof);
      verifyConsistency(hasher, vector.size1, vector.size2, vector.proof.map(fromHex), fromHex(ROOTS_HEX[vector.size1 - 1]!), fromHex(ROOTS_HEX[vector.size2 - 1]!));
    }
  });

  it('Node’s native SHA-256 and the pure one build the same tree', () => {
    const native = new TreeHasher((...parts) => {
      const hash = createHash('sha256');
      for (const part of parts) hash.update(part);
      return new Uint8Array(hash.digest());
    });
    const log = new MerkleLog(native);
    for (const leaf of LEAVES) log.appendData(leaf);
    expect(toHex(log.root())).toBe(ROOTS_HEX[7]);
  });
});

describe('inclusion proofs refuse what they should', () => {
  const log = logOf(LEAVES);
  for (const vector of INCLUSION_PROOFS.filter((v) => v.proof.length > 0)) {
    it(`rejects every corruption of leaf ${vector.leaf} of ${vector.size}`, () => {
      const index = vector.leaf - 1;
      const size = vector.size;
      const leaf = hasher.hashLeaf(LEAVES[index]!);
      const root = fromHex(ROOTS_HEX[size - 1]!);
      const proof = vector.proof.map(fromHex);
      const probes: [string, () => void][] = [
        ['index - 1', () => verifyInclusion(hasher, index - 1, size, leaf, proof, root)],
        ['index + 1', () => verifyInclusion(hasher, index + 1, size, leaf, proof, root)],
        ['index ^ 2', () => verifyInclusion(hasher, index ^ 2, size, leaf, proof, root)],
        ['size * 2', () => verifyInclusion(hasher, index, size * 2, leaf, proof, root)],
        ['size / 2', () => verifyInclusion(hasher, index, Math.floor(size / 2), leaf, proof, root)],
        ['wrong leaf', () => verifyInclusion(hasher, index, size, hasher.hashLeaf(new TextEncoder().encode('WrongLeaf')), proof, root)],
        ['empty-tree root', () => verifyInclusion(hasher, index, size, leaf, proof, EMPTY)],
        ['some other root', () => verifyInclusion(hasher, index, size, leaf, proof, SOME_HASH)],
        ['trailing root', () => verifyInclusion(hasher, index, size, leaf, [...proof, root], root)],
        ['preceding root', () => verifyInclusion(hasher, index, size, leaf, [root, ...proof], root)],
        ['trailing empty hash', () => verifyInclusion(hasher, index, size, leaf, [...proof, new Uint8Array()], root)],
        ['removed last hash', () => verifyInclusion(hasher, index, size, leaf, proof.slice(0, -1), root)],
        ['inserted hash', () => verifyInclusion(hasher, index, size, leaf, [proof[0]!, SOME_HASH, ...proof.slice(1)], root)],
        ...proof.map((_, i): [string, () => void] => [`flipped bit in proof[${i}]`, () => verifyInclusion(hasher, index, size, leaf, flipBit(proof, i, 8), root)]),
      ];
      for (const [name, probe] of probes) expect(probe, name).toThrow(ProofError);
    });
  }

  it('refuses impossible positions with a reason', () => {
    expect(() => rootFromInclusionProof(hasher, 0, 0, SOME_HASH, [])).toThrow(/beyond a tree of 0/);
    expect(() => rootFromInclusionProof(hasher, 2, 1, SOME_HASH, [])).toThrow(ProofError);
    expect(() => rootFromInclusionProof(hasher, -1, 1, SOME_HASH, [])).toThrow(/whole number/);
    expect(() => verifyInclusion(hasher, 0, 1, SOME_HASH, [], new Uint8Array())).toThrow(/0 bytes/);
    expect(() => log.inclusionProof(8, 8)).toThrow(RangeError);
    expect(() => log.inclusionProof(0, 9)).toThrow(RangeError);
  });

  it('accepts a one-leaf tree whose root is the leaf hash, with an empty proof', () => {
    const leaf = hasher.hashLeaf(new TextEncoder().encode('data'));
    expect(() => verifyInclusion(hasher, 0, 1, leaf, [], leaf)).not.toThrow();
  });
});

describe('consistency proofs refuse what they should', () => {
  const root1 = new TextEncoder().encode('don’t care 1');
  const root2 = new TextEncoder().encode('don’t care 2');

  it('follows the edge cases of the published suite', () => {
    const cases: [number, number, Uint8Array, Uint8Array, Uint8Array[], boolean][] = [
      [0, 0, root1, root2, [], false],
      [1, 1, root1, root2, [], false],
      [0, 0, root1, root1, [], true],
      [0, 1, root1, root2, [], true],
      [1, 1, root2, root2, [], true],
      [1, 0, root1, root2, [], false],
      [2, 1, root1, root2, [], false],
      [1, 2, root1, root2, [], false],
      [0, 0, EMPTY, root2, [], false],
      [1, 1, EMPTY, root2, [], false],
      [0, 0, EMPTY, EMPTY, [EMPTY], false],
      [0, 1, EMPTY, EMPTY, [EMPTY], false],
      [1, 1, EMPTY, EMPTY, [EMPTY], false],
    ];
    for (const [size1, size2, a, b, proof, valid] of cases) {
      const check = () => verifyConsistency(hasher, size1, size2, proof, a, b);
      if (valid) expect(check, `${size1} -> ${size2}`).not.toThrow();
      else expect(check, `${size1} -> ${size2}`).toThrow(ProofError);
    }
  });

  for (const vector of CONSISTENCY_PROOFS.filter((v) => v.proof.length > 0)) {
    it(`rejects every corruption of ${vector.size1} -> ${vector.size2}`, () => {
      const { size1, size2 } = vector;
      const a = fromHex(ROOTS_HEX[size1 - 1]!);
      const b = fromHex(ROOTS_HEX[size2 - 1]!);
      const proof = vector.proof.map(fromHex);
      const probes: [string, () => void][] = [
        ['size1 - 1', () => verifyConsistency(hasher, size1 - 1, size2, proof, a, b)],
        ['size1 + 1', () => verifyConsistency(hasher, size1 + 1, size2, proof, a, b)],
        ['size1 ^ 2', () => verifyConsistency(hasher, size1 ^ 2, size2, proof, a, b)],
        ['size2 * 2', () => verifyConsistency(hasher, size1, size2 * 2, proof, a, b)],
        ['size2 / 2', () => verifyConsistency(hasher, size1, Math.floor(size2 / 2), proof, a, b)],
        ['wrong root1', () => verifyConsistency(hasher, size1, size2, proof, SOME_HASH, b)],
        ['wrong root2', () => verifyConsistency(hasher, size1, size2, proof, a, SOME_HASH)],
        ['swapped roots', () => verifyConsistency(hasher, size1, size2, proof, b, a)],
        ['empty proof', () => verifyConsistency(hasher, size1, size2, [], a, b)],
        ['trailing root1', () => verifyConsistency(hasher, size1, size2, [...proof, a], a, b)],
        ['trailing root2', () => verifyConsistency(hasher, size1, size2, [...proof, b], a, b)],
        ['preceding root1', () => verifyConsistency(hasher, size1, size2, [a, ...proof], a, b)],
        ['preceding proof[0]', () => verifyConsistency(hasher, size1, size2, [proof[0]!, ...proof], a, b)],
        ['truncated proof', () => verifyConsistency(hasher, size1, size2, proof.slice(0, -1), a, b)],
        ...proof.map((_, i): [string, () => void] => [`flipped bit in proof[${i}]`, () => verifyConsistency(hasher, size1, size2, flipBit(proof, i, 16), a, b)]),
      ];
      for (const [name, probe] of probes) expect(probe, name).toThrow(ProofError);
    });
  }
});

describe('larger trees', () => {
  const leaves = Array.from({ length: 300 }, (_, i) => new TextEncoder().encode(`record ${i}`));
  const log = logOf(leaves);

  it('has the root of RFC 6962’s definition at every size', () => {
    for (let size = 0; size <= 70; size++) expect(toHex(log.root(size)), `size ${size}`).toBe(toHex(naiveRoot(leaves.slice(0, size))));
    expect(toHex(log.root())).toBe(toHex(naiveRoot(leaves)));
  });

  it('proves every leaf of every size up to 40 and every pair of sizes up to 40', () => {
    for (let size = 1; size <= 40; size++) {
      const root = log.root(size);
      for (let index = 0; index < size; index++) verifyInclusion(hasher, index, size, log.leafHash(index), log.inclusionProof(index, size), root);
      for (let size1 = 0; size1 <= size; size1++) verifyConsistency(hasher, size1, size, log.consistencyProof(size1, size), log.root(size1), root);
    }
  });

  it('proves leaves and growth across the whole 300', () => {
    const root = log.root();
    for (const index of [0, 1, 127, 128, 255, 256, 299]) verifyInclusion(hasher, index, 300, log.leafHash(index), log.inclusionProof(index), root);
    for (const size1 of [1, 2, 3, 64, 100, 255, 256, 257, 299]) verifyConsistency(hasher, size1, 300, log.consistencyProof(size1), log.root(size1), root);
  });

  it('a leaf changed anywhere changes the root', () => {
    const edited = leaves.map((leaf, i) => (i === 137 ? new TextEncoder().encode('record 137 (edited)') : leaf));
    expect(toHex(logOf(edited).root())).not.toBe(toHex(log.root()));
    expect(toHex(logOf(edited).root(137))).toBe(toHex(log.root(137)));
  });
});
