/**
 * Binds a workspace file's Monaco model to its live document (y-monaco's
 * MonacoBinding: text both ways, this client's selection into the file
 * document's awareness, the others' cursors and selections as decorations),
 * and draws each remote person's cursor in their colour with their name
 * (remoteSelectionCss). Loaded with the editor (EditorModels imports it
 * lazily), never before the first paint.
 */
import { MonacoBinding } from 'y-monaco';
import type { Awareness } from 'y-protocols/awareness';
import type * as MonacoApi from '../editor/monacoCore.ts';
import type { LiveFile } from './LiveChange.ts';
import { remoteSelectionCss } from './presence.ts';

/**
 * Binds `model` to `file` for `editors` (the set is read as it changes: an editor added later
 * shows remote cursors too). The model takes the document's text at once.
 */
export function bindModel(file: LiveFile, model: MonacoApi.editor.ITextModel, editors: Set<MonacoApi.editor.ICodeEditor>): { dispose(): void } {
  const binding = new MonacoBinding(file.text, model, editors, file.awareness);
  const styles = new RemoteCursorStyles(file.awareness, file.doc.clientID);
  file.bound();
  return {
    dispose: () => {
      styles.dispose();
      binding.destroy();
    },
  };
}

/** One `<style>` per file document: a rule set per remote client with a name, rewritten when they change. */
class RemoteCursorStyles {
  private readonly element = document.createElement('style');
  private written = '';

  constructor(
    private readonly awareness: Awareness,
    private readonly self: number,
  ) {
    this.element.dataset['colloquy'] = 'remote-cursors';
    document.head.append(this.element);
    awareness.on('change', this.update);
    this.update();
  }

  private readonly update = () => {
    const rules: string[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      const name = (state as { user?: { name?: unknown } }).user?.name;
      if (clientId === this.self || typeof name !== 'string') continue;
      rules.push(remoteSelectionCss(clientId, name));
    }
    const css = rules.join('\n');
    if (css !== this.written) this.element.textContent = this.written = css;
  };

  dispose(): void {
    this.awareness.off('change', this.update);
    this.element.remove();
  }
}
