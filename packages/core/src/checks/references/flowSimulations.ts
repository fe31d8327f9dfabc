/**
 * One test file at most sets how a flow's edge cases are generated (CQ220):
 * two `simulate:` blocks for the same flow would leave a simulation to pick
 * one of them, and which one would depend on file names. Stateless and cheap
 * (a pass over the test files' headers), so it runs on every validation.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { quote, report } from '../report.ts';

export function checkFlowSimulations(workspace: Workspace): Diagnostic[] {
  const first = new Map<string, LoadedFile<'test'>>();
  const diagnostics: Diagnostic[] = [];
  for (const file of workspace.tests) {
    const { flow, simulate } = file.data;
    if (flow === undefined || simulate === undefined) continue;
    const earlier = first.get(flow);
    if (!earlier) {
      first.set(flow, file);
      continue;
    }
    const earlierRange = earlier.source.keyRangeOf(['simulate']);
    const message = `flow ${quote(flow)} already has its generation settings in ${earlier.path} (line ${earlierRange.start.line}); keep one \`simulate\` block per flow`;
    const related = [{ file: earlier.path, range: earlierRange, message: `the first \`simulate\` block for flow ${quote(flow)}` }];
    diagnostics.push(report('CQ220', file.path, file.source.keyRangeOf(['simulate']), message, { related }));
  }
  return diagnostics;
}
