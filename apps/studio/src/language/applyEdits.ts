/**
 * Applies rename edits to file texts without an editor: for the server, a
 * command-line rename, and the tests. In the studio, Monaco applies the
 * `WorkspaceEdit` itself.
 */
import type { TextEdit } from './rename.ts';

/**
 * The texts after the edits, for the files the edits touch. `texts` must be
 * the texts the edits were computed on (their offsets refer to them). Edits
 * in one file must not overlap; they are applied from the end backwards.
 */
export function applyEdits(texts: ReadonlyMap<string, string>, edits: readonly TextEdit[]): Map<string, string> {
  const byPath = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const list = byPath.get(edit.path);
    if (list) list.push(edit);
    else byPath.set(edit.path, [edit]);
  }
  const out = new Map<string, string>();
  for (const [path, list] of byPath) {
    let text = texts.get(path);
    if (text === undefined) continue;
    for (const edit of [...list].sort((a, b) => b.range.start.offset - a.range.start.offset)) {
      text = text.slice(0, edit.range.start.offset) + edit.newText + text.slice(edit.range.end.offset);
    }
    out.set(path, text);
  }
  return out;
}
