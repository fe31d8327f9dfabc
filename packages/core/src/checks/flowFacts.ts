/**
 * What the workspace checks need from each flow that depends on the flow
 * alone, computed once per file version (see perFileCache.ts): the nodes that
 * refer outside the flow, its messages' placeholders, and its training
 * examples in normalised form. Workspace checks then touch only these lists,
 * which keeps a validation of a large workspace to a few milliseconds.
 */
import type { FlowNode } from '../kinds/index.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import { flowMessages, type MessageText } from './messages.ts';
import { normaliseExample } from './normaliseExample.ts';
import { perFileCache } from './perFileCache.ts';
import { findPlaceholders, type Placeholder } from './placeholders.ts';

export interface MessagePlaceholders extends MessageText {
  readonly placeholders: readonly Placeholder[];
}

export interface NormalisedExample {
  readonly intent: string;
  readonly index: number;
  readonly normalised: string;
}

export interface NodeEntry {
  readonly id: string;
  readonly node: FlowNode;
}

export interface FlowFacts {
  readonly slotNames: ReadonlySet<string>;
  /** Nodes with `decide`, `action` or `handoff`, in file order. */
  readonly decideNodes: readonly NodeEntry[];
  readonly actionNodes: readonly NodeEntry[];
  readonly handoffNodes: readonly NodeEntry[];
  /** The distinct rules tables the flow decides with: what its cross-file results depend on besides the agent. */
  readonly decidedTables: readonly string[];
  /** Messages that contain at least one placeholder. */
  readonly placeholderMessages: readonly MessagePlaceholders[];
  /** Distinct placeholder names that are not slots of the flow: only these need the workspace to resolve. */
  readonly nonSlotPlaceholders: readonly string[];
  readonly examples: readonly NormalisedExample[];
}

export const flowFacts = perFileCache((file: LoadedFile<'flow'>): FlowFacts => {
  const decideNodes: NodeEntry[] = [];
  const actionNodes: NodeEntry[] = [];
  const handoffNodes: NodeEntry[] = [];
  for (const [id, node] of Object.entries(file.data.nodes)) {
    if (node.decide !== undefined) decideNodes.push({ id, node });
    if (node.action !== undefined) actionNodes.push({ id, node });
    if (node.handoff !== undefined) handoffNodes.push({ id, node });
  }
  const placeholderMessages: MessagePlaceholders[] = [];
  for (const message of flowMessages(file.data)) {
    const placeholders = findPlaceholders(message.text);
    if (placeholders.length > 0) placeholderMessages.push({ ...message, placeholders });
  }
  const examples: NormalisedExample[] = [];
  for (const [intent, definition] of Object.entries(file.data.intents ?? {})) {
    definition.examples.forEach((example, index) => {
      const normalised = normaliseExample(example);
      if (normalised !== '') examples.push({ intent, index, normalised });
    });
  }
  const slotNames = new Set(Object.keys(file.data.slots ?? {}));
  const nonSlotPlaceholders = new Set<string>();
  for (const message of placeholderMessages) {
    for (const { name } of message.placeholders) if (!slotNames.has(name)) nonSlotPlaceholders.add(name);
  }
  const decidedTables = [...new Set(decideNodes.map(({ node }) => node.decide!))];
  return { slotNames, decideNodes, actionNodes, handoffNodes, decidedTables, placeholderMessages, nonSlotPlaceholders: [...nonSlotPlaceholders], examples };
});
