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

export function buildWorkspace(files: readonly AnyLoadedFile[], broken: readonly BrokenFile[]): Workspace {
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
  const flowsById = firstById(flows);
  const rulesById = firstById(rules);
  const intentOwners = new Map<string, LoadedFile<'flow'>[]>();
  for (const flow of flows) {
    for (const intent of Object.keys(flow.data.intents ?? {})) {
      const owners = intentOwners.get(intent);
      if (owners) owners.push(flow);
      else intentOwners.set(intent, [flow]);
    }
  }
  const brokenKeys = new Set(broken.map((b) => `${b.kind ?? ''}:${b.id ?? ''}`));
  const brokenKinds = new Set(broken.map((b) => b.kind));
  return {
    // The root agent.yaml wins over any other agent file (which the checks report).
    agent: agents.find((a) => a.path === 'agent.yaml') ?? agents[0],
    agents,
    flows,
    rules,
    policies,
    tests,
    broken,
    flowsById,
    rulesById,
    intentOwners,
    isBroken: (kind, id) => (id === undefined ? brokenKinds.has(kind) : brokenKeys.has(`${kind}:${id}`)),
  };
}

function firstById<K extends 'flow' | 'rules'>(files: readonly LoadedFile<K>[]): Map<string, LoadedFile<K>> {
  const map = new Map<string, LoadedFile<K>>();
  for (const file of files) {
    const id = (file.data as { id: string }).id;
    if (!map.has(id)) map.set(id, file);
  }
  return map;
}
