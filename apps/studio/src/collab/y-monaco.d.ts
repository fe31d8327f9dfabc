/**
 * y-monaco 0.1.6 ships no declarations (its `types` path is missing from the package): the part
 * this studio uses. Its Monaco is ours (vite.config.ts aliases its `editor.api.js` import to
 * editor/monacoCore.ts), so the editor types are monacoCore's.
 */
declare module 'y-monaco' {
  import type * as Y from 'yjs';
  import type { Awareness } from 'y-protocols/awareness';
  import type * as MonacoApi from '../editor/monacoCore.ts';

  export class MonacoBinding {
    constructor(ytext: Y.Text, model: MonacoApi.editor.ITextModel, editors?: Set<MonacoApi.editor.ICodeEditor>, awareness?: Awareness | null);
    destroy(): void;
  }
}
