/**
 * The language features (src/language/) as Monaco providers on the YAML
 * models: go to definition (F12, Ctrl/Cmd+click), references (Shift+F12),
 * rename (F2) and document symbols (sticky scroll, Monaco's own outline), plus
 * the editor opener that lets a definition in another file open that file in
 * a tab.
 *
 * Lifecycle: `registerLanguageFeatures` returns the disposables of everything
 * it registered; EditorView disposes them with the editor.
 *
 * Rules:
 * - Every answer reads `symbols.current()` and then the asking model's own
 *   text, so it reflects the last keystroke.
 * - Monaco previews (the references peek) and edits (rename) only models that
 *   exist, and EditorView creates models lazily: every file a result points
 *   into gets its model (`host.modelFor`) before the result is returned.
 * - Rename returns the edits to Monaco, which applies them to each model as
 *   one undo step per file; the models push them into the store, so every
 *   touched buffer is dirty and nothing is saved until the designer saves. A
 *   refusal (name clash, invalid name…) is shown in the editor and as a notice.
 */
import type { Range } from '@colloquy/core';
import type * as MonacoApi from './monacoCore.ts';
import type { Monaco } from './monacoSetup.ts';
import {
  definitionAt,
  outlineOf,
  prepareRenameAt,
  referencesAt,
  renameAt,
  SYMBOL_KIND_NAMES,
  type LiveSymbolIndex,
  type OutlineKind,
  type OutlineSymbol,
  type SymbolIndex,
  type SymbolLocation,
} from '../language/index.ts';
import { pathFromModelUri } from '../state/kinds.ts';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';

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

  return [
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
      resolveRenameLocation(model, position) {
        const synced = sync(model);
        const prepared = synced ? prepareRenameAt(synced.index, synced.path, at(position)) : undefined;
        if (prepared?.ok) return { range: toRange(prepared.range), text: prepared.text };
        const here = new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column);
        return { range: here, text: '', rejectReason: prepared ? `Cannot rename: ${prepared.message}.` : 'Cannot rename here.' };
      },
      provideRenameEdits(model, position, newName) {
        const synced = sync(model);
        if (!synced) return { edits: [], rejectReason: 'Cannot rename here.' };
        const { index, path } = synced;
        const result = renameAt(index, path, at(position), newName.trim());
        if (!result.ok) {
          const message = `Cannot rename to \`${newName.trim()}\`: ${result.message}.`;
          host.store.notify('warning', message);
          return { edits: [], rejectReason: message };
        }
        const paths = [...new Set(result.edits.map((e) => e.path))];
        const models = new Map(paths.map((p) => [p, host.modelFor(p)] as const));
        // The edits' ranges refer to the index's texts: every model must hold exactly that text.
        const stale = paths.find((p) => models.get(p)?.getValue() !== index.file(p)?.text);
        if (stale !== undefined) {
          const message = `Cannot rename: ${stale} changed while the rename was worked out; try again.`;
          host.store.notify('warning', message);
          return { edits: [], rejectReason: message };
        }
        if (result.edits.length > 0) {
          const what = `${SYMBOL_KIND_NAMES[result.symbol.kind]} \`${result.symbol.name}\``;
          const count = `${result.edits.length} ${result.edits.length === 1 ? 'place' : 'places'} in ${paths.length} ${paths.length === 1 ? 'file' : 'files'}`;
          const skipped =
            result.skipped.length > 0
              ? ` ${result.skipped.length} test ${result.skipped.length === 1 ? 'reference names' : 'references name'} a node of several flows and ${result.skipped.length === 1 ? 'was' : 'were'} left alone (${result.skipped.map((l) => `${l.path}:${l.range.start.line}`).join(', ')}).`
              : '';
          host.store.notify('info', `Renamed ${what} to \`${newName.trim()}\` (${count}). Review and save.${skipped}`, [
            { label: 'Save these files', run: () => void Promise.all(paths.map((p) => host.store.save(p))) },
          ]);
          host.store.log(`Renamed ${what} to ${newName.trim()}: ${paths.join(', ')} (unsaved).`);
        }
        return {
          edits: result.edits.map((e) => {
            const target = models.get(e.path)!;
            return { resource: target.uri, versionId: target.getVersionId(), textEdit: { range: toRange(e.range), text: e.newText } };
          }),
        };
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
        if (from !== undefined && host.store.state.tabs.tabs.some((t) => t.path === from && t.preview)) host.store.pinTab(from);
        host.store.reveal(path, selectionOrPosition ? toCoreRange(model, selectionOrPosition) : undefined);
        return true;
      },
    }),
  ];
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
