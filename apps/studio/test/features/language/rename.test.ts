import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/features/language/applyEdits.ts';
import { referencesAt } from '../../../src/features/language/references.ts';
import { prepareRenameAt, renameAt, RENAMEABLE_KINDS, type RenameResult, type TextEdit } from '../../../src/features/language/rename.ts';
import { createSymbolIndex, type SymbolIndex } from '../../../src/features/language/symbolIndex.ts';
import { symbolKey, type SymbolId } from '../../../src/features/language/types.ts';
import { SMALL } from './fixtures.ts';
import { at, exampleFiles, exampleIndex, RenameChecker, where } from './support.ts';

const CARD_LOST = 'flows/card_lost.flow.yaml';
const A = 'flows/a.flow.yaml';

/** Where each edit's new text sits once all edits are applied (later edits on a line move). */
function editedOffsets(edits: readonly TextEdit[]): { path: string; offset: number }[] {
  const shift = new Map<string, number>();
  return [...edits]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.offset - b.range.start.offset))
    .map((edit) => {
      const delta = shift.get(edit.path) ?? 0;
      shift.set(edit.path, delta + edit.newText.length - (edit.range.end.offset - edit.range.start.offset));
      return { path: edit.path, offset: edit.range.start.offset + delta };
    });
}

/**
 * The rename's promise, checked: the workspace gains no diagnostic, and the
 * re-indexed workspace finds the new name at every edited place, all of it
 * resolving to the renamed symbol and nothing else using it. `scratch` is an
 * index of `files`; it is given the edited texts for `inspect` and restored.
 */
function expectCleanRename(
  files: ReadonlyMap<string, string>,
  checker: RenameChecker,
  scratch: SymbolIndex,
  result: RenameResult,
  newName: string,
  inspect: (after: SymbolIndex) => void = () => {},
): void {
  if (!result.ok) throw new Error(`rename refused: ${result.message}`);
  expect(result.edits.length).toBeGreaterThan(0);
  const { texts, added } = checker.newDiagnostics(result.edits);
  expect(added).toEqual([]);
  const renamed: SymbolId = { ...result.symbol, name: newName };
  for (const [path, text] of texts) scratch.set(path, text);
  try {
    for (const { path, offset } of editedOffsets(result.edits)) {
      const occurrence = scratch.occurrenceAt(path, offset);
      expect(occurrence?.name, `${path}@${offset}`).toBe(newName);
      expect(scratch.symbolsOf(occurrence!).map(symbolKey), `${path}@${offset}`).toEqual([symbolKey(renamed)]);
    }
    const definition = scratch.definitionsOf(renamed)[0]!;
    const everywhere = referencesAt(scratch, definition.path, definition.range.start.offset, { includeDeclaration: true });
    expect(everywhere).toHaveLength(result.edits.length);
    inspect(scratch);
  } finally {
    for (const path of texts.keys()) scratch.set(path, files.get(path)!);
  }
}

describe('renameAt on the example workspace', () => {
  const files = exampleFiles();
  const index = exampleIndex();
  const checker = new RenameChecker(files);
  const scratch = exampleIndex();
  const flow = files.get(CARD_LOST)!;

  it("renames card_lost's `ask_consent` node in the flow and its tests, and nowhere else", () => {
    const result = renameAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), 'ask_permission');
    expect(result.ok && where(result.edits)).toEqual([
      `${CARD_LOST}:53:11`,
      `${CARD_LOST}:55:3`,
      'tests/card_lost.test.yaml:19:68',
      'tests/card_lost.test.yaml:35:51',
      'tests/card_lost.test.yaml:56:51',
      'tests/card_lost.test.yaml:127:51',
      'tests/card_lost.test.yaml:129:68',
      'tests/card_lost.test.yaml:131:25',
      'tests/general.test.yaml:27:51',
      'tests/sensitive_topics.test.yaml:47:51',
    ]);
    expectCleanRename(files, checker, scratch, result, 'ask_permission', (after) => {
      // change_address keeps its own ask_consent.
      expect(after.definitionsOf({ kind: 'node', scope: 'flows/change_address.flow.yaml', name: 'ask_consent' })).toHaveLength(1);
    });
  });

  it('renames the `report_lost_card` intent in the flow and every test', () => {
    const result = renameAt(index, CARD_LOST, at(flow, 'report_lost_card'), 'lost_or_stolen_card');
    expect(result.ok && result.edits).toHaveLength(14);
    expectCleanRename(files, checker, scratch, result, 'lost_or_stolen_card');
  });

  it('renames from a use in another file just as from the declaration', () => {
    const test = files.get('tests/card_lost.test.yaml')!;
    const fromUse = renameAt(index, 'tests/card_lost.test.yaml', at(test, 'node: ask_consent', 2, 6), 'ask_permission');
    const fromDefinition = renameAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), 'ask_permission');
    expect(fromUse).toEqual(fromDefinition);
  });

  it('renames a slot with the name part of its `{placeholders}` and the tests that expect it', () => {
    const result = renameAt(index, CARD_LOST, at(flow, '  card_last4:', 0, 2), 'card_end_digits');
    expect(result.ok && where(result.edits)).toEqual([
      `${CARD_LOST}:40:3`,
      `${CARD_LOST}:70:11`,
      `${CARD_LOST}:85:35`,
      'tests/card_lost.test.yaml:24:20',
      'tests/card_lost.test.yaml:35:73',
    ]);
    expectCleanRename(files, checker, scratch, result, 'card_end_digits', (after) => {
      expect(after.file(CARD_LOST)!.text).toContain('Your card ending {card_end_digits} is frozen');
    });
  });

  it.each([
    ['a flow', CARD_LOST, 'id: card_lost', 4, 'lost_card'],
    ['a rules table', CARD_LOST, 'decide: card_freeze', 8, 'card_freeze_rules'],
    ['a queue', 'agent.yaml', '  cards:', 2, 'card_services'],
    ['an action', 'agent.yaml', '  cards.freeze:', 2, 'cards.block'],
    ['a topic', 'agent.yaml', '  bereavement:', 2, 'bereavement_topic'],
  ])('renames %s everywhere', (_what, path, needle, plus, newName) => {
    const result = renameAt(index, path, at(files.get(path)!, needle, 0, plus), newName);
    expectCleanRename(files, checker, scratch, result, newName);
  });

  it('offers the name under the cursor for editing', () => {
    const prepared = prepareRenameAt(index, CARD_LOST, at(flow, 'next: ask_consent', 0, 8));
    expect(prepared).toMatchObject({ ok: true, text: 'ask_consent', symbol: { kind: 'node', scope: CARD_LOST, name: 'ask_consent' } });
    expect(prepared.ok && prepared.range.start.column).toBe(11);
  });

  it('renaming to the same name changes nothing', () => {
    expect(renameAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), 'ask_consent')).toMatchObject({ ok: true, edits: [] });
  });

  it('every renameable symbol of the workspace renames cleanly', () => {
    // 204 symbols; three slots are read by rules tables and refused (see below).
    let refused = 0;
    let renamed = 0;
    for (const target of index.allDefinitions()) {
      if (!RENAMEABLE_KINDS.has(target.kind)) continue;
      const newName = `${target.name}_2`.slice(0, 64);
      const result = renameAt(index, target.path, target.range.start.offset, newName);
      if (!result.ok && result.reason === 'read-by-rules' && target.kind === 'slot') {
        refused++;
        continue;
      }
      expectCleanRename(files, checker, scratch, result, newName);
      renamed++;
    }
    expect([renamed, refused]).toEqual([201, 3]);
  }, 60_000);
});

describe('renameAt refuses what it cannot do safely', () => {
  const files = exampleFiles();
  const index = exampleIndex();
  const flow = files.get(CARD_LOST)!;
  const refusal = (result: RenameResult) => (result.ok ? 'ok' : result.reason);

  it.each(['Ask', '1st', 'ask-consent', 'ask consent', '', 'a'.repeat(65), 'cards.freeze'])('refuses the invalid node name %j', (name) => {
    const result = renameAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), name);
    expect(refusal(result)).toBe('invalid-name');
    expect(!result.ok && result.message).toContain('lower-case letters, digits and underscores');
  });

  it('accepts dotted names for actions only', () => {
    const agent = files.get('agent.yaml')!;
    expect(refusal(renameAt(index, 'agent.yaml', at(agent, '  cards.freeze:', 0, 2), 'cards.Freeze'))).toBe('invalid-name');
    expect(refusal(renameAt(index, 'agent.yaml', at(agent, '  cards.freeze:', 0, 2), 'cards.freeze_now'))).toBe('ok');
  });

  it('refuses a name the flow already uses, but not one only another flow uses', () => {
    const taken = renameAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), 'no_consent');
    expect(taken).toEqual({ ok: false, reason: 'name-taken', message: 'there is already a node `no_consent` in flow `card_lost`' });
    // verification_locked is a node of change_address only.
    expect(refusal(renameAt(index, CARD_LOST, at(flow, '  ask_consent:', 0, 2), 'verification_locked'))).toBe('ok');
  });

  it('refuses an intent name any flow already declares', () => {
    const result = renameAt(index, CARD_LOST, at(flow, 'report_lost_card'), 'greet');
    expect(result).toMatchObject({ ok: false, reason: 'name-taken' });
    expect(!result.ok && result.message).toContain('flows/greeting.flow.yaml');
  });

  it('refuses off a symbol, on a dangling reference and on kinds it does not rename', () => {
    expect(refusal(renameAt(index, CARD_LOST, at(flow, 'title:'), 'x'))).toBe('no-symbol');
    const broken = createSymbolIndex([...files, [CARD_LOST, flow.replace('next: ask_consent', 'next: ask_consnet')]]);
    expect(refusal(renameAt(broken, CARD_LOST, at(flow, 'next: ask_consent', 0, 6), 'x'))).toBe('undeclared');
    expect(refusal(renameAt(index, 'agent.yaml', at(files.get('agent.yaml')!, '  tier:', 0, 2), 'level'))).toBe('not-renameable');
    expect(refusal(renameAt(index, 'tests/card_lost.test.yaml', at(files.get('tests/card_lost.test.yaml')!, 'id: card_lost', 0, 4), 'x'))).toBe('not-renameable');
  });

  it('refuses a slot that a rules table reads by name', () => {
    const path = 'flows/dispute_transaction.flow.yaml';
    const result = renameAt(index, path, at(files.get(path)!, '  merchant_category:', 0, 2), 'merchant_kind');
    expect(result).toMatchObject({ ok: false, reason: 'read-by-rules' });
    expect(!result.ok && result.message).toContain('dispute_eligibility');
  });
});

describe('renameAt on small fixtures', () => {
  const text = SMALL.get(A)!;

  it('refuses a slot name that would capture a placeholder or a rules input', () => {
    const index = createSymbolIndex(SMALL);
    const reason = at(text, '  reason:', 0, 2);
    expect(renameAt(index, A, reason, 'decision')).toMatchObject({ ok: false, reason: 'name-taken' });
    expect(renameAt(index, A, reason, 'first_name')).toMatchObject({ ok: false, reason: 'name-taken' });
    expect(renameAt(index, A, reason, 'tier')).toMatchObject({ ok: false, reason: 'name-taken' });
    expect(renameAt(index, A, reason, 'motive')).toMatchObject({ ok: true });
  });

  it('renames a quoted reference inside its quotes', () => {
    const index = createSymbolIndex(SMALL);
    const result = renameAt(index, A, at(text, '  reason:', 0, 2), 'motive');
    const edited = result.ok ? applyEdits(SMALL, result.edits).get(A)! : '';
    expect(edited).toContain('fill: "motive"');
    expect(edited).toContain('because {motive}.');
    expect(edited).toContain('  motive: { type: text }');
  });

  it('renames a node used by a test that follows the conversation to its flow', () => {
    const index = createSymbolIndex(SMALL);
    const result = renameAt(index, A, at(text, '  to_agent:', 0, 2), 'to_cards');
    expect(result.ok && where(result.edits)).toEqual([`${A}:24:23`, `${A}:28:33`, `${A}:30:3`, 'tests/a.test.yaml:12:67']);
    expectCleanRename(SMALL, new RenameChecker(SMALL), createSymbolIndex(SMALL), result, 'to_cards');
  });

  it('refuses a test reference no flow hint settles, but renames around it from a declaration', () => {
    const suite = `kind: test\nversion: 1\nid: s\ntests:\n  - id: t\n    turns:\n      - user: "hi"\n        expect: { node: to_agent }\n`;
    const index = createSymbolIndex([...SMALL, ['tests/s.test.yaml', suite]]);
    const fromTest = renameAt(index, 'tests/s.test.yaml', at(suite, 'to_agent'), 'x');
    expect(fromTest).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(!fromTest.ok && fromTest.message).toContain('`a`, `b`');
    const fromFlow = renameAt(index, 'flows/b.flow.yaml', at(SMALL.get('flows/b.flow.yaml')!, '  to_agent:', 0, 2), 'to_person');
    expect(fromFlow.ok && where(fromFlow.skipped)).toEqual(['tests/s.test.yaml:8:25']);
    expect(fromFlow.ok && where(fromFlow.edits)).toEqual(['flows/b.flow.yaml:7:8', 'flows/b.flow.yaml:9:3', 'tests/a.test.yaml:17:48']);
  });

  it('refuses when a use cannot be located exactly', () => {
    const escaped = text.replace('because {reason}.', 'because {reason} \\u007Breason}.');
    const index = createSymbolIndex([...SMALL, [A, escaped]]);
    expect(renameAt(index, A, at(escaped, '  reason:', 0, 2), 'motive')).toMatchObject({ ok: false, reason: 'cannot-locate' });
  });
});
