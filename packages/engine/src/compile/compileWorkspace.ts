import type { Workspace } from '@colloquy/core';
import { compileAgent } from './compileAgent.ts';
import type { CompiledFlow, CompiledTable, CompiledWorkspace } from './compiled.ts';
import { compileFlow } from './compileFlow.ts';
import { compileTable } from './compileTable.ts';

/**
 * Everything the runtime reads, resolved once per workspace. Uses the
 * workspace's own indexes, so where validation reports a duplicate (two flows
 * with one id, an intent claimed twice) the engine follows the same winner:
 * the first file by path.
 */
export function compileWorkspace(workspace: Workspace): CompiledWorkspace {
  const tables = new Map<string, CompiledTable>();
  for (const [id, file] of workspace.rulesById) tables.set(id, compileTable(file));
  const flows = new Map<string, CompiledFlow>();
  for (const [id, file] of workspace.flowsById) flows.set(id, compileFlow(file, tables));
  const flowForIntent = new Map<string, CompiledFlow>();
  for (const [intent, owners] of workspace.intentOwners) {
    // A flow that lost its id to an earlier file is not compiled, so its intents fall to the next owner, if any.
    const owner = owners.map((file) => flows.get(file.data.id)).find((flow, i) => flow?.path === owners[i]!.path);
    if (owner) flowForIntent.set(intent, owner);
  }
  return { agent: compileAgent(workspace.agent), flows, flowForIntent, tables };
}
