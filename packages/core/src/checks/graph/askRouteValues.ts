/**
 * Routes of a question can only match values its slot can hold (CQ305): a
 * yes/no slot holds `true` or `false`, an enum slot one of its value names.
 * Other slot types hold open-ended values, so their route keys are not checked.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { SlotDefinition } from '../../kinds/index.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { didYouMean } from '../../schema/closestName.ts';
import { quote, quoteList, report } from '../report.ts';

export function checkAskRouteValues(file: LoadedFile<'flow'>): Diagnostic[] {
  const flow = file.data;
  const diagnostics: Diagnostic[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (node.ask === undefined || node.routes === undefined || node.fill === undefined) continue;
    if (!Object.hasOwn(flow.slots ?? {}, node.fill)) continue; // reported as an unknown slot
    const slot = flow.slots![node.fill]!;
    const values = possibleValues(slot);
    if (!values) continue;
    for (const key of Object.keys(node.routes)) {
      if (values.includes(key)) continue;
      const message = `node ${quote(id)} routes on ${quote(key)}, but slot ${quote(node.fill)} (${describeSlot(slot)}) only holds ${quoteList(values)}${closeValue(key, slot, values)}`;
      diagnostics.push(report('CQ305', file.path, file.source.keyRangeOf(['nodes', id, 'routes', key]), message));
    }
  }
  return diagnostics;
}

/** The values a slot can hold, as route keys are written; undefined when open-ended. */
export function possibleValues(slot: SlotDefinition): string[] | undefined {
  if (slot.type === 'boolean') return ['true', 'false'];
  if (slot.type === 'enum') return Object.keys(slot.values ?? {});
  return undefined;
}

function describeSlot(slot: SlotDefinition): string {
  return slot.type === 'boolean' ? 'a yes/no slot' : 'an enum slot';
}

/** Yes/no slots store `true`/`false`, but designers often write the words customers say. */
const BOOLEAN_WORDS: ReadonlyMap<string, string> = new Map([
  ['yes', 'true'],
  ['y', 'true'],
  ['on', 'true'],
  ['no', 'false'],
  ['n', 'false'],
  ['off', 'false'],
]);

function closeValue(key: string, slot: SlotDefinition, values: readonly string[]): string {
  const word = slot.type === 'boolean' ? BOOLEAN_WORDS.get(key.toLowerCase()) : undefined;
  return word ? `; did you mean \`${word}\`?` : didYouMean(key, values);
}
