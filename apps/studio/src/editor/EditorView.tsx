/**
 * The YAML editor: one Monaco editor, one model per workspace file
 * (`file:///<path>`), kept in step with the store both ways. Monaco is loaded
 * lazily; until then a placeholder of the same size holds the place, so
 * nothing moves when it arrives.
 *
 * Lifecycle: the editor, its models and every listener are disposed with the
 * component.
 */
import { createEffect, createMemo, createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type * as MonacoApi from './monacoCore.ts';
import type { Monaco } from './monacoSetup.ts';
import type { Diagnostic } from '@colloquy/core';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { modelUri, pathFromModelUri } from '../state/kinds.ts';
import { useStore } from '../state/useStore.ts';
import { toMarkers } from './markers.ts';
import type { LiveSymbolIndex } from '../language/index.ts';
import type { CommandRegistry } from '../workbench/commands.ts';
import { registerLanguageFeatures } from './languageFeatures.ts';
import { registerSymbolCommands } from './symbolCommands.ts';


export interface EditorViewProps {
  readonly store: WorkbenchStore;
  readonly dark: boolean;
  /** Go to definition, references, rename and document symbols answer from this index (none without it). */
  readonly symbols?: LiveSymbolIndex;
  /** Where the editor's commands (Go to Definition, Rename Symbol…) are registered. */
  readonly commands?: CommandRegistry;
}

export function EditorView(props: EditorViewProps): JSX.Element {
  const state = useStore(props.store);
  const [ready, setReady] = createSignal(false);
  /** Bumped when a model is created, so it gets its markers at once. */
  const [modelCount, setModelCount] = createSignal(0);
  // Narrow memos, so a cursor move does not re-run the effects below.
  const active = createMemo(() => state().tabs.active);
  const files = createMemo(() => state().files);
  const diagnostics = createMemo(() => state().diagnostics);
  const revealRequest = createMemo(() => state().revealRequest);
  let host!: HTMLDivElement;
  let monaco: Monaco | undefined;
  let editor: MonacoApi.editor.IStandaloneCodeEditor | undefined;
  let applyingStore = false;
  const disposables: MonacoApi.IDisposable[] = [];

  const modelFor = (path: string): MonacoApi.editor.ITextModel | undefined => {
    if (!monaco) return undefined;
    const uri = monaco.Uri.parse(modelUri(path));
    const existing = monaco.editor.getModel(uri);
    if (existing) return existing;
    const file = props.store.file(path);
    if (!file) return undefined;
    const model = monaco.editor.createModel(file.text, 'yaml', uri);
    queueMicrotask(() => setModelCount((n) => n + 1));
    disposables.push(
      model.onDidChangeContent(() => {
        if (!applyingStore) props.store.updateText(path, model.getValue());
      }),
    );
    return model;
  };

  onMount(() => {
    let cancelled = false;
    void import('./monacoSetup.ts').then(({ setUpMonaco }) => {
      if (cancelled) return;
      // Marks for `pnpm bench:studio` (and the browser's performance panel).
      performance.mark('colloquy:monaco-loaded');
      monaco = setUpMonaco();
      editor = monaco.editor.create(host, {
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        insertSpaces: true,
        scrollBeyondLastLine: false,
        renderWhitespace: 'boundary',
        theme: props.dark ? 'vs-dark' : 'vs',
        model: null,
      });
      disposables.push(
        editor.onDidChangeCursorPosition((e) => props.store.setCursor({ line: e.position.lineNumber, column: e.position.column })),
      );
      if (props.symbols) disposables.push(...registerLanguageFeatures(monaco, { symbols: props.symbols, store: props.store, modelFor }));
      if (props.commands) disposables.push({ dispose: registerSymbolCommands(props.commands, editor) });
      setReady(true);
      performance.mark('colloquy:editor-ready');
    });
    onCleanup(() => {
      cancelled = true;
      for (const d of disposables.splice(0)) d.dispose();
      editor?.dispose();
      for (const model of monaco?.editor.getModels() ?? []) if (pathFromModelUri(model.uri.toString()) !== undefined) model.dispose();
    });
  });

  // Theme follows the page.
  createEffect(() => {
    const dark = props.dark;
    if (ready()) monaco?.editor.setTheme(dark ? 'vs-dark' : 'vs');
  });

  // The active tab's model.
  createEffect(() => {
    if (!ready() || !editor) return;
    const path = active();
    const model = path ? modelFor(path) : undefined;
    if (editor.getModel() !== (model ?? null)) {
      editor.setModel(model ?? null);
      if (model) {
        const p = editor.getPosition();
        if (p) props.store.setCursor({ line: p.lineNumber, column: p.column });
      }
    }
  });

  // Texts changed outside the editor (reload from disk) go into the models.
  createEffect(() => {
    if (!ready() || !monaco) return;
    const current = files();
    for (const model of monaco.editor.getModels()) {
      const path = pathFromModelUri(model.uri.toString());
      if (path === undefined) continue;
      const file = current.get(path);
      if (!file) continue;
      if (model.getValue() !== file.text) {
        applyingStore = true;
        try {
          model.pushEditOperations([], [{ range: model.getFullModelRange(), text: file.text }], () => null);
        } finally {
          applyingStore = false;
        }
      }
    }
  });

  // Diagnostics become markers on every open model.
  createEffect(() => {
    if (!ready() || !monaco) return;
    modelCount();
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of diagnostics()) {
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    }
    const m = monaco;
    for (const model of m.editor.getModels()) {
      const path = pathFromModelUri(model.uri.toString());
      if (path === undefined) continue;
      m.editor.setModelMarkers(model, 'colloquy', toMarkers(byFile.get(path) ?? [], m.MarkerSeverity));
    }
  });

  // Reveal requests.
  createEffect(() => {
    const request = revealRequest();
    if (!ready() || !editor || !request || !monaco) return;
    const model = modelFor(request.path);
    if (!model) return;
    if (editor.getModel() !== model) editor.setModel(model);
    if (request.range) {
      const r = request.range;
      const range = new monaco.Range(r.start.line, r.start.column, r.end.line, r.end.column);
      editor.setSelection(new monaco.Selection(r.start.line, r.start.column, r.start.line, r.start.column));
      editor.revealRangeInCenterIfOutsideViewport(range);
    }
    editor.focus();
  });

  return (
    <div class="editor-host" data-testid="editor" data-ready={ready() ? 'true' : 'false'}>
      <div class="editor-monaco" ref={host} />
      <Show when={!ready()}>
        <div class="editor-loading" aria-live="polite">Loading the editor…</div>
      </Show>
    </div>
  );
}
