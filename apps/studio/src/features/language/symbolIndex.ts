/**
 * The workspace's symbol index: every file's definitions and references, and
 * the resolution of a reference to the definitions it names.
 *
 * Lifecycle: create it from the workspace's files, then call `set` whenever a
 * file's text changes and `delete` when a file goes. `set` re-reads that one
 * file only (a parse of it plus updating the name tables for its own names);
 * references are resolved when asked, so a reference in a test follows the
 * flow it names without the test being re-read. Unchanged text is a no-op.
 *
 * The index holds no editor state and never throws on bad input: a file that
 * does not parse contributes what the lenient parse could read (see
 * parseLeniently.ts), which may be nothing.
 */
import { indexFile, withoutByteOrderMark, type FileSymbols } from './indexFile.ts';
import {
  symbolKey,
  type SymbolDefinition,
  type SymbolId,
  type SymbolKind,
  type SymbolOccurrence,
  type SymbolReference,
  type TextPosition,
} from './types.ts';

export type { FileSymbols } from './indexFile.ts';

/**
 * Occurrences by name, in the order files were added. Most names occur in one
 * or two files, so a flat list per name, filtered when a file goes, is both
 * smaller and faster than a map per name.
 */
type ByName<T> = Map<string, T[]>;

export class SymbolIndex {
  private readonly files = new Map<string, FileSymbols>();
  private readonly definitionsByName: ByName<SymbolDefinition> = new Map();
  private readonly referencesByName: ByName<SymbolReference> = new Map();
  private changeCount = 0;
  private everyDefinition: { readonly version: number; readonly list: readonly SymbolDefinition[] } | undefined;

  constructor(files: Iterable<readonly [path: string, text: string]> = []) {
    for (const [path, text] of files) this.set(path, text);
  }

  /** Increases with every change: a cheap "has anything changed since" for callers that cache. */
  get version(): number {
    return this.changeCount;
  }

  /** Adds or re-reads a file. Returns false when the text is unchanged (nothing was done). */
  set(path: string, text: string): boolean {
    const previous = this.files.get(path);
    if (previous && previous.text === withoutByteOrderMark(text)) return false;
    if (previous) this.forget(previous);
    const symbols = indexFile(path, text);
    this.files.set(path, symbols);
    addByName(this.definitionsByName, symbols.definitions);
    addByName(this.referencesByName, symbols.references);
    this.changeCount++;
    return true;
  }

  delete(path: string): boolean {
    const previous = this.files.get(path);
    if (!previous) return false;
    this.forget(previous);
    this.files.delete(path);
    this.changeCount++;
    return true;
  }

  file(path: string): FileSymbols | undefined {
    return this.files.get(path);
  }

  /** Every indexed path, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort(comparePaths);
  }

  /** Every definition in the workspace, in path order then file order (one list, rebuilt after a change). */
  allDefinitions(): readonly SymbolDefinition[] {
    if (this.everyDefinition?.version !== this.changeCount) {
      this.everyDefinition = { version: this.changeCount, list: this.paths().flatMap((path) => this.files.get(path)!.definitions) };
    }
    return this.everyDefinition.list;
  }

  /** The definition or reference whose name contains `position` (its end included, as for a cursor just after a word). */
  occurrenceAt(path: string, position: TextPosition | number): SymbolOccurrence | undefined {
    const file = this.files.get(path);
    if (!file) return undefined;
    const offset = typeof position === 'number' ? position : offsetAt(file.text, position);
    if (offset === undefined) return undefined;
    const hit = (o: SymbolOccurrence) => o.range.start.offset <= offset && offset <= o.range.end.offset;
    // Exact names first: an inexact reference spans its whole message.
    return file.definitions.find(hit) ?? file.references.find((r) => r.exact && hit(r)) ?? file.references.find(hit);
  }

  /** Definitions with this kind and name; for file-scoped kinds, only those in file `scope`. Sorted by path. */
  definitionsOf(id: SymbolId): SymbolDefinition[] {
    const named = this.definitionsByName.get(id.name);
    if (!named) return [];
    return inFileOrder(named.filter((d) => d.kind === id.kind && d.scope === id.scope));
  }

  /** Every definition of `kind` named `name`, whatever its scope. Sorted by path. */
  definitionsNamed(kind: SymbolKind, name: string): SymbolDefinition[] {
    const named = this.definitionsByName.get(name);
    if (!named) return [];
    return inFileOrder(named.filter((d) => d.kind === kind));
  }

  /** Every reference written as `name`, whatever it resolves to. Sorted by path, then position. */
  referencesNamed(name: string): SymbolReference[] {
    const named = this.referencesByName.get(name);
    return named ? inFileOrder([...named]) : [];
  }

  /**
   * The symbols a reference names: usually one; none when it is dangling;
   * several only for a test's node or slot that no flow hint disambiguates.
   */
  resolve(reference: SymbolReference): SymbolId[] {
    const { binding, name } = reference;
    switch (binding.type) {
      case 'global':
        return this.existing({ kind: binding.kind, scope: '', name });
      case 'local':
        return this.existing({ kind: binding.kind, scope: reference.path, name });
      case 'flow': {
        const flowPath = this.flowPath(binding.flowId);
        return flowPath === undefined ? [] : this.existing({ kind: binding.kind, scope: flowPath, name });
      }
      case 'anyFlow': {
        const candidates = uniqueIds(this.definitionsNamed(binding.kind, name));
        if (candidates.length <= 1 || !binding.hint) return candidates;
        const hinted = 'flowId' in binding.hint ? this.flowPath(binding.hint.flowId) : this.intentOwnerPath(binding.hint.intent);
        const chosen = candidates.filter((id) => id.scope === hinted);
        return chosen.length > 0 ? chosen : candidates;
      }
      case 'placeholder': {
        const slot = this.existing({ kind: 'slot', scope: reference.path, name });
        if (slot.length > 0) return slot;
        const outputs = binding.tables.flatMap((table) => {
          const tablePath = this.tablePath(table);
          return tablePath === undefined ? [] : this.existing({ kind: 'output', scope: tablePath, name });
        });
        if (outputs.length > 0) return uniqueIdList(outputs);
        return this.existing({ kind: 'context', scope: '', name });
      }
      case 'tableInput': {
        // The input reads the slot of each flow deciding with the table, else the context variable.
        const found: SymbolId[] = [];
        let needsContext = binding.tableId === undefined;
        if (binding.tableId !== undefined) {
          const deciders = new Set(
            this.referencesNamed(binding.tableId)
              .filter((r) => r.binding.type === 'global' && r.binding.kind === 'table')
              .map((r) => r.path),
          );
          if (deciders.size === 0) needsContext = true;
          for (const flowPath of [...deciders].sort(comparePaths)) {
            const slot = this.existing({ kind: 'slot', scope: flowPath, name });
            if (slot.length > 0) found.push(...slot);
            else needsContext = true;
          }
        }
        if (needsContext) found.push(...this.existing({ kind: 'context', scope: '', name }));
        return found;
      }
      default: {
        const unreachable: never = binding;
        return unreachable;
      }
    }
  }

  /**
   * The symbol a dangling reference would name if it were declared: lets "find
   * references" list every use of a misspelt or not-yet-written name.
   */
  intendedSymbol(reference: SymbolReference): SymbolId {
    const { binding, name } = reference;
    switch (binding.type) {
      case 'global':
        return { kind: binding.kind, scope: '', name };
      case 'local':
        return { kind: binding.kind, scope: reference.path, name };
      case 'flow':
        return { kind: binding.kind, scope: this.flowPath(binding.flowId) ?? `flow:${binding.flowId}`, name };
      case 'anyFlow':
        return { kind: binding.kind, scope: '*', name };
      case 'placeholder':
        return { kind: 'slot', scope: reference.path, name };
      case 'tableInput':
        return { kind: 'context', scope: '', name };
      default: {
        const unreachable: never = binding;
        return unreachable;
      }
    }
  }

  /** The symbols an occurrence is about: a definition's own, a reference's resolution (or the intended one when dangling). */
  symbolsOf(occurrence: SymbolOccurrence): SymbolId[] {
    if (occurrence.role === 'definition') return [idOf(occurrence)];
    const resolved = this.resolve(occurrence);
    return resolved.length > 0 ? resolved : [this.intendedSymbol(occurrence)];
  }

  /** Every reference that names one of `ids` (dangling references count for the symbol they intend). */
  referencesTo(ids: readonly SymbolId[]): SymbolReference[] {
    const wanted = new Set(ids.map(symbolKey));
    const names = new Set(ids.map((id) => id.name));
    const found: SymbolReference[] = [];
    for (const name of names) {
      for (const reference of this.referencesNamed(name)) {
        if (this.symbolsOf(reference).some((id) => wanted.has(symbolKey(id)))) found.push(reference);
      }
    }
    return found;
  }

  /** The path of the flow with this id: the first by path, as core's `flowsById`. */
  flowPath(flowId: string): string | undefined {
    return this.definitionsNamed('flow', flowId)[0]?.path;
  }

  /** The path of the rules table with this id (the first by path). */
  tablePath(tableId: string): string | undefined {
    return this.definitionsNamed('table', tableId)[0]?.path;
  }

  /** The path of the flow that declares this intent (the first by path). */
  intentOwnerPath(intent: string): string | undefined {
    return this.definitionsNamed('intent', intent)[0]?.path;
  }

  private existing(id: SymbolId): SymbolId[] {
    return this.definitionsOf(id).length > 0 ? [id] : [];
  }

  private forget(file: FileSymbols): void {
    removeByName(this.definitionsByName, file.path, file.definitions);
    removeByName(this.referencesByName, file.path, file.references);
  }
}

export function createSymbolIndex(files: Iterable<readonly [path: string, text: string]> = []): SymbolIndex {
  return new SymbolIndex(files);
}

export function idOf(definition: SymbolDefinition): SymbolId {
  return { kind: definition.kind, scope: definition.scope, name: definition.name };
}

/** A 1-based line and column to an offset in `text`; `undefined` when the line does not exist. Columns past the end clamp to it. */
export function offsetAt(text: string, position: TextPosition): number | undefined {
  if (position.line < 1 || position.column < 1) return undefined;
  let start = 0;
  for (let line = 1; line < position.line; line++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return undefined;
    start = next + 1;
  }
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  return Math.min(start + position.column - 1, end);
}

function addByName<T extends { name: string }>(table: ByName<T>, occurrences: readonly T[]): void {
  for (const o of occurrences) {
    const list = table.get(o.name);
    if (list) list.push(o);
    else table.set(o.name, [o]);
  }
}

function removeByName<T extends { name: string; path: string }>(table: ByName<T>, path: string, occurrences: readonly T[]): void {
  for (const name of new Set(occurrences.map((o) => o.name))) {
    const list = table.get(name);
    if (!list) continue;
    const kept = list.filter((o) => o.path !== path);
    if (kept.length === 0) table.delete(name);
    else table.set(name, kept);
  }
}

/** By path, then position: the order every answer is given in. Sorts in place. */
function inFileOrder<T extends { path: string; range: { start: { offset: number } } }>(list: T[]): T[] {
  if (list.length > 1) list.sort((a, b) => comparePaths(a.path, b.path) || a.range.start.offset - b.range.start.offset);
  return list;
}

export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueIds(definitions: readonly SymbolDefinition[]): SymbolId[] {
  return uniqueIdList(definitions.map(idOf));
}

function uniqueIdList(ids: readonly SymbolId[]): SymbolId[] {
  const seen = new Map<string, SymbolId>();
  for (const id of ids) seen.set(symbolKey(id), seen.get(symbolKey(id)) ?? id);
  return [...seen.values()];
}
