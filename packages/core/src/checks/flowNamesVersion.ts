/**
 * A version token for the names flows declare: their ids, intents, node ids
 * and slot names, in path order. Test suites refer to flows by these names
 * only (which file declares a name never shows in a result), so a check of
 * test suites can keep its results while the token is the same object;
 * editing a message or a route in a flow leaves the token, and so every
 * suite's result, as it was.
 *
 * Each call compares the flows with those of the previous call: an identical
 * array costs nothing, otherwise each file is compared by identity and, when
 * it changed, by its names (computed once per file version).
 */
import type { LoadedFile } from '../workspace/loadFile.ts';
import { perFileCache } from './perFileCache.ts';

type Flow = LoadedFile<'flow'>;

const namesOf = perFileCache((flow: Flow): string =>
  JSON.stringify([flow.data.id, Object.keys(flow.data.intents ?? {}), Object.keys(flow.data.nodes), Object.keys(flow.data.slots ?? {})]),
);

export function flowNamesVersion(): (flows: readonly Flow[]) => object {
  let previous: readonly Flow[] = [];
  let token = {};
  return (flows) => {
    if (flows !== previous && !sameNames(previous, flows)) token = {};
    previous = flows;
    return token;
  };
}

function sameNames(before: readonly Flow[], after: readonly Flow[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a !== b && namesOf(a) !== namesOf(b)) return false;
  }
  return true;
}
