/**
 * The hashes of an RFC 6962 / RFC 9162 Merkle tree: a leaf is
 * SHA-256(0x00 || data), an interior node SHA-256(0x01 || left || right), the
 * empty tree SHA-256(""). The prefixes keep a leaf from ever being read as a
 * node (a second-preimage attack on the tree shape).
 *
 * SHA-256 itself is handed in: the browser and the verifier's default is a
 * pure TypeScript one (`@noble/hashes`), the server and the CLI pass Node's
 * native one (`@colloquy/governance/node`), about four times faster.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 of the concatenation of `parts`. */
export type Sha256 = (...parts: readonly Uint8Array[]) => Uint8Array;

export const HASH_SIZE = 32;
const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

export class TreeHasher {
  constructor(private readonly sha256: Sha256 = pureSha256) {}

  emptyRoot(): Uint8Array {
    return this.sha256();
  }

  hashLeaf(data: Uint8Array): Uint8Array {
    return this.sha256(LEAF_PREFIX, data);
  }

  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
    return this.sha256(NODE_PREFIX, left, right);
  }
}

/** SHA-256 in pure TypeScript: runs in a browser without Web Crypto's promises. */
export const pureSha256: Sha256 = (...parts) => {
  const hash = nobleSha256.create();
  for (const part of parts) hash.update(part);
  return hash.digest();
};
