/**
 * Checking inclusion and consistency proofs, as RFC 9162 §2.1.3.2 and
 * §2.1.4.2 give the algorithms. Both throw a ProofError saying what did not
 * hold; they never accept a proof with extra or missing hashes.
 */
import { HASH_SIZE, type TreeHasher } from './treeHasher.ts';

export class ProofError extends Error {
  override readonly name = 'ProofError';
}

/** The root an inclusion proof leads to, for the leaf at `index` of a tree of `size` leaves. */
export function rootFromInclusionProof(hasher: TreeHasher, index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  checkSize(index, 'index');
  checkSize(size, 'size');
  if (index >= size) throw new ProofError(`leaf ${index} is beyond a tree of ${size} leaves`);
  checkHash(leafHash, 'leaf hash');
  proof.forEach((hash, i) => checkHash(hash, `proof[${i}]`));
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new ProofError(`the proof has ${proof.length} hashes, more than a tree of ${size} leaves needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError(`the proof has ${proof.length} hashes, fewer than a tree of ${size} leaves needs`);
  return r;
}

export function verifyInclusion(hasher: TreeHasher, index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  checkHash(root, 'root');
  const computed = rootFromInclusionProof(hasher, index, size, leafHash, proof);
  if (!equalBytes(computed, root)) throw new ProofError(`leaf ${index} is not in the tree of ${size} leaves with this root`);
}

/** Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with `root1`. */
export function verifyConsistency(hasher: TreeHasher, size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  checkSize(size1, 'first size');
  checkSize(size2, 'second size');
  if (size2 < size1) throw new ProofError(`a tree of ${size2} leaves cannot extend one of ${size1}`);
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError('two trees of the same size need an empty consistency proof');
    if (!equalBytes(root1, root2)) throw new ProofError(`two trees of ${size1} leaves with different roots`);
    return;
  }
  if (size1 === 0) {
    // Every tree extends the empty one.
    if (proof.length > 0) throw new ProofError('a proof from the empty tree must be empty');
    return;
  }
  checkHash(root1, 'first root');
  checkHash(root2, 'second root');
  if (proof.length === 0) throw new ProofError(`an empty proof cannot show that ${size2} leaves extend ${size1}`);
  proof.forEach((hash, i) => checkHash(hash, `proof[${i}]`));
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError(`the consistency proof has more hashes than trees of ${size1} and ${size2} leaves need`);
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError(`the consistency proof has fewer hashes than trees of ${size1} and ${size2} leaves need`);
  if (!equalBytes(fr, root1)) throw new ProofError(`the proof does not lead to the first root (${size1} leaves)`);
  if (!equalBytes(sr, root2)) throw new ProofError(`the proof does not lead to the second root (${size2} leaves)`);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export function isPowerOfTwo(n: number): boolean {
  // Not `n & (n - 1)`: bit operators work on 32 bits, and a log may pass 2^31 leaves.
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new ProofError(`${what} must be a whole number from 0, got ${n}`);
}

function checkHash(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) throw new ProofError(`${what} has ${hash.length} bytes, a SHA-256 hash has ${HASH_SIZE}`);
}
