/**
 * The vocabulary of the language features: what a symbol is, where it occurs,
 * and how a reference is bound to its definition. Positions and ranges are
 * core's (`@colloquy/core` `Range`): 1-based line and column plus a 0-based
 * offset, the same object diagnostics carry, so Monaco gets one conversion.
 */
import type { Range } from '@colloquy/core';

/**
 * What a name denotes. `node`, `slot`, `output` and `testCase` are scoped to
 * the file that declares them (two flows may both have a node `to_agent`);
 * the others are workspace-wide.
 */
export type SymbolKind =
  | 'flow'
  | 'node'
  | 'intent'
  | 'slot'
  | 'table'
  | 'output'
  | 'queue'
  | 'action'
  | 'topic'
  | 'context'
  | 'policy'
  | 'suite'
  | 'testCase';

export const FILE_SCOPED_KINDS: ReadonlySet<SymbolKind> = new Set<SymbolKind>(['node', 'slot', 'output', 'testCase']);

/** A line and column, 1-based, as editors show them (Monaco's `lineNumber`/`column`). */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export interface SymbolLocation {
  readonly path: string;
  readonly range: Range;
}

/** Where a name is declared: a key under `nodes`, `intents`, `queues`…, or a file's `id`. */
export interface SymbolDefinition {
  readonly role: 'definition';
  readonly kind: SymbolKind;
  readonly name: string;
  readonly path: string;
  /** The name itself (inside quotes when the key is quoted). */
  readonly range: Range;
  /** The whole entry: from the key to the end of its value. */
  readonly fullRange: Range;
  /** The declaring file's path for file-scoped kinds, `''` for workspace-wide ones. */
  readonly scope: string;
  /** The id of what holds it, for display: the flow of a node, the table of an output, the suite of a test. */
  readonly container?: string;
  /** False when the name could not be located exactly (the range is then the whole scalar); rename refuses such symbols. */
  readonly exact: boolean;
}

/**
 * How a reference finds its definition. Resolution happens at query time, so
 * that a reference into another file follows that file's latest version.
 *
 * - `global`: a workspace-wide name (`decide: card_freeze`, `handoff.queue`).
 * - `local`: a name in the same file (`next`, `routes`, `fill`, a row's `then` keys).
 * - `flow`: a node or slot of the flow with that id (a test turn with `expect.flow` or a suite `flow`).
 * - `anyFlow`: a node or slot of whichever flow declares it (a test without a flow, as core
 *   checks it). When several flows declare the name, `hint` (the flow the turn's or an
 *   earlier turn's expectations point at) picks one; otherwise all of them are candidates.
 * - `placeholder`: `{name}` in a message: a slot of the flow, else an output of a table the
 *   flow decides with, else a context variable (the runtime's lookup order).
 * - `tableInput`: a rules input column (`inputs[].name` or a row's `when` key): a slot of
 *   each flow deciding with the table, else a context variable.
 */
export type Binding =
  | { readonly type: 'global'; readonly kind: SymbolKind }
  | { readonly type: 'local'; readonly kind: 'node' | 'slot' | 'output' }
  | { readonly type: 'flow'; readonly kind: 'node' | 'slot'; readonly flowId: string }
  | { readonly type: 'anyFlow'; readonly kind: 'node' | 'slot'; readonly hint?: FlowHint }
  | { readonly type: 'placeholder'; readonly tables: readonly string[] }
  | { readonly type: 'tableInput'; readonly tableId: string | undefined };

/** What a test turn says about the flow it is in, when it does not name one. */
export type FlowHint = { readonly flowId: string } | { readonly intent: string };

export interface SymbolReference {
  readonly role: 'reference';
  readonly name: string;
  readonly path: string;
  /** The name itself: inside quotes, or the name part of a `{placeholder}`. */
  readonly range: Range;
  readonly binding: Binding;
  /** False when the name could not be located exactly (the range is then the whole scalar); rename refuses such occurrences. */
  readonly exact: boolean;
}

export type SymbolOccurrence = SymbolDefinition | SymbolReference;

/** The identity of a symbol: kind, scope and name. Several definitions may share one (a duplicate id). */
export interface SymbolId {
  readonly kind: SymbolKind;
  readonly scope: string;
  readonly name: string;
}

export function symbolKey(id: SymbolId): string {
  return `${id.kind}\u0000${id.scope}\u0000${id.name}`;
}
