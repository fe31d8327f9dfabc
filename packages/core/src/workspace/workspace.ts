import type { FileKind } from '../kinds/index.ts';
import type { AnyLoadedFile, BrokenFile, LoadedFile } from './loadFile.ts';

/**
 * The loaded workspace: every file that passed its schema, grouped by kind and
 * indexed by id. Files with errors are listed in `broken` so that references to
 * them are not reported again as dangling (one mistake, one diagnostic).
 */
export interface Workspace {
  readonly agent: LoadedFile<'agent'> | undefined;
  /** Every agent file that loaded, by path; more than one is reported by the checks. */
  readonly agents: readonly LoadedFile<'agent'>[];
  readonly flows: readonly LoadedFile<'flow'>[];
  readonly rules: readonly LoadedFile<'rules'>[];
  readonly policies: readonly LoadedFile<'policy'>[];
  readonly tests: readonly LoadedFile<'test'>[];
  readonly broken: readonly BrokenFile[];
  /** The first flow (by path) with each id; duplicates are reported by the checks. */
  readonly flowsById: ReadonlyMap<string, LoadedFile<'flow'>>;
  readonly rulesById: ReadonlyMap<string, LoadedFile<'rules'>>;
  /** Every flow that declares each intent (more than one is an error). */
  readonly intentOwners: ReadonlyMap<string, readonly LoadedFile<'flow'>[]>;
  /** True when a file that failed to load claims this kind and id (or, for the agent, any broken agent file). */
  isBroken(kind: FileKind, id?: string): boolean;
}

/**
 * Builds the workspace model. Given the `previous` model, every array whose
 * contents are identical (the same file objects, in the same order) is taken
 * over as it was, and so are the indexes built from it: they are built on
 * first use and cached per array (`perArray`). Checks key what they cache on
 * these objects (checks/PerFileResults.ts), so after an edit to a flow the
 * rules index is still the same object and results that depend on it stay
 * valid; and a validation that reads no flow index (the usual case: the
 * checks keep their own, see checks/ClaimIndex.ts) builds none. Nothing here
 * is mutated after it is built.
 */
export function buildWorkspace(files: readonly AnyLoadedFile[], broken: readonly BrokenFile[], previous?: Workspace): Workspace {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const agents: LoadedFile<'agent'>[] = [];
  const flows: LoadedFile<'flow'>[] = [];
  const rules: LoadedFile<'rules'>[] = [];
  const policies: LoadedFile<'policy'>[] = [];
  const tests: LoadedFile<'test'>[] = [];
  for (const file of sorted) {
    switch (file.kind) {
      case 'agent':
        agents.push(file);
        break;
      case 'flow':
        flows.push(file);
        break;
      case 'rules':
        rules.push(file);
        break;
      case 'policy':
        policies.push(file);
        break;
      case 'test':
        tests.push(file);
        break;
      default: {
        const unreachable: never = file;
        throw new Error(`unknown file kind ${String(unreachable)}`);
      }
    }
  }
  const kept = <T>(before: readonly T[] | undefined, now: readonly T[]): readonly T[] => (before && sameItems(before, now) ? before : now);
  const keptFlows = kept(previous?.flows, flows);
  const keptRules = kept(previous?.rules, rules);
  const keptBroken = kept(previous?.broken, broken);
  return {
    // The root agent.yaml wins over any other agent file (which the checks report).
    agent: agents.find((a) => a.path === 'agent.yaml') ?? agents[0],
    agents: kept(previous?.agents, agents),
    flows: keptFlows,
    rules: keptRules,
    policies: kept(previous?.policies, policies),
    tests: kept(previous?.tests, tests),
    broken: keptBroken,
    get flowsById() {
      return flowsByIdOf(keptFlows);
    },
    get rulesById() {
      return rulesByIdOf(keptRules);
    },
    get intentOwners() {
      return intentOwnersOf(keptFlows);
    },
    isBroken: isBrokenOf(keptBroken),
  };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An index built from one array, cached per array object: it lives as long as
 * the array and is shared by every model that took the array over.
 */
function perArray<A extends readonly object[], T>(build: (array: A) => T): (array: A) => T {
  const cache = new WeakMap<A, T>();
  return (array) => {
    let index = cache.get(array);
    if (index === undefined) {
      index = build(array);
      cache.set(array, index);
    }
    return index;
  };
}

const flowsByIdOf = perArray((flows: readonly LoadedFile<'flow'>[]) => firstById(flows));
const rulesByIdOf = perArray((rules: readonly LoadedFile<'rules'>[]) => firstById(rules));
const intentOwnersOf = perArray(indexIntents);
const isBrokenOf = perArray(lookupBroken);

function indexIntents(flows: readonly LoadedFile<'flow'>[]): Map<string, LoadedFile<'flow'>[]> {
  const owners = new Map<string, LoadedFile<'flow'>[]>();
  for (const flow of flows) {
    for (const intent of Object.keys(flow.data.intents ?? {})) {
      const claimed = owners.get(intent);
      if (claimed) claimed.push(flow);
      else owners.set(intent, [flow]);
    }
  }
  return owners;
}

function lookupBroken(broken: readonly BrokenFile[]): Workspace['isBroken'] {
  const brokenKeys = new Set(broken.map((b) => `${b.kind ?? ''}:${b.id ?? ''}`));
  const brokenKinds = new Set(broken.map((b) => b.kind));
  return (kind, id) => (id === undefined ? brokenKinds.has(kind) : brokenKeys.has(`${kind}:${id}`));
}

function firstById<K extends 'flow' | 'rules'>(files: readonly LoadedFile<K>[]): Map<string, LoadedFile<K>> {
  const map = new Map<string, LoadedFile<K>>();
  for (const file of files) {
    const id = (file.data as { id: string }).id;
    if (!map.has(id)) map.set(id, file);
  }
  return map;
}
