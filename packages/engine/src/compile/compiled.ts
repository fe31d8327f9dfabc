/**
 * The workspace as the runtime needs it: every flow, node, message, rules
 * table and source position resolved once, when the engine is built, so that
 * a turn does map lookups and string concatenation and nothing else. Nothing
 * here is mutated after compilation.
 */
import type { RulesFile, SlotDefinition } from '@colloquy/core';
import type { ContextValue } from '../session.ts';
import type { SourceRef } from '../trace.ts';
import type { Template } from './template.ts';

export interface CompiledMessage {
  readonly template: Template;
  readonly at: SourceRef | undefined;
}

export interface CompiledHandoff {
  readonly queue: string;
  readonly reason: string | undefined;
  readonly say: CompiledMessage | undefined;
  readonly at: SourceRef | undefined;
}

/** A transition written on a node: a `routes` entry, `next` or `on_fail`. */
export interface Transition {
  readonly to: string;
  readonly via: 'next' | 'route' | 'on_fail';
  /** The route key, for `via: 'route'`. */
  readonly key: string | undefined;
  readonly at: SourceRef;
}

export interface Question {
  readonly message: CompiledMessage;
  /** The slot that `fill` names; undefined for an `ask` without `fill` (any answer is accepted and stored nowhere). */
  readonly slot: string | undefined;
  /** The slot's definition; a `fill` naming an undeclared slot reads answers as `text`. */
  readonly definition: SlotDefinition;
  readonly reprompt: CompiledMessage | undefined;
  /** Failed answers that are followed by a reprompt; the next failure goes to `onFail`. */
  readonly retries: number;
  readonly onFail: Transition | undefined;
  /** Where answers fill the slot: the node's `fill` key (or `ask` without one). */
  readonly fillAt: SourceRef;
}

export interface CompiledTable {
  readonly id: string;
  readonly data: RulesFile;
  /** The column names the table reads, looked up in the flow's slots then the context. */
  readonly inputNames: readonly string[];
  /** The output whose value is a `decide` node's result. */
  readonly firstOutput: string;
  /** Position of each row, by 0-based index. */
  readonly rowAt: readonly SourceRef[];
  readonly at: SourceRef;
}

/** What a node does after its `say` (docs/reference/runtime.md, "Walking nodes"). Switch on `kind` exhaustively. */
export type NodeStep =
  | { readonly kind: 'say' }
  | { readonly kind: 'ask'; readonly question: Question }
  | { readonly kind: 'decide'; readonly table: string; readonly compiled: CompiledTable | undefined; readonly at: SourceRef }
  | { readonly kind: 'action'; readonly action: string; readonly at: SourceRef }
  | { readonly kind: 'handoff'; readonly handoff: CompiledHandoff }
  | { readonly kind: 'end'; readonly outcome: string; readonly at: SourceRef };

export interface CompiledNode {
  readonly id: string;
  readonly flow: string;
  /** The node's key in the flow file. */
  readonly at: SourceRef;
  readonly say: readonly CompiledMessage[];
  readonly step: NodeStep;
  /** Route key (as text) -> transition; undefined when the node has no `routes`. */
  readonly routes: ReadonlyMap<string, Transition> | undefined;
  readonly next: Transition | undefined;
}

export interface CompiledFlow {
  readonly id: string;
  readonly path: string;
  readonly start: string;
  readonly startAt: SourceRef;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /** The slots that may be pre-filled from the utterance that starts the flow (runtime.md: digits, enum, pattern, date, boolean). */
  readonly prefillable: Readonly<Record<string, SlotDefinition>>;
  readonly hasPrefillable: boolean;
  /** Position of each slot's definition. */
  readonly slotAt: ReadonlyMap<string, SourceRef>;
  /** Position of each intent's key, for `flow_entered`. */
  readonly intentAt: ReadonlyMap<string, SourceRef>;
  /** The flow's `id` key. */
  readonly at: SourceRef;
}

export interface AgentSettings {
  readonly greeting: CompiledMessage | undefined;
  readonly fallbackSay: CompiledMessage;
  /** The `fallback` key of agent.yaml, when there is one. */
  readonly fallbackAt: SourceRef | undefined;
  readonly maxFailures: number;
  readonly fallbackHandoff: CompiledHandoff;
  /** Action name -> catalogue default outcome. */
  readonly actionDefaults: ReadonlyMap<string, string>;
  /** Context variable defaults declared in agent.yaml (null-prototype record). */
  readonly contextDefaults: Readonly<Record<string, ContextValue>>;
}

export interface CompiledWorkspace {
  readonly agent: AgentSettings;
  readonly flows: ReadonlyMap<string, CompiledFlow>;
  /** The flow each intent starts (the first declaring flow by path when several do; validation reports that). */
  readonly flowForIntent: ReadonlyMap<string, CompiledFlow>;
  readonly tables: ReadonlyMap<string, CompiledTable>;
}
