/**
 * Facts derived from one loaded file, computed once per file version.
 *
 * Workspace checks run on every validation, but most of what they read from a
 * flow (its placeholders, its normalised training examples) depends on that
 * file alone. The validator keeps the same `LoadedFile` object while the file's
 * text is unchanged, so a WeakMap keyed by it caches exactly as long as the
 * file is current and lets go of stale versions without any bookkeeping. The
 * cached value is a pure function of the file, so sharing it is invisible.
 */
export function perFileCache<F extends object, T>(compute: (file: F) => T): (file: F) => T {
  const cache = new WeakMap<F, T>();
  return (file) => {
    let value = cache.get(file);
    if (value === undefined) {
      value = compute(file);
      cache.set(file, value);
    }
    return value;
  };
}
