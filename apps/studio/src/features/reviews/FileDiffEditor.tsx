/**
 * One file of a change in Monaco's diff editor: the published version on the
 * left, the change's on the right, read-only. Monaco is loaded the way the
 * editor area loads it (the shell's `monacoSetup`, already fetched after the
 * first paint), and each side is a model of its own under `review://`, so the
 * editor's `file:///` models (and their unsaved text) are never touched.
 *
 * Lifecycle: the editor and both models are disposed with the component.
 */
import { createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import type { FileDiff } from './changesApi.ts';

export interface FileDiffEditorProps {
  readonly changeId: string;
  readonly file: FileDiff;
  readonly dark: boolean;
}

export function FileDiffEditor(props: FileDiffEditorProps): JSX.Element {
  let host!: HTMLDivElement;
  const [ready, setReady] = createSignal(false);
  const [failed, setFailed] = createSignal<string>();
  let dispose = () => {};
  let disposed = false;

  onMount(() => {
    void import('../../editor/monacoSetup.ts')
      .then(({ setUpMonaco }) => {
        if (disposed) return;
        const monaco = setUpMonaco();
        const uri = (side: string) => monaco.Uri.from({ scheme: 'review', authority: props.changeId, path: `/${side}/${props.file.path}` });
        const original = monaco.editor.createModel(props.file.before ?? '', 'yaml', uri('published'));
        const modified = monaco.editor.createModel(props.file.after ?? '', 'yaml', uri('change'));
        const editor = monaco.editor.createDiffEditor(host, {
          readOnly: true,
          originalEditable: false,
          automaticLayout: true,
          renderSideBySide: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          theme: props.dark ? 'vs-dark' : 'vs',
        });
        editor.setModel({ original, modified });
        const listener = editor.onDidUpdateDiff(() => setReady(true));
        dispose = () => {
          listener.dispose();
          editor.dispose();
          original.dispose();
          modified.dispose();
        };
      })
      .catch((error: unknown) => setFailed(`The diff editor could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
  });
  onCleanup(() => {
    disposed = true;
    dispose();
  });

  return (
    <div class="cq-review__diff" data-testid={`review-diff-${props.file.path}`} data-ready={ready() ? 'true' : 'false'}>
      <div class="cq-review__diff-editor" ref={host} />
      {failed() && <p class="cq-review__error">{failed()}</p>}
    </div>
  );
}
