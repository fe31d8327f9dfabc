/**
 * The words the graph shows and announces for a node: role names, the
 * screen-reader label, the hover text. Kept out of the component so they are
 * tested without a DOM.
 */
import type { GraphNode, GraphNodeRole } from './flowGraphModel.ts';

export const ROLE_NAMES: Readonly<Record<GraphNodeRole, string>> = {
  ask: 'ask',
  decide: 'decide',
  action: 'action',
  say: 'say',
  handoff: 'hand over',
  end: 'end',
  missing: 'missing',
};

/** The legend, in the order designers meet the roles in a flow. */
export const LEGEND: readonly { readonly role: GraphNodeRole; readonly text: string }[] = [
  { role: 'ask', text: 'asks a question' },
  { role: 'decide', text: 'decides with rules' },
  { role: 'action', text: 'runs an action' },
  { role: 'say', text: 'says something' },
  { role: 'handoff', text: 'hands over to a person' },
  { role: 'end', text: 'ends the flow' },
  { role: 'missing', text: 'named but not declared' },
];

/** `text` cut to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** What a screen reader announces for a node: everything the drawing shows, in words. */
export function describeNode(node: GraphNode): string {
  const parts = [`${ROLE_NAMES[node.role]} node ${node.id}`];
  if (node.label) parts.push(node.label);
  if (node.isStart) parts.push('start');
  if (node.unreachable) parts.push('never reached from start');
  const errors = node.problems.filter((p) => p.severity === 'error').length;
  const warnings = node.problems.filter((p) => p.severity === 'warning').length;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (node.covered === false) parts.push('no test reaches it');
  return parts.join(', ');
}

/** The hover text: id and role, the label, then every problem in full. */
export function nodeTooltip(node: GraphNode): string {
  const lines = [`${node.id} (${ROLE_NAMES[node.role]})`];
  if (node.label) lines.push(node.label);
  if (node.unreachable) lines.push('Never reached from start');
  if (node.covered === false) lines.push('No test reaches this node');
  for (const p of node.problems) lines.push(`${p.severity} ${p.code}: ${p.message}`);
  return lines.join('\n');
}
