/**
 * Compiles one flow file: nodes with their step, messages, transitions and
 * source positions. Runs once per engine; a flow that validation would reject
 * in part (a dangling `next`, a `fill` naming no slot) still compiles, and
 * the runtime reports the problem in the trace when a conversation reaches it.
 */
import { nodeRole, type FlowNode, type LoadedFile, type PathSegment, type SlotDefinition } from '@colloquy/core';
import type { SourceRef } from '../trace.ts';
import { compileHandoff } from './compileAgent.ts';
import type { CompiledFlow, CompiledMessage, CompiledNode, CompiledTable, NodeStep, Question, Transition } from './compiled.ts';
import { keyRef, valueRef } from './sourceRef.ts';
import { compileTemplate } from './template.ts';

/** runtime.md, "Answers to questions": a question is asked again this many times by default. */
export const DEFAULT_RETRIES = 2;

/**
 * Slot types whose values cannot be confused with other numbers or words in
 * a sentence, so they are taken from the utterance that starts a flow
 * (runtime.md, "Recognising what the customer wants"). Not `boolean`: a yes or
 * no only answers the question it was given to ("No, it hasn't arrived" is not
 * a "no" to "may I check your identity?"), and consent in particular must be
 * given to the question that asks for it.
 */
const PREFILLED_TYPES: ReadonlySet<SlotDefinition['type']> = new Set(['digits', 'enum', 'pattern', 'date']);

/** An `ask` whose `fill` names no declared slot reads its answer as free text. */
const TEXT_SLOT: SlotDefinition = Object.freeze({ type: 'text' });

export function compileFlow(file: LoadedFile<'flow'>, tables: ReadonlyMap<string, CompiledTable>): CompiledFlow {
  const flow = file.data;
  const slots = flow.slots ?? {};
  const prefillable = Object.create(null) as Record<string, SlotDefinition>;
  const slotAt = new Map<string, SourceRef>();
  let hasPrefillable = false;
  for (const [name, definition] of Object.entries(slots)) {
    slotAt.set(name, keyRef(file, ['slots', name]));
    if (PREFILLED_TYPES.has(definition.type)) {
      prefillable[name] = definition;
      hasPrefillable = true;
    }
  }
  const intentAt = new Map<string, SourceRef>();
  for (const intent of Object.keys(flow.intents ?? {})) intentAt.set(intent, keyRef(file, ['intents', intent]));
  const nodes = new Map<string, CompiledNode>();
  for (const [id, node] of Object.entries(flow.nodes)) {
    nodes.set(id, compileNode(file, id, node, slots, tables));
  }
  return {
    id: flow.id,
    path: file.path,
    start: flow.start,
    startAt: keyRef(file, ['start']),
    nodes,
    prefillable,
    hasPrefillable,
    slotAt,
    intentAt,
    at: keyRef(file, ['id']),
  };
}

function compileNode(
  file: LoadedFile<'flow'>,
  id: string,
  node: FlowNode,
  slots: Readonly<Record<string, SlotDefinition>>,
  tables: ReadonlyMap<string, CompiledTable>,
): CompiledNode {
  const keyAt = (...path: PathSegment[]): SourceRef => keyRef(file, ['nodes', id, ...path]);
  const message = (text: string, ...path: PathSegment[]): CompiledMessage => ({ template: compileTemplate(text), at: keyAt(...path) });
  const say: CompiledMessage[] = [];
  if (typeof node.say === 'string') say.push(message(node.say, 'say'));
  else if (Array.isArray(node.say)) {
    node.say.forEach((text, i) => say.push({ template: compileTemplate(text), at: valueRef(file, ['nodes', id, 'say', i]) }));
  }
  let routes: Map<string, Transition> | undefined;
  if (node.routes) {
    routes = new Map();
    for (const [key, to] of Object.entries(node.routes)) routes.set(key, { to, via: 'route', key, at: keyAt('routes', key) });
  }
  return {
    id,
    flow: file.data.id,
    at: keyAt(),
    say,
    step: compileStep(node, slots, tables, message, keyAt),
    routes,
    next: node.next === undefined ? undefined : { to: node.next, via: 'next', key: undefined, at: keyAt('next') },
  };
}

function compileStep(
  node: FlowNode,
  slots: Readonly<Record<string, SlotDefinition>>,
  tables: ReadonlyMap<string, CompiledTable>,
  message: (text: string, ...path: PathSegment[]) => CompiledMessage,
  keyAt: (...path: PathSegment[]) => SourceRef,
): NodeStep {
  // `nodeRole` is the one definition of which field wins when a node has
  // several (validation reports that as CQ303), so the engine and the graph
  // checks agree on what such a node does.
  const role = nodeRole(node);
  switch (role) {
    case 'say':
      return { kind: 'say' };
    case 'ask': {
      const slot = node.fill;
      const definition = slot !== undefined && Object.hasOwn(slots, slot) ? slots[slot]! : TEXT_SLOT;
      const question: Question = {
        message: message(node.ask!, 'ask'),
        slot,
        definition,
        reprompt: node.reprompt === undefined ? undefined : message(node.reprompt, 'reprompt'),
        retries: node.retries ?? DEFAULT_RETRIES,
        onFail: node.on_fail === undefined ? undefined : { to: node.on_fail, via: 'on_fail', key: undefined, at: keyAt('on_fail') },
        fillAt: slot === undefined ? keyAt('ask') : keyAt('fill'),
      };
      return { kind: 'ask', question };
    }
    case 'decide':
      return { kind: 'decide', table: node.decide!, compiled: tables.get(node.decide!), at: keyAt('decide') };
    case 'action':
      return { kind: 'action', action: node.action!, at: keyAt('action') };
    case 'handoff':
      return { kind: 'handoff', handoff: compileHandoff(node.handoff!, (path) => keyAt('handoff', ...path)) };
    case 'end':
      return { kind: 'end', outcome: node.end!, at: keyAt('end') };
    default: {
      const unreachable: never = role;
      throw new Error(`unknown node role ${String(unreachable)}`);
    }
  }
}
