/**
 * Applies rename edits to file texts without an editor (for the server, a
 * command-line rename, and the tests), and works out the edits that undo
 * them. In the studio the editor's models take the edits
 * (src/features/language/languageFeatures.ts), and "Undo rename" applies `reverseEdits`.
 */
import type { Range } from '@colloquy/core';
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

/**
 * The edits that take the edited texts back to `texts`: for each edit, the
 * range its `newText` occupies after `applyEdits`, with the text it replaced.
 * `texts` are the texts the edits were computed on. Undoing a rename in a file
 * nobody has touched since is applying these (the editor's undo works per
 * file, a rename spans several).
 */
export function reverseEdits(texts: ReadonlyMap<string, string>, edits: readonly TextEdit[]): TextEdit[] {
  const after = applyEdits(texts, edits);
  const out: TextEdit[] = [];
  for (const [path, edited] of after) {
    const before = texts.get(path)!;
    let delta = 0;
    for (const edit of edits.filter((e) => e.path === path).sort((a, b) => a.range.start.offset - b.range.start.offset)) {
      const start = edit.range.start.offset + delta;
      const end = start + edit.newText.length;
      out.push({ path, range: { start: positionAt(edited, start), end: positionAt(edited, end) }, newText: before.slice(edit.range.start.offset, edit.range.end.offset) });
      delta += edit.newText.length - (edit.range.end.offset - edit.range.start.offset);
    }
  }
  return out;
}

/** The 1-based line and column (UTF-16 code units, as Monaco and core count) of `offset` in `text`. */
function positionAt(text: string, offset: number): Range['start'] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}
