/**
 * What the editor groups' Monaco editors share: Monaco itself (loaded lazily),
 * one text model per workspace file (`file:///<path>`), kept in step with the
 * store both ways, the diagnostics as markers on every model, and the things
 * Monaco holds globally: the language providers (languageFeatures.ts) and the
 * symbol commands (symbolCommands.ts), registered once here rather than once
 * per editor. Both editors of a split show the same model, so an edit in one
 * is in the other at once, and the store sees it once (one dirty state, one save).
 *
 * In a change request each model is bound to its file's live document
 * (collab/monacoBinding.ts, loaded with Monaco): until the document is ready
 * the model shows the text the store read and the editor is read-only
 * (state/editAccess.ts); then the document's text replaces it and edits flow
 * through the document. Text the store pushes into a model (Try it writing a
 * test) goes in as the smallest edit (textEdit.ts).
 *
 * Lifecycle: made by the editor area, which disposes it with itself. `load()`
 * loads Monaco and registers the providers and commands (once); each group's
 * EditorView `attach`es its editor and disposes the returned handle with
 * itself. `dispose()` removes the registrations, the store subscription and
 * every workspace model.
 */
import type { Diagnostic } from '@colloquy/core';
import type * as MonacoApi from './monacoCore.ts';
import type { Monaco } from './monacoSetup.ts';
import type { WorkbenchState, WorkbenchStore } from '../state/WorkbenchStore.ts';
import { activeFileGroup, type GroupId } from '../state/tabs.ts';
import { modelUri } from '../state/kinds.ts';
import type { LiveSymbolIndex } from '../features/language/index.ts';
import type { CommandRegistry } from '../workbench/commands.ts';
import { toMarkers } from './markers.ts';
import { minimalEdit, rebaseEdit } from './textEdit.ts';
import type { LiveFile, LiveFileEvent } from '../collab/LiveChange.ts';
import { registerLanguageFeatures, registerSymbolCommands } from '../features/language/monaco.ts';

export interface EditorModelsOptions {
  /** Go to definition, references, rename and document symbols answer from this index (none without it). */
  readonly symbols?: LiveSymbolIndex | undefined;
  /** Where the editor's commands (Go to Definition, Rename Symbol…) are registered. */
  readonly commands?: CommandRegistry | undefined;
  /** The change request's live session (loaded lazily); none in the published workspace. */
  readonly live?: Promise<LiveSession | undefined> | undefined;
}

/** What the editor needs of a change request's live session (collab/LiveChange.ts). */
export interface LiveSession {
  open(path: string): LiveFile;
  /** What happened to files' documents: renamed (bind the new path), replaced (bind again), deleted. */
  onFiles?(listener: (event: LiveFileEvent) => void): () => void;
}

/** Where an editor was in a file that was just renamed, to be where it was under the new name. */
export interface MovedView {
  readonly viewState: MonacoApi.editor.ICodeEditorViewState | null;
  /** The editor had the keyboard focus (someone typing while another renamed the file). */
  readonly focused: boolean;
}

export class EditorModels {
  private monaco: Monaco | undefined;
  private loading: Promise<Monaco> | undefined;
  private disposed = false;
  private readonly models = new Map<string, { model: MonacoApi.editor.ITextModel; listener: MonacoApi.IDisposable }>();
  private readonly editors = new Map<GroupId, MonacoApi.editor.ICodeEditor>();
  /** The same editors, as the live bindings read them (remote cursors are drawn in each). */
  private readonly editorSet = new Set<MonacoApi.editor.ICodeEditor>();
  /** Each bound model's live binding, by path. */
  private readonly bindings = new Map<string, { dispose(): void }>();
  /** Paths whose model is bound (or being bound) to its live document, with the request's number (a later one wins). */
  private readonly boundPaths = new Map<string, number>();
  private bindSeq = 0;
  /** Renamed files whose old path had a model: the new path's model is made (and bound) as soon as the store has it. */
  private readonly rebindAfterMove = new Set<string>();
  /** Editors that showed a renamed file, by `<group> <new path>`: where they were (EditorView restores it). */
  private readonly movedViews = new Map<string, MovedView>();
  private readonly disposables: MonacoApi.IDisposable[] = [];
  /** True while the store's text goes into a model, so the model does not echo it back. */
  private applyingStore = false;
  private seenFiles: WorkbenchState['files'] | undefined;
  private seenDiagnostics: readonly Diagnostic[] | undefined;
  /** The last reveal request an editor carried out, so that an editor made later does not repeat it. */
  private handledReveal = 0;

  constructor(
    private readonly store: WorkbenchStore,
    private readonly options: EditorModelsOptions = {},
  ) {
    void options.live?.then((session) => {
      const off = session?.onFiles?.((event) => this.onLiveFile(event));
      if (!off) return;
      if (this.disposed) off();
      else this.disposables.push({ dispose: off });
    });
  }

  /** Loads Monaco (once) and registers what is global to it. */
  load(): Promise<Monaco> {
    this.loading ??= import('./monacoSetup.ts').then(({ setUpMonaco }) => {
      // Marks for `pnpm bench:studio` (and the browser's performance panel).
      performance.mark('colloquy:monaco-loaded');
      const monaco = setUpMonaco();
      if (this.disposed) return monaco;
      this.monaco = monaco;
      const { symbols, commands } = this.options;
      if (symbols) this.disposables.push(...registerLanguageFeatures(monaco, { symbols, store: this.store, modelFor: (path) => this.modelFor(path) }));
      if (commands) this.disposables.push({ dispose: registerSymbolCommands(commands, this.activeEditorProxy()) });
      this.disposables.push({ dispose: this.store.subscribe((state) => this.sync(state)) });
      this.sync(this.store.state);
      return monaco;
    });
    return this.loading;
  }

  /** The model of a workspace file, made when missing; undefined before `load` or when the store has no such file. */
  modelFor(path: string): MonacoApi.editor.ITextModel | undefined {
    const monaco = this.monaco;
    if (!monaco) return undefined;
    const known = this.models.get(path);
    if (known && !known.model.isDisposed()) return known.model;
    const file = this.store.file(path);
    if (!file) return undefined;
    const uri = monaco.Uri.parse(modelUri(path));
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(file.text, 'yaml', uri);
    const listener = model.onDidChangeContent(() => {
      if (!this.applyingStore) this.store.updateText(path, model.getValue());
    });
    this.models.set(path, { model, listener });
    monaco.editor.setModelMarkers(model, 'colloquy', toMarkers(this.store.state.diagnostics.filter((d) => d.file === path), monaco.MarkerSeverity));
    this.bindWhenLive(path, model);
    return model;
  }

  /** In a change request, binds the model of a file that exists there (a new buffer waits for its first save). */
  private bindWhenLive(path: string, model: MonacoApi.editor.ITextModel): void {
    const live = this.options.live;
    const file = this.store.file(path);
    if (!live || !file || file.isNew || this.boundPaths.has(path)) return;
    const request = ++this.bindSeq;
    this.boundPaths.set(path, request);
    // What the change request held when the buffer was read: edits made since (a rename across
    // files, Try it appending a test) are carried onto the live document once it is ready.
    void this.bindLive(path, model, live, file.savedContent ?? file.text, request);
  }

  /** Ends the binding of `path` (its document moved, was replaced or closed); a binding on its way is dropped. */
  private unbind(path: string): void {
    this.bindings.get(path)?.dispose();
    this.bindings.delete(path);
    this.boundPaths.delete(path);
  }

  /** The live session says what happened to a file's document (collab/LiveChange.ts `onFiles`). */
  private onLiveFile(event: LiveFileEvent): void {
    switch (event.type) {
      case 'moved': {
        // Renamed: the store moves the buffer next, which drops the old model; the new path's model
        // is bound to the same document, and each editor that showed it is put back where it was.
        const known = this.models.get(event.from);
        if (known) {
          for (const [group, editor] of this.editors) {
            if (editor.getModel() !== known.model) continue;
            this.movedViews.set(`${group} ${event.to}`, { viewState: editor.saveViewState(), focused: editor.hasTextFocus() });
          }
          this.rebindAfterMove.add(event.to);
        }
        this.unbind(event.from);
        return;
      }
      case 'replaced': {
        // The copy here was stale: bind again to the new document, carrying none of the old text over.
        this.unbind(event.path);
        const known = this.models.get(event.path);
        if (known && !known.model.isDisposed()) this.bindWhenLive(event.path, known.model);
        return;
      }
      case 'closed':
        this.unbind(event.path);
        return;
    }
  }

  /** Where the editor of `group` was in a file renamed to `path` (once; undefined when none was). */
  takeMovedView(group: GroupId, path: string): MovedView | undefined {
    const key = `${group} ${path}`;
    const moved = this.movedViews.get(key);
    this.movedViews.delete(key);
    return moved;
  }

  /**
   * Binds `model` to the live document of `path` once it holds the file's content. Edits the
   * buffer got meanwhile (from `base`, the change's text when it was read: unsaved edits, a rename
   * across files) go into the document then (`rebaseEdit`), instead of being replaced by it.
   */
  private async bindLive(path: string, model: MonacoApi.editor.ITextModel, live: NonNullable<EditorModelsOptions['live']>, base: string, request: number): Promise<void> {
    const current = () => !this.disposed && this.boundPaths.get(path) === request;
    const session = await live;
    if (!session || !current()) return;
    const file = session.open(path);
    const [{ bindModel }] = await Promise.all([import('../collab/monacoBinding.ts'), file.ready]);
    if (!current() || model.isDisposed() || !this.monaco) return;
    // Into the document first, so that (with nobody else's edit in the way) the document then holds
    // the model's text and binding leaves the model as it is (its undo history, a rename's "Undo" too).
    const edit = rebaseEdit(base, model.getValue(), file.text.toString());
    if (edit) {
      file.doc.transact(() => {
        file.text.delete(edit.start, edit.end - edit.start);
        file.text.insert(edit.start, edit.text);
      });
    }
    this.bindings.set(path, bindModel(file, model, this.editorSet));
  }

  /** Registers the editor of `group`; dispose the handle when the editor goes. */
  attach(group: GroupId, editor: MonacoApi.editor.ICodeEditor): MonacoApi.IDisposable {
    this.editors.set(group, editor);
    this.editorSet.add(editor);
    return {
      dispose: () => {
        this.editorSet.delete(editor);
        if (this.editors.get(group) === editor) this.editors.delete(group);
      },
    };
  }

  /** The editor of the other group, when it shows `path`: a split starts where it is. */
  editorShowing(path: string, except: GroupId): MonacoApi.editor.ICodeEditor | undefined {
    for (const [group, editor] of this.editors) if (group !== except && editor.getModel() === this.models.get(path)?.model) return editor;
    return undefined;
  }

  /** The editor of the active file (`tabs.active`): what Go to Definition and the other symbol commands act on. */
  activeEditor(): MonacoApi.editor.ICodeEditor | undefined {
    const group = activeFileGroup(this.store.state.tabs);
    return group ? this.editors.get(group) : undefined;
  }

  /** Reveal requests are carried out once, by the editor of their group. */
  takeReveal(seq: number): boolean {
    if (seq <= this.handledReveal) return false;
    this.handledReveal = seq;
    return true;
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const binding of this.bindings.values()) binding.dispose();
    this.bindings.clear();
    for (const { model, listener } of this.models.values()) (listener.dispose(), model.dispose());
    this.models.clear();
    this.editors.clear();
  }

  /** The symbol commands run on whichever editor is active when they run. */
  private activeEditorProxy(): Pick<MonacoApi.editor.ICodeEditor, 'getModel' | 'focus' | 'trigger'> {
    return {
      getModel: () => this.activeEditor()?.getModel() ?? null,
      focus: () => this.activeEditor()?.focus(),
      trigger: (source, handlerId, payload) => this.activeEditor()?.trigger(source, handlerId, payload),
    };
  }

  /** Store → models: texts changed outside the editors (reload from disk, Try-it), deleted files, diagnostics. */
  private sync(state: WorkbenchState): void {
    const monaco = this.monaco;
    if (!monaco) return;
    if (state.files !== this.seenFiles) {
      this.seenFiles = state.files;
      for (const [path, { model, listener }] of this.models) {
        const file = state.files.get(path);
        if (file && !file.isNew) this.bindWhenLive(path, model); // a new file's first save made it a file of the change
        if (!file) {
          // Deleted or renamed: no tab shows it any more (the store closed or moved them); its binding goes with the model.
          this.unbind(path);
          listener.dispose();
          model.dispose();
          this.models.delete(path);
        } else if (model.getValue() !== file.text) {
          const edit = minimalEdit(model.getValue(), file.text)!;
          const range = monaco.Range.fromPositions(model.getPositionAt(edit.start), model.getPositionAt(edit.end));
          this.applyingStore = true;
          try {
            model.pushEditOperations([], [{ range, text: edit.text }], () => null);
          } finally {
            this.applyingStore = false;
          }
        }
      }
    }
    // A renamed file's new model, bound to the document at once (remote edits keep reaching the store).
    for (const path of this.rebindAfterMove) {
      if (!state.files.has(path)) continue;
      this.rebindAfterMove.delete(path);
      this.modelFor(path);
    }
    if (state.diagnostics !== this.seenDiagnostics) {
      this.seenDiagnostics = state.diagnostics;
      const byFile = new Map<string, Diagnostic[]>();
      for (const d of state.diagnostics) {
        const list = byFile.get(d.file);
        if (list) list.push(d);
        else byFile.set(d.file, [d]);
      }
      for (const [path, { model }] of this.models) monaco.editor.setModelMarkers(model, 'colloquy', toMarkers(byFile.get(path) ?? [], monaco.MarkerSeverity));
    }
  }
}
