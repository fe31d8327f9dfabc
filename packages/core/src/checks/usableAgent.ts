import { mightBeBroken } from './brokenFiles.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import type { Workspace } from '../workspace/workspace.ts';

/**
 * The agent file that cross-file checks may resolve names against, or
 * undefined when there is none to trust. A loaded root `agent.yaml` is the one
 * the runtime uses, so it counts even when some other agent file is broken;
 * otherwise a broken agent file may be the real one, and checks that depend
 * on the agent are skipped rather than reporting names it might declare.
 */
export function usableAgent(workspace: Workspace): LoadedFile<'agent'> | undefined {
  const agent = workspace.agent;
  if (!agent) return undefined;
  if (agent.path !== 'agent.yaml' && mightBeBroken(workspace, 'agent')) return undefined;
  return agent;
}
