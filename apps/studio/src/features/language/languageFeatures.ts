/**
 * The language features (src/features/language/) as Monaco providers on the YAML
 * models: go to definition (F12, Ctrl/Cmd+click), references (Shift+F12),
 * rename (F2) and document symbols (sticky scroll, Monaco's own outline), plus
 * the editor opener that lets a definition in another file open that file in
 * a tab.
 *
 * Lifecycle: `registerLanguageFeatures` returns the disposables of everything
 * it registered; EditorModels registers them once for every editor group
 * and disposes them with itself.
 *
 * Rules:
 * - Every answer reads `symbols.current()` and then the asking model's own
 *   text, so it reflects the last keystroke.
 * - Monaco previews (the references peek) only models that exist, and models
 *   are made lazily: every file a result points into (or a rename edits) gets
 *   its model (`host.modelFor`) first.
 * - Rename applies the edits to the models itself, one undo step per file,
 *   and returns none to Monaco (standalone Monaco would apply them file by
 *   file with no way to take them back together). The models push them into
 *   the store, so every touched buffer is dirty and nothing is saved until the
 *   designer saves. The notice says where, offers "Save these files" and "Undo
 *   rename" (every file the rename touched and nobody edited since), and goes
 *   away once nothing it changed is left unsaved.
 * - A refusal is shown where the designer is looking: before a name is typed
 *   (F2 off a name, on a kind rename leaves alone) in Monaco's message at the
 *   cursor; after (the name is taken, invalid…) in a warning notice that
 *   stays until dismissed, as VS Code shows it in a notification.
 */
import type { Range } from '@colloquy/core';
import type * as MonacoApi from '../../editor/monacoCore.ts';
import type { Monaco } from '../../editor/monacoSetup.ts';
import {
  definitionAt,
  outlineOf,
  prepareRenameAt,
  referencesAt,
  renameAt,
  reverseEdits,
  SYMBOL_KIND_NAMES,
  type RenameResult,
  type SymbolId,
  type LiveSymbolIndex,
  type OutlineKind,
  type OutlineSymbol,
  type SymbolIndex,
  type SymbolLocation,
} from './index.ts';
import { pathFromModelUri } from '../../state/kinds.ts';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';

/** The YAML language id monaco-yaml registers, which every workspace model uses. */
const LANGUAGE_ID = 'yaml';

export interface LanguageFeatureHost {
  readonly symbols: LiveSymbolIndex;
  readonly store: WorkbenchStore;
  /** The model of a workspace file, made when missing; undefined when the store has no such file. */
  modelFor(path: string): MonacoApi.editor.ITextModel | undefined;
}

export function registerLanguageFeatures(monaco: Monaco, host: LanguageFeatureHost): MonacoApi.IDisposable[] {
  const toRange = (r: Range): MonacoApi.IRange => ({ startLineNumber: r.start.line, startColumn: r.start.column, endLineNumber: r.end.line, endColumn: r.end.column });
  const at = (p: MonacoApi.Position) => ({ line: p.lineNumber, column: p.column });

  /** The index, up to date with this model's text; and the model's workspace path. */
  const sync = (model: MonacoApi.editor.ITextModel): { index: SymbolIndex; path: string } | undefined => {
    const path = pathFromModelUri(model.uri.toString());
    if (path === undefined) return undefined;
    const index = host.symbols.current();
    index.set(path, model.getValue());
    return { index, path };
  };

  /** Monaco locations, with a model made for each file they point into. */
  const toLocations = (locations: readonly SymbolLocation[]): MonacoApi.languages.Location[] =>
    locations.flatMap((l) => {
      const model = host.modelFor(l.path);
      return model ? [{ uri: model.uri, range: toRange(l.range) }] : [];
    });

  const symbolKinds: Readonly<Record<OutlineKind, MonacoApi.languages.SymbolKind>> = {
    flow: monaco.languages.SymbolKind.Module,
    intent: monaco.languages.SymbolKind.Event,
    slot: monaco.languages.SymbolKind.Variable,
    node: monaco.languages.SymbolKind.Function,
    table: monaco.languages.SymbolKind.Struct,
    input: monaco.languages.SymbolKind.Field,
    output: monaco.languages.SymbolKind.Property,
    row: monaco.languages.SymbolKind.EnumMember,
    suite: monaco.languages.SymbolKind.Package,
    testCase: monaco.languages.SymbolKind.Method,
    agent: monaco.languages.SymbolKind.Object,
    queue: monaco.languages.SymbolKind.Enum,
    action: monaco.languages.SymbolKind.Function,
    context: monaco.languages.SymbolKind.Variable,
    topic: monaco.languages.SymbolKind.Key,
    policy: monaco.languages.SymbolKind.Interface,
    section: monaco.languages.SymbolKind.Namespace,
  };
  const toDocumentSymbol = (s: OutlineSymbol): MonacoApi.languages.DocumentSymbol => ({
    name: s.name,
    detail: s.detail,
    kind: symbolKinds[s.kind],
    tags: [],
    range: toRange(s.range),
    selectionRange: toRange(s.selectionRange),
    children: s.children.map(toDocumentSymbol),
  });

  /** The rename notices waiting for their files to be saved (see `dismissWhenNothingToSave`). */
  const watchers = new Set<() => void>();

  return [
    { dispose: () => [...watchers].forEach((stop) => stop()) },

    monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
      provideDefinition(model, position) {
        const synced = sync(model);
        return synced ? toLocations(definitionAt(synced.index, synced.path, at(position))) : [];
      },
    }),

    monaco.languages.registerReferenceProvider(LANGUAGE_ID, {
      provideReferences(model, position, context) {
        const synced = sync(model);
        return synced ? toLocations(referencesAt(synced.index, synced.path, at(position), { includeDeclaration: context.includeDeclaration })) : [];
      },
    }),

    monaco.languages.registerRenameProvider(LANGUAGE_ID, {
      // Refused before a name is typed (F2 off a name, on a context variable…): Monaco shows the
      // reason in its message widget at the cursor, as VS Code does.
      resolveRenameLocation(model, position) {
        const synced = sync(model);
        const prepared = synced ? prepareRenameAt(synced.index, synced.path, at(position)) : undefined;
        if (prepared?.ok) return { range: toRange(prepared.range), text: prepared.text };
        const here = new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column);
        return { range: here, text: '', rejectReason: prepared ? `Cannot rename: ${prepared.message}.` : 'Cannot rename here.' };
      },
      // Refused once a name is typed (taken, invalid…): a notice, which stays until dismissed.
      // (Standalone Monaco only logs this `rejectReason` to the console.)
      provideRenameEdits(model, position, newName) {
        const name = newName.trim();
        const refuse = (message: string): MonacoApi.languages.WorkspaceEdit & MonacoApi.languages.Rejection => {
          host.store.notify('warning', message);
          return { edits: [], rejectReason: message };
        };
        const synced = sync(model);
        if (!synced) return refuse('Cannot rename here.');
        const { index, path } = synced;
        const result = renameAt(index, path, at(position), name);
        if (!result.ok) return refuse(`Cannot rename to \`${name}\`: ${result.message}.`);
        if (result.edits.length === 0) return { edits: [] };
        const paths = [...new Set(result.edits.map((e) => e.path))];
        const texts = new Map(paths.map((p) => [p, index.file(p)?.text ?? ''] as const));
        const models = new Map(paths.map((p) => [p, host.modelFor(p)] as const));
        // The edits' ranges refer to the index's texts: every model must hold exactly that text.
        const stale = paths.find((p) => models.get(p)?.getValue() !== texts.get(p));
        if (stale !== undefined) return refuse(`Cannot rename: ${stale} changed while the rename was worked out; try again.`);

        // The edits are applied here rather than returned to Monaco, so that the rename can be
        // undone as one unit ("Undo rename") and the notice tells what really happened.
        const applied = new Map<string, { model: MonacoApi.editor.ITextModel; versionAfter: number }>();
        for (const p of paths) {
          const target = models.get(p)!;
          target.pushStackElement();
          target.pushEditOperations([], result.edits.filter((e) => e.path === p).map((e) => ({ range: toRange(e.range), text: e.newText })), () => null);
          target.pushStackElement();
          applied.set(p, { model: target, versionAfter: target.getAlternativeVersionId() });
        }
        const undo = () => {
          const reverse = reverseEdits(texts, result.edits);
          const editedSince: string[] = [];
          for (const [p, { model: target, versionAfter }] of applied) {
            if (target.isDisposed() || target.getAlternativeVersionId() !== versionAfter) {
              editedSince.push(p);
              continue;
            }
            target.pushStackElement();
            target.pushEditOperations([], reverse.filter((e) => e.path === p).map((e) => ({ range: toRange(e.range), text: e.newText })), () => null);
            target.pushStackElement();
          }
          const summary = renameUndoSummary(result.symbol, name, paths.length, editedSince);
          if (editedSince.length > 0) host.store.notify('warning', summary);
          host.store.log(summary);
        };
        // In a change request the files are live (saved as edited): the notice keeps Undo until dismissed.
        const mode = host.store.state.mode;
        const live = mode.kind === 'change' ? mode.change.id : undefined;
        const id = host.store.notify(
          'info',
          renameSummary(result, name, live),
          live ? [{ label: 'Undo rename', run: undo }] : [{ label: 'Save these files', run: () => void Promise.all(paths.map((p) => host.store.save(p))) }, { label: 'Undo rename', run: undo }],
        );
        if (!live) {
          const stop: () => void = dismissWhenNothingToSave(host.store, id, paths, () => watchers.delete(stop));
          watchers.add(stop);
        }
        host.store.log(`Renamed ${SYMBOL_KIND_NAMES[result.symbol.kind]} ${result.symbol.name} to ${name}: ${paths.join(', ')} (unsaved).`);
        return { edits: [] };
      },
    }),

    monaco.languages.registerDocumentSymbolProvider(LANGUAGE_ID, {
      displayName: 'Colloquy',
      provideDocumentSymbols(model) {
        const synced = sync(model);
        return synced ? outlineOf(synced.index, synced.path).map(toDocumentSymbol) : [];
      },
    }),

    // A definition or reference in another file: open it in a tab (the store's reveal), with the cursor on it.
    monaco.editor.registerEditorOpener({
      openCodeEditor(source, resource, selectionOrPosition) {
        if (source.getModel()?.uri.toString() === resource.toString()) return false; // same file: Monaco moves the cursor itself
        const path = pathFromModelUri(resource.toString());
        const model = path === undefined ? undefined : host.modelFor(path);
        if (path === undefined || !model) return false;
        // As VS Code does: the file navigated from stays open (a preview tab would be replaced by the target).
        const from = pathFromModelUri(source.getModel()?.uri.toString() ?? '');
        if (from !== undefined) host.store.pinTab(from); // a no-op when it is not a preview
        host.store.reveal(path, selectionOrPosition ? toCoreRange(model, selectionOrPosition) : undefined);
        return true;
      },
    }),
  ];
}

type RenameDone = Extract<RenameResult, { ok: true }>;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The notice after a rename: what was renamed, where, what is left to do, and the test references
 * left alone. In change request `live` the files are saved as they are edited: only undo is left.
 */
export function renameSummary(result: RenameDone, newName: string, live?: string): string {
  const files = new Set(result.edits.map((e) => e.path)).size;
  const what = `${SYMBOL_KIND_NAMES[result.symbol.kind]} \`${result.symbol.name}\``;
  const skipped = result.skipped.length;
  const note =
    skipped > 0
      ? ` ${plural(skipped, 'test reference names', 'test references name')} a node of several flows and ${skipped === 1 ? 'was' : 'were'} left alone (${result.skipped.map((l) => `${l.path}:${l.range.start.line}`).join(', ')}).`
      : '';
  const next = live ? `It is in ${live} already (edits there are saved as they are made): review it, or undo.` : 'Nothing is saved yet: review and save, or undo.';
  return `Renamed ${what} to \`${newName}\` in ${plural(result.edits.length, 'place', 'places')} in ${plural(files, 'file', 'files')}. ${next}${note}`;
}

/** What "Undo rename" did; `editedSince` are the files it left alone because they changed after the rename. */
export function renameUndoSummary(symbol: SymbolId, newName: string, fileCount: number, editedSince: readonly string[]): string {
  const what = `the rename of ${SYMBOL_KIND_NAMES[symbol.kind]} \`${symbol.name}\` to \`${newName}\``;
  if (editedSince.length === 0) return `Undid ${what} in ${plural(fileCount, 'file', 'files')}.`;
  const undone = fileCount - editedSince.length;
  return `Undid ${what} in ${plural(undone, 'file', 'files')}, but not in ${editedSince.join(', ')}: ${editedSince.length === 1 ? 'it was' : 'they were'} edited after the rename. Undo there with Ctrl+Z, or revert the file.`;
}

/** What `dismissWhenNothingToSave` needs of the store (`WorkbenchStore` is one). */
export type NoticeStore = Pick<WorkbenchStore, 'state' | 'subscribe' | 'file' | 'dismiss'>;

/**
 * Dismisses notice `id` (a rename's) once none of `paths` has unsaved edits
 * after the rename gave them some: they were saved, reverted or undone, and
 * "review and save" no longer applies. Stops watching when that happens, when
 * the notice is gone otherwise (dismissed, an action run), or when the
 * returned function is called; `onStop` hears it once.
 */
export function dismissWhenNothingToSave(store: NoticeStore, id: number, paths: readonly string[], onStop?: () => void): () => void {
  const anyDirty = () => paths.some((p) => store.file(p)?.dirty === true);
  let wasDirty = anyDirty();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    onStop?.();
  };
  const unsubscribe = store.subscribe(() => {
    if (!store.state.notices.some((n) => n.id === id)) return stop();
    if (anyDirty()) wasDirty = true;
    else if (wasDirty) {
      stop();
      store.dismiss(id);
    }
  });
  return stop;
}

/** A Monaco range or position as core's Range (with offsets), in `model`. */
function toCoreRange(model: MonacoApi.editor.ITextModel, where: MonacoApi.IRange | MonacoApi.IPosition): Range {
  const start = 'startLineNumber' in where ? { lineNumber: where.startLineNumber, column: where.startColumn } : where;
  const end = 'startLineNumber' in where ? { lineNumber: where.endLineNumber, column: where.endColumn } : where;
  return {
    start: { line: start.lineNumber, column: start.column, offset: model.getOffsetAt(start) },
    end: { line: end.lineNumber, column: end.column, offset: model.getOffsetAt(end) },
  };
}
