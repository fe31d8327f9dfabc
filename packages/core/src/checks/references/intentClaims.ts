/**
 * An intent starts exactly one flow (CQ213). Each claim after the first (by
 * file path) is reported, pointing at the first. Two files with the same flow
 * id are one mistake, already reported as a duplicate id, so their shared
 * intents are not reported again.
 *
 * Claims are kept in a ClaimIndex, so after an edit only the intents the
 * edited flow declared before or declares now are looked at again.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { ClaimIndex, type Claim } from '../ClaimIndex.ts';
import { quote, report } from '../report.ts';

type Flow = LoadedFile<'flow'>;

export function createIntentClaimsCheck(): (workspace: Workspace) => readonly Diagnostic[] {
  const index = new ClaimIndex<Flow, null>((flow) => Object.keys(flow.data.intents ?? {}).map((intent) => [intent, null] as const), judgeIntent);
  return (workspace) => index.update(workspace.flows);
}

function judgeIntent(intent: string, claims: readonly Claim<Flow, null>[]): Diagnostic[] {
  const first = claims[0]!.file;
  const diagnostics: Diagnostic[] = [];
  for (const { file: owner } of claims.slice(1)) {
    if (owner.data.id === first.data.id) continue;
    const message = `intent ${quote(intent)} already starts flow ${quote(first.data.id)} (${first.path}); an intent starts exactly one flow, so remove it here or merge the flows`;
    const related = [{ file: first.path, range: first.source.keyRangeOf(['intents', intent]), message: `flow ${quote(first.data.id)} claims ${quote(intent)} first` }];
    diagnostics.push(report('CQ213', owner.path, owner.source.keyRangeOf(['intents', intent]), message, { related }));
  }
  return diagnostics;
}
