/**
 * How the fast path says "not mine": anywhere below `parseYamlFast`, text
 * outside the supported subset (or anything the fast path is not certain it
 * reads exactly like the `yaml` package) throws BAIL, and `parseYamlFast`
 * returns undefined so the `yaml` package parses the file as before. A thrown
 * constant keeps the many checks one call each; it carries no stack, so a bail
 * costs little, and it never escapes `parseYamlFast`.
 */
export const BAIL: unique symbol = Symbol('yaml fast path bail');

export function bail(): never {
  throw BAIL;
}
