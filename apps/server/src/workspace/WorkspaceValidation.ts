import { WorkspaceValidator, type Diagnostic } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { parseWorkspacePath } from './paths.ts';
import { StoreError } from './storeError.ts';

/**
 * Validates the workspace on disk with a studio's unsaved edits laid over it,
 * so the Problems panel shows cross-file problems (a flow renamed in one tab,
 * still referenced in another) before anything is saved.
 *
 * One long-lived `WorkspaceValidator` keeps its per-file cache between
 * requests: a keystroke in one file re-parses that file only. Requests do not
 * interleave inside it: everything after the one `await` runs synchronously.
 */
export class WorkspaceValidation {
  private readonly validator = new WorkspaceValidator();
  /** Strict decoding, so a file that is not UTF-8 is passed on as bytes and reported as such (CQ103). */
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  constructor(private readonly root: string) {}

  async validate(overrides: Readonly<Record<string, string>> = {}): Promise<readonly Diagnostic[]> {
    const edits = new Map<string, string>();
    for (const [path, content] of Object.entries(overrides)) {
      const checked = parseWorkspacePath(path);
      if (!checked.ok) throw new StoreError('bad-path', `The unsaved file \`${path}\` has a path that is not allowed: ${checked.reason}.`);
      edits.set(checked.path, content);
    }
    const onDisk = await readWorkspace(this.root);
    const contents = new Map<string, string | Uint8Array>(onDisk.map((file) => [file.path, this.text(file.content)]));
    for (const [path, content] of edits) contents.set(path, content);
    for (const path of this.validator.paths()) if (!contents.has(path)) this.validator.delete(path);
    for (const [path, content] of contents) this.validator.set(path, content);
    return this.validator.validate().diagnostics;
  }

  /** Text where possible: the validator's cache recognises unchanged text, not unchanged bytes. */
  private text(content: string | Uint8Array): string | Uint8Array {
    if (typeof content === 'string') return content;
    try {
      return this.decoder.decode(content);
    } catch {
      return content;
    }
  }
}
