/**
 * A flow starts only when the recogniser picks one of its intents, so a flow
 * without intents can never run (CQ304).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { quote, report } from '../report.ts';

export function checkFlowEntry(file: LoadedFile<'flow'>): Diagnostic[] {
  const intents = file.data.intents;
  if (intents && Object.keys(intents).length > 0) return [];
  const range = intents ? file.source.keyRangeOf(['intents']) : file.source.rangeOf(['id']);
  return [report('CQ304', file.path, range, `flow ${quote(file.data.id)} declares no intents, so nothing a customer says starts it; add an intent with examples`)];
}
