/**
 * Rename a symbol everywhere it is used. Feeds Monaco's
 * `registerRenameProvider` (`resolveRenameLocation` from `prepareRenameAt`,
 * `provideRenameEdits` from `renameAt`; see README.md).
 *
 * A rename either produces edits that leave the workspace exactly as valid as
 * before (every occurrence, in every file, renamed; nothing that resolved to
 * something else now resolving to the renamed symbol) or refuses with a reason
 * a designer can act on. It never edits a place it cannot locate exactly.
 */
import { agentSchema, flowSchema, type Range } from '@colloquy/core';
import { sortLocations } from './references.ts';
import { idOf, type SymbolIndex } from './symbolIndex.ts';
import { symbolKey, type SymbolId, type SymbolKind, type SymbolLocation, type SymbolOccurrence, type TextPosition } from './types.ts';

export interface TextEdit {
  readonly path: string;
  readonly range: Range;
  readonly newText: string;
}

export type RenameFailureReason =
  /** Nothing renameable is at the position. */
  | 'no-symbol'
  /** A reference to something that is not declared. */
  | 'undeclared'
  /** A kind of symbol rename does not handle. */
  | 'not-renameable'
  /** A test names a node or slot several flows declare, and nothing says which. */
  | 'ambiguous'
  | 'invalid-name'
  /** The name is taken in the symbol's scope, or would capture a placeholder or rules input that names something else. */
  | 'name-taken'
  /** A rules table reads the slot by name; renaming it would break the other flows deciding with that table. */
  | 'read-by-rules'
  /** An occurrence cannot be located exactly (an escaped or folded scalar). */
  | 'cannot-locate';

export type RenameResult =
  | {
      readonly ok: true;
      readonly symbol: SymbolId;
      /** Every occurrence, sorted by path then position. Empty when the new name is the old one. */
      readonly edits: readonly TextEdit[];
      /** Test references left alone: they name the same node or slot of several flows, and may mean another one. */
      readonly skipped: readonly SymbolLocation[];
    }
  | { readonly ok: false; readonly reason: RenameFailureReason; readonly message: string };

export type PrepareRenameResult =
  | { readonly ok: true; readonly symbol: SymbolId; readonly range: Range; readonly text: string }
  | { readonly ok: false; readonly reason: RenameFailureReason; readonly message: string };

/** Kinds whose every use the index knows; the others are refused with 'not-renameable'. */
export const RENAMEABLE_KINDS: ReadonlySet<SymbolKind> = new Set<SymbolKind>(['node', 'intent', 'slot', 'flow', 'table', 'queue', 'action', 'topic']);

/** The id pattern and length of the schemas (core's `idSchema`, `actionNameSchema`): the single source. */
const ID_RULE = namingRule(flowSchema.properties.id);
const ACTION_RULE = namingRule(agentSchema.properties.actions.propertyNames);

/** What each kind is called in messages and lists (`table` is a "rules table"). */
export const SYMBOL_KIND_NAMES: Readonly<Record<SymbolKind, string>> = {
  flow: 'flow',
  node: 'node',
  intent: 'intent',
  slot: 'slot',
  table: 'rules table',
  output: 'rules output',
  queue: 'queue',
  action: 'action',
  topic: 'topic',
  context: 'context variable',
  policy: 'policy',
  suite: 'test suite',
  testCase: 'test',
};

/** Whether the symbol at `position` can be renamed, and the range and text to offer for editing. */
export function prepareRenameAt(index: SymbolIndex, path: string, position: TextPosition | number): PrepareRenameResult {
  const target = renameTarget(index, path, position);
  if (!target.ok) return target;
  return { ok: true, symbol: target.symbol, range: target.occurrence.range, text: target.symbol.name };
}

/**
 * The edits that rename the symbol at `position` to `newName` in every file,
 * or why it cannot be done. Apply them to the files' current texts (the texts
 * the index holds); all ranges refer to those.
 */
export function renameAt(index: SymbolIndex, path: string, position: TextPosition | number, newName: string): RenameResult {
  const target = renameTarget(index, path, position);
  if (!target.ok) return target;
  const { symbol } = target;
  const what = SYMBOL_KIND_NAMES[symbol.kind];

  const rule = symbol.kind === 'action' ? ACTION_RULE : ID_RULE;
  if (!rule.pattern.test(newName) || newName.length > rule.maxLength) {
    const shape = symbol.kind === 'action' ? 'lower-case words of letters, digits and underscores, separated by dots (`cards.freeze`)' : 'lower-case letters, digits and underscores, starting with a letter';
    return fail('invalid-name', `\`${newName}\` is not a valid ${what} name: use ${shape}, at most ${rule.maxLength} characters`);
  }
  if (newName === symbol.name) return { ok: true, symbol, edits: [], skipped: [] };

  const taken = index.definitionsOf({ ...symbol, name: newName })[0];
  if (taken) {
    const where = symbol.scope === '' ? ` (${taken.path})` : ` in ${taken.container !== undefined ? `flow \`${taken.container}\`` : taken.path}`;
    return fail('name-taken', `there is already a ${what} \`${newName}\`${where}`);
  }
  if (symbol.kind === 'slot') {
    const problem = slotProblem(index, symbol, newName);
    if (problem) return problem;
  }

  const wanted = symbolKey(symbol);
  const occurrences: SymbolOccurrence[] = [...index.definitionsOf(symbol)];
  const skipped: SymbolLocation[] = [];
  for (const reference of index.referencesTo([symbol])) {
    const resolved = index.resolve(reference);
    if (resolved.length === 1 && symbolKey(resolved[0]!) === wanted) occurrences.push(reference);
    else skipped.push({ path: reference.path, range: reference.range });
  }
  const inexact = occurrences.find((o) => !o.exact);
  if (inexact) {
    return fail('cannot-locate', `\`${symbol.name}\` is used in ${inexact.path} at line ${inexact.range.start.line} in a way rename cannot edit safely (an escaped or folded text); write it plainly there first`);
  }
  const edits = sortLocations(occurrences).map((l) => ({ path: l.path, range: l.range, newText: newName }));
  return { ok: true, symbol, edits, skipped: sortLocations(skipped) };
}

type Target = { readonly ok: true; readonly symbol: SymbolId; readonly occurrence: SymbolOccurrence } | Extract<RenameResult, { ok: false }>;

function renameTarget(index: SymbolIndex, path: string, position: TextPosition | number): Target {
  const occurrence = index.occurrenceAt(path, position);
  if (!occurrence) return fail('no-symbol', 'there is no name here to rename; place the cursor on a node, intent, slot, flow, table, queue, action or topic');
  let symbol: SymbolId;
  if (occurrence.role === 'definition') symbol = idOf(occurrence);
  else {
    const resolved = index.resolve(occurrence);
    if (resolved.length === 0) return fail('undeclared', `\`${occurrence.name}\` is not declared anywhere, so there is nothing to rename; fix the spelling or declare it first`);
    if (resolved.length > 1) {
      const flows = resolved.map((id) => index.file(id.scope)?.definitions.find((d) => d.kind === 'flow')?.name ?? id.scope);
      return fail('ambiguous', `several flows declare \`${occurrence.name}\` (${flows.map((f) => `\`${f}\``).join(', ')}) and this test does not say which one it means; rename it where it is declared`);
    }
    symbol = resolved[0]!;
  }
  if (!RENAMEABLE_KINDS.has(symbol.kind)) {
    return fail('not-renameable', `renaming a ${SYMBOL_KIND_NAMES[symbol.kind]} is not supported; edit it by hand`);
  }
  return { ok: true, symbol, occurrence };
}

/**
 * Slots are read by name from outside the flow: by rules tables (a table's
 * input reads the deciding flow's slot, else the context variable) and by
 * placeholders (a slot hides a rules output or context variable of the same
 * name). Renaming is refused where either would change what a name means.
 */
function slotProblem(index: SymbolIndex, slot: SymbolId, newName: string): Extract<RenameResult, { ok: false }> | undefined {
  const wanted = symbolKey(slot);
  const reader = index
    .referencesTo([slot])
    .find((r) => r.binding.type === 'tableInput' && index.resolve(r).some((id) => symbolKey(id) === wanted));
  if (reader && reader.binding.type === 'tableInput') {
    const table = reader.binding.tableId !== undefined ? `\`${reader.binding.tableId}\`` : reader.path;
    return fail('read-by-rules', `rules table ${table} (${reader.path}) reads slot \`${slot.name}\` by name, and every flow deciding with the table must agree on it; rename the slot and the table's input by hand`);
  }
  const flow = index.file(slot.scope);
  // A placeholder `{newName}` in this flow, or a table it decides with reading `newName`, would now get the slot.
  const placeholder = flow?.references.find((r) => r.binding.type === 'placeholder' && r.name === newName);
  if (placeholder) {
    return fail('name-taken', `\`{${newName}}\` in this flow (line ${placeholder.range.start.line}) names another value; a slot \`${newName}\` would replace it`);
  }
  const tables = new Set(flow?.references.filter((r) => r.binding.type === 'global' && r.binding.kind === 'table').map((r) => r.name));
  for (const table of tables) {
    const tablePath = index.tablePath(table);
    const input = tablePath === undefined ? undefined : index.file(tablePath)?.references.find((r) => r.binding.type === 'tableInput' && r.name === newName);
    if (input) return fail('name-taken', `rules table \`${table}\`, which this flow decides with, reads \`${newName}\` from the context; a slot \`${newName}\` would replace it`);
  }
  return undefined;
}

function fail(reason: RenameFailureReason, message: string): Extract<RenameResult, { ok: false }> {
  return { ok: false, reason, message };
}

function namingRule(schema: { readonly pattern: string; readonly maxLength: number }): { pattern: RegExp; maxLength: number } {
  return { pattern: new RegExp(schema.pattern), maxLength: schema.maxLength };
}
