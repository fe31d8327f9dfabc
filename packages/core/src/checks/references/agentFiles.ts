/**
 * A workspace has exactly one agent file, `agent.yaml` at its root. A missing
 * one is CQ216 (unless an agent file exists but failed to load: that file's own
 * errors say what is wrong); every agent file besides the one in use is CQ200.
 */
import { START_OF_FILE, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { mightBeBroken } from '../brokenFiles.ts';
import { report } from '../report.ts';

export const AGENT_PATH = 'agent.yaml';

export function checkAgentFiles(workspace: Workspace): Diagnostic[] {
  const inUse = workspace.agent;
  if (!inUse) {
    if (mightBeBroken(workspace, 'agent')) return [];
    return [
      report('CQ216', AGENT_PATH, START_OF_FILE, 'the workspace has no `agent.yaml`; create one at the workspace root with the assistant\'s `name`, `language`, `nlu`, `fallback` and `queues`'),
    ];
  }
  const diagnostics: Diagnostic[] = [];
  for (const file of workspace.agents) {
    if (file === inUse) continue;
    const message = `this is a second agent file, but a workspace has exactly one; ${inUse.path} is the one in use, so merge this one into it or delete it`;
    const related = [{ file: inUse.path, range: inUse.source.rangeOf(['kind']), message: 'the agent file in use' }];
    diagnostics.push(report('CQ200', file.path, file.source.rangeOf(['kind']), message, { related }));
  }
  return diagnostics;
}
