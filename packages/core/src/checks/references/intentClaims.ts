/**
 * An intent starts exactly one flow (CQ213). Each claim after the first (by
 * file path) is reported, pointing at the first. Two files with the same flow
 * id are one mistake, already reported as a duplicate id, so their shared
 * intents are not reported again.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { quote, report } from '../report.ts';

export function checkIntentClaims(workspace: Workspace): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [intent, owners] of workspace.intentOwners) {
    const first = owners[0]!;
    for (const owner of owners.slice(1)) {
      if (owner.data.id === first.data.id) continue;
      const message = `intent ${quote(intent)} already starts flow ${quote(first.data.id)} (${first.path}); an intent starts exactly one flow, so remove it here or merge the flows`;
      const related = [{ file: first.path, range: first.source.keyRangeOf(['intents', intent]), message: `flow ${quote(first.data.id)} claims ${quote(intent)} first` }];
      diagnostics.push(report('CQ213', owner.path, owner.source.keyRangeOf(['intents', intent]), message, { related }));
    }
  }
  return diagnostics;
}
