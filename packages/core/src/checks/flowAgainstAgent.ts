/**
 * A workspace check that looks at each flow against the agent file in use and
 * nothing else (action catalogue, queues, topics), written as
 * `compute(flow, agent)`. Each instance keeps every flow's result while the
 * flow and the agent file are unchanged (PerFileResults.ts), so re-validating
 * after an edit to one flow recomputes that flow only. When no agent file can
 * be trusted (usableAgent.ts) the check reports nothing.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { PerFileResults } from './PerFileResults.ts';
import { usableAgent } from './usableAgent.ts';

type Agent = LoadedFile<'agent'>;

export function flowAgainstAgent(
  compute: (flow: LoadedFile<'flow'>, agent: Agent) => readonly Diagnostic[],
): () => (workspace: Workspace) => readonly Diagnostic[] {
  return () => {
    const results = new PerFileResults<LoadedFile<'flow'>, Agent>(
      (agent) => [agent],
      (_flow, agent) => [agent],
      compute,
    );
    return (workspace) => {
      const agent = usableAgent(workspace);
      return agent ? results.run(workspace.flows, agent) : [];
    };
  };
}
