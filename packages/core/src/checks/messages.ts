/**
 * Every message a file makes the assistant say, with its YAML path, so that
 * placeholder checks can point at the exact text.
 */
import type { AgentFile, FlowFile, FlowNode } from '../kinds/index.ts';
import type { PathSegment } from '../source/sourceDocument.ts';

export interface MessageText {
  readonly path: readonly PathSegment[];
  readonly text: string;
}

/** `say` (text or list), `ask`, `reprompt` and the handoff's `say` of one node. */
export function nodeMessages(nodeId: string, node: FlowNode): MessageText[] {
  const at = (...rest: PathSegment[]): PathSegment[] => ['nodes', nodeId, ...rest];
  const messages: MessageText[] = [];
  if (typeof node.say === 'string') messages.push({ path: at('say'), text: node.say });
  else if (Array.isArray(node.say)) node.say.forEach((text, i) => messages.push({ path: at('say', i), text }));
  if (node.ask !== undefined) messages.push({ path: at('ask'), text: node.ask });
  if (node.reprompt !== undefined) messages.push({ path: at('reprompt'), text: node.reprompt });
  if (node.handoff?.say !== undefined) messages.push({ path: at('handoff', 'say'), text: node.handoff.say });
  return messages;
}

export function flowMessages(flow: FlowFile): MessageText[] {
  return Object.entries(flow.nodes).flatMap(([id, node]) => nodeMessages(id, node));
}

/** The greeting, the fallback message and the fallback handoff's message. */
export function agentMessages(agent: AgentFile): MessageText[] {
  const messages: MessageText[] = [];
  if (agent.greeting !== undefined) messages.push({ path: ['greeting'], text: agent.greeting });
  messages.push({ path: ['fallback', 'say'], text: agent.fallback.say });
  if (agent.fallback.handoff.say !== undefined) messages.push({ path: ['fallback', 'handoff', 'say'], text: agent.fallback.handoff.say });
  return messages;
}
