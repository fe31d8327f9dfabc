/**
 * A growing array of 32-byte hashes in one buffer: a million leaves are one
 * 32 MB allocation instead of a million small typed arrays (each with its own
 * object header, several times the size of the hash).
 */
import { HASH_SIZE } from './treeHasher.ts';

export class HashColumn {
  private buffer = new Uint8Array(HASH_SIZE * 64);
  private count = 0;

  get length(): number {
    return this.count;
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
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no hash ${index} in a column of ${this.count}`);
    return this.buffer.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }
}
