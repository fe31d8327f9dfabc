import { bail } from './bail.ts';
import type { FastNode } from './fastIndex.ts';

/**
 * Adds one mapping entry to both the data object and the node's index. The
 * slow path turns a key into data as `String(value ?? '')`; it reports reserved
 * keys (CQ109) and duplicates (CQ101), so those bail here, as does any repeat
 * of a data key even where the yaml package would not call it a duplicate
 * (`1` and `"1"`): the slow path's answer there is subtle, and rare. `<<` bails
 * too: it is a plain key under YAML 1.2, but a merge key to many readers, and
 * not worth a second look here.
 */
export function addEntry(
  out: Record<string, unknown>,
  node: FastNode,
  key: string | number | boolean | null,
  keyStart: number,
  keyEnd: number,
  value: unknown,
  child: FastNode,
): void {
  const dataKey = key === null ? '' : String(key);
  if (dataKey === '__proto__' || dataKey === 'constructor' || dataKey === 'prototype' || dataKey === '<<') bail();
  if (Object.prototype.hasOwnProperty.call(out, dataKey)) bail();
  // Plain assignment is safe: `__proto__`, the only key with a setter on Object.prototype, bailed above.
  out[dataKey] = value;
  node.keys!.push(String(key));
  node.keySpans!.push(keyStart, keyEnd);
  node.children!.push(child);
}
