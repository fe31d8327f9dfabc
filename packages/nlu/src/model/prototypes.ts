import { normalized } from './vectors.ts';

/**
 * Nearest-prototype classification's prototypes: per class, the unit-length
 * mean of its unit-length examples. Row-major, `classes × dimensions`.
 */
export function prototypes(examples: readonly Float32Array[], labels: Int32Array, classes: number, dimensions: number): Float32Array {
  const sums = new Float64Array(classes * dimensions);
  for (let e = 0; e < examples.length; e++) {
    const x = normalized(examples[e]!);
    const row = labels[e]! * dimensions;
    for (let j = 0; j < dimensions; j++) sums[row + j]! += x[j]!;
  }
  const out = new Float32Array(classes * dimensions);
  for (let c = 0; c < classes; c++) out.set(normalized(Float32Array.from(sums.subarray(c * dimensions, (c + 1) * dimensions))), c * dimensions);
  return out;
}
