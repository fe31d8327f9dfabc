/**
 * `applyEdits` and `reverseEdits`: a rename applied to texts without an editor,
 * and the edits that take it back ("Undo rename" in the studio applies them to
 * the files nobody edited since).
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, reverseEdits } from '../../../src/features/language/applyEdits.ts';
import { renameAt, RENAMEABLE_KINDS, type TextEdit } from '../../../src/features/language/rename.ts';
import { createSymbolIndex, offsetAt } from '../../../src/features/language/symbolIndex.ts';
import { at, exampleFiles, exampleIndex, textOf } from './support.ts';

/** Checks that `reverse` takes `after` back to `before` and that each range's line and column agree with its offset. */
function expectReverses(before: ReadonlyMap<string, string>, edits: readonly TextEdit[]): void {
  const after = applyEdits(before, edits);
  const reverse = reverseEdits(before, edits);
  expect(reverse).toHaveLength(edits.length);
  for (const edit of reverse) {
    const text = after.get(edit.path)!;
    expect(offsetAt(text, edit.range.start), `${edit.path}@${edit.range.start.offset}`).toBe(edit.range.start.offset);
    expect(offsetAt(text, edit.range.end), `${edit.path}@${edit.range.end.offset}`).toBe(edit.range.end.offset);
  }
  const back = applyEdits(after, reverse);
  expect([...back.keys()].sort()).toEqual([...after.keys()].sort());
  for (const [path, text] of back) expect(text, path).toBe(before.get(path));
}

describe('reverseEdits', () => {
  it('covers exactly the new names, with the old names as new text', () => {
    const files = exampleFiles();
    const flow = files.get('flows/card_lost.flow.yaml')!;
    const result = renameAt(exampleIndex(), 'flows/card_lost.flow.yaml', at(flow, '  ask_consent:', 0, 2), 'ask_permission_first');
    if (!result.ok) throw new Error(result.message);
    const after = applyEdits(files, result.edits);
    const reverse = reverseEdits(files, result.edits);
    expect(reverse.map((e) => textOf(after.get(e.path)!, e.range))).toEqual(result.edits.map(() => 'ask_permission_first'));
    expect(new Set(reverse.map((e) => e.newText))).toEqual(new Set(['ask_consent']));
    expectReverses(files, result.edits);
  });

  it('undoes a longer and a shorter name for every renameable symbol of the example workspace', () => {
    const files = exampleFiles();
    const index = exampleIndex();
    let checked = 0;
    for (const target of index.allDefinitions()) {
      if (!RENAMEABLE_KINDS.has(target.kind)) continue;
      for (const newName of [`${target.name}_renamed`.slice(0, 64), target.kind === 'action' ? 'x.y' : 'x']) {
        const result = renameAt(index, target.path, target.range.start.offset, newName);
        if (!result.ok) continue; // refusals are rename.test.ts's
        expectReverses(files, result.edits);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  }, 60_000);

  it('keeps lines and columns right with several edits on a line and Windows line endings', () => {
    const flow = ['kind: flow', 'version: 1', 'id: w', 'start: x', 'nodes:', '  x:', '    ask: "Yes?"', '    fill: ok', '    routes: { "true": y, "false": y }', '  y: { end: resolved }', ''].join('\r\n');
    const slots = flow.replace('start: x', 'slots:\r\n  ok: { type: boolean }\r\nstart: x');
    const files = new Map([['flows/w.flow.yaml', slots]]);
    const index = createSymbolIndex(files);
    const result = renameAt(index, 'flows/w.flow.yaml', at(slots, '  y: {', 0, 2), 'done_here');
    if (!result.ok) throw new Error(result.message);
    expect(result.edits).toHaveLength(3);
    expectReverses(files, result.edits);
    // The second `y` of the routes line has moved by the first one's growth.
    const reverse = reverseEdits(files, result.edits);
    const routesLine = at(slots, 'routes:').line;
    expect(reverse.filter((e) => e.range.start.line === routesLine).map((e) => e.range.start.column)).toEqual([23, 43]);
  });

  it('is empty for no edits', () => {
    expect(reverseEdits(new Map([['a.yaml', 'x']]), [])).toEqual([]);
  });
});
