/**
 * Caches what one policy reports about one flow.
 *
 * Those results depend only on the two files (and, for some checks, one number
 * from agent.yaml: the `stamp`). The validator keeps the same `LoadedFile`
 * objects while their text is unchanged, so WeakMaps keyed by them hold each
 * result exactly as long as both files are current: re-validating after an
 * edit recomputes only the pairs that involve the edited file. Without this,
 * every validation would rebuild the messages and source ranges of every
 * violation in the workspace, which dominates the cost once the graph
 * analysis itself is cached (see flowPolicyFacts.ts).
 */
import type { LoadedFile } from '../../workspace/loadFile.ts';

type PolicyFile = LoadedFile<'policy'>;
type FlowFile = LoadedFile<'flow'>;

export function perPolicyAndFlow<T>(compute: (policy: PolicyFile, flow: FlowFile, stamp: number) => T): (policy: PolicyFile, flow: FlowFile, stamp?: number) => T {
  const cache = new WeakMap<PolicyFile, WeakMap<FlowFile, { readonly stamp: number; readonly value: T }>>();
  return (policy, flow, stamp = 0) => {
    let forPolicy = cache.get(policy);
    if (!forPolicy) {
      forPolicy = new WeakMap();
      cache.set(policy, forPolicy);
    }
    const cached = forPolicy.get(flow);
    if (cached && cached.stamp === stamp) return cached.value;
    const value = compute(policy, flow, stamp);
    forPolicy.set(flow, { stamp, value });
    return value;
  };
}
