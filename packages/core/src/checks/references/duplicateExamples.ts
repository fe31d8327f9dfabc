/**
 * The same training example under two different intents (CQ214) teaches the
 * recogniser two answers for one utterance. Examples are compared normalised
 * (see normaliseExample.ts); the later one (by file, then position) is
 * reported, pointing at the first.
 *
 * The normalised forms are cached per flow file (flowFacts.ts) and kept in a
 * ClaimIndex keyed by normalised text, so after an edit only the examples the
 * edited flow had before or has now are compared again.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { ClaimIndex, type Claim } from '../ClaimIndex.ts';
import { flowFacts } from '../flowFacts.ts';
import { quote, report } from '../report.ts';

type Flow = LoadedFile<'flow'>;

interface Use {
  readonly intent: string;
  readonly index: number;
}

export function createDuplicateExamplesCheck(): (workspace: Workspace) => readonly Diagnostic[] {
  const index = new ClaimIndex<Flow, Use>(
    (flow) => flowFacts(flow).examples.map(({ intent, index, normalised }) => [normalised, { intent, index }] as const),
    judgeExample,
  );
  return (workspace) => index.update(workspace.flows);
}

function judgeExample(_normalised: string, uses: readonly Claim<Flow, Use>[]): Diagnostic[] {
  const { file: firstFlow, claim: first } = uses[0]!;
  const diagnostics: Diagnostic[] = [];
  for (const { file: flow, claim: use } of uses.slice(1)) {
    if (use.intent === first.intent) continue;
    const where = firstFlow === flow ? '' : ` in flow ${quote(firstFlow.data.id)}`;
    const text = flow.data.intents![use.intent]!.examples[use.index]!;
    const message = `the example "${shorten(text)}" of intent ${quote(use.intent)} also trains intent ${quote(first.intent)}${where}; one utterance cannot mean two intents, so keep it in one`;
    const firstRange = firstFlow.source.rangeOf(['intents', first.intent, 'examples', first.index]);
    const related = [{ file: firstFlow.path, range: firstRange, message: `the same example under intent ${quote(first.intent)}` }];
    diagnostics.push(report('CQ214', flow.path, flow.source.rangeOf(['intents', use.intent, 'examples', use.index]), message, { related }));
  }
  return diagnostics;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
