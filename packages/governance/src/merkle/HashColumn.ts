/**
 * A growing array of 32-byte hashes in one buffer: a million leaves are one
 * 32 MB allocation instead of a million small typed arrays (each with its own
 * object header, several times the size of the hash).
 *
 * A column may start at `offset` (a log whose oldest records were pruned
 * keeps no hashes before it): indexes stay the tree's, and asking for one
 * before the offset is a RangeError.
 */
import { HASH_SIZE } from './treeHasher.ts';

export class HashColumn {
  private buffer = new Uint8Array(HASH_SIZE * 64);
  private count = 0;

  constructor(readonly offset = 0) {}

  /** The index the next hash gets (offset + hashes held). */
  get length(): number {
    return this.offset + this.count;
  }

  push(hash: Uint8Array): void {
    if (hash.length !== HASH_SIZE) throw new RangeError(`a hash has ${HASH_SIZE} bytes, got ${hash.length}`);
    if ((this.count + 1) * HASH_SIZE > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer.set(hash, this.count * HASH_SIZE);
    this.count++;
  }

  /** The hash at `index`, as a view: copy it before the column grows if it must outlive the call. */
  at(index: number): Uint8Array {
    if (!Number.isInteger(index) || index < this.offset || index >= this.length) {
      throw new RangeError(index >= 0 && index < this.offset ? `hash ${index} was pruned (this column starts at ${this.offset})` : `no hash ${index} in a column of ${this.length}`);
    }
    const at = index - this.offset;
    return this.buffer.subarray(at * HASH_SIZE, (at + 1) * HASH_SIZE);
  }
}
