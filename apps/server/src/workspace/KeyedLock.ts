/**
 * Serialises work per key (a workspace path): the version check and the write
 * of a save happen with no other save to the same file in between, so two
 * studios saving with the same `baseVersion` get one success and one conflict,
 * never two successes. Different files proceed in parallel.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `work` once every earlier holder of any of `keys` is done. All keys are
   * taken at once and each caller waits only for callers queued before it, so
   * two callers locking overlapping keys (a rename and its reverse) cannot
   * deadlock.
   */
  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const previous = unique.map((key) => this.tails.get(key) ?? Promise.resolve());
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const mine = Promise.all(previous).then(() => done);
    for (const key of unique) this.tails.set(key, mine);
    try {
      await Promise.all(previous);
      return await work();
    } finally {
      release();
      // Forget the key when nobody queued behind us, so the map does not grow with every path ever saved.
      for (const key of unique) if (this.tails.get(key) === mine) this.tails.delete(key);
    }
  }
}
