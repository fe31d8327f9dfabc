/**
 * The same training example under two different intents (CQ214) teaches the
 * recogniser two answers for one utterance. Examples are compared normalised
 * (see normaliseExample.ts); the later one (by file, then position) is
 * reported, pointing at the first. The normalised forms are cached per flow
 * file, so this stays one map lookup per example on each validation.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { flowFacts } from '../flowFacts.ts';
import { quote, report } from '../report.ts';

interface FirstUse {
  readonly flow: LoadedFile<'flow'>;
  readonly intent: string;
  readonly index: number;
}

export function checkDuplicateExamples(workspace: Workspace): Diagnostic[] {
  const firstUse = new Map<string, FirstUse>();
  const diagnostics: Diagnostic[] = [];
  for (const flow of workspace.flows) {
    for (const { intent, index, normalised } of flowFacts(flow).examples) {
      const first = firstUse.get(normalised);
      if (!first) {
        firstUse.set(normalised, { flow, intent, index });
        continue;
      }
      if (first.intent === intent) continue;
      const where = first.flow === flow ? '' : ` in flow ${quote(first.flow.data.id)}`;
      const text = flow.data.intents![intent]!.examples[index]!;
      const message = `the example "${shorten(text)}" of intent ${quote(intent)} also trains intent ${quote(first.intent)}${where}; one utterance cannot mean two intents, so keep it in one`;
      const firstRange = first.flow.source.rangeOf(['intents', first.intent, 'examples', first.index]);
      const related = [{ file: first.flow.path, range: firstRange, message: `the same example under intent ${quote(first.intent)}` }];
      diagnostics.push(report('CQ214', flow.path, flow.source.rangeOf(['intents', intent, 'examples', index]), message, { related }));
    }
  }
  return diagnostics;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
