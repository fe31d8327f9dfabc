/**
 * Navigating ids in the studio, in a real browser against a real server (issue 3,
 * "Language features for ids" and "Quick open"): go to definition across files,
 * find references, rename a node everywhere, the Outline view and quick open over
 * symbols. What the editor shows is checked against the language functions
 * themselves (apps/studio/src/language), run here on the same files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { applyEdits, createSymbolIndex, referencesAt, renameAt, type TextPosition } from '../../apps/studio/src/language/index.ts';
import { browserTestsRunnable, keepScreenshot, openFile, openStudio, type StudioSession } from './support/studioSession.ts';

const FLOW = 'flows/card_lost.flow.yaml';
const FLOW_TEST = 'tests/card_lost.test.yaml';
const RULES = 'rules/card_freeze.rules.yaml';
const AGENT = 'agent.yaml';

/** The 1-based line and column of the `occurrence`-th `needle` in `text`, `plus` characters in. */
function positionOf(text: string, needle: string, plus = 0, occurrence = 0): TextPosition {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times`);
  }
  const before = text.slice(0, offset + plus);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

describe.runIf(browserTestsRunnable('studio navigation e2e'))('navigating ids in the studio', () => {
  let studio: StudioSession;
  let original: Map<string, string>;
  const onDisk = (path: string) => readFileSync(join(studio.workspace, path), 'utf8');
  const tab = (path: string) => studio.page.getByTestId(`tab-${path}`);
  const cursor = () => studio.page.getByTestId('status-cursor').textContent();
  const cursorText = (p: TextPosition) => `Ln ${p.line}, Col ${p.column}`;
  const activeTab = async (path: string) => {
    await expect.poll(() => tab(path).getAttribute('aria-selected')).toBe('true');
  };

  /** Puts the editor's cursor at `p` with Monaco's Go to Line (Ctrl+G accepts `line:column`). */
  async function placeCursor(page: Page, p: TextPosition): Promise<void> {
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+g');
    await page.keyboard.type(`${p.line}:${p.column}`);
    await page.keyboard.press('Enter');
    await expect.poll(cursor).toBe(cursorText(p));
  }

  beforeAll(async () => {
    studio = await openStudio();
    original = new Map([FLOW, FLOW_TEST, RULES, AGENT, 'flows/card_not_arrived.flow.yaml'].map((p) => [p, onDisk(p)]));
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('goes to the definition of a rules table and of a handoff queue in other files (F12 and the palette)', async () => {
    const { page } = studio;
    const flow = original.get(FLOW)!;

    // Given the flow open, with the cursor on the table it decides with
    await openFile(page, FLOW);
    await placeCursor(page, positionOf(flow, 'decide: card_freeze', 10));

    // When F12 is pressed
    await page.keyboard.press('F12');

    // Then the rules file opens in a tab with the cursor on the table's id
    await activeTab(RULES);
    await expect.poll(cursor).toBe(cursorText(positionOf(original.get(RULES)!, 'id: card_freeze', 4)));

    // Given the flow again, with the cursor on a handoff's queue
    await tab(FLOW).click();
    await placeCursor(page, positionOf(flow, 'queue: cards', 8));

    // When Go to Definition is run from the command palette, where it shows its shortcut
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('go to definition');
    const option = page.getByTestId('command-palette').getByRole('option').first();
    await expect.poll(() => option.textContent()).toBe('Go to DefinitionF12');
    await page.keyboard.press('Enter');

    // Then agent.yaml opens with the cursor on the queue's key
    await activeTab(AGENT);
    await expect.poll(cursor).toBe(cursorText(positionOf(original.get(AGENT)!, '  cards:', 2)));
    await keepScreenshot(page, 'studio-go-to-definition');
  });

  it('finds the references of a queue in every flow (Shift+F12)', async () => {
    const { page } = studio;
    const agent = original.get(AGENT)!;
    const at = positionOf(agent, '  cards:', 2);
    // What the language functions say, on the same files
    const index = createSymbolIndex([...original]);
    const expected = referencesAt(index, AGENT, at, { includeDeclaration: true });
    const files = [...new Set(expected.map((l) => l.path.slice(l.path.lastIndexOf('/') + 1)))].sort();
    expect(files).toEqual(expect.arrayContaining(['agent.yaml', 'card_lost.flow.yaml', 'card_not_arrived.flow.yaml', 'card_lost.test.yaml']));

    // Given agent.yaml with the cursor on queue `cards` (where the previous test left it)
    await activeTab(AGENT);
    await placeCursor(page, at);

    // When Shift+F12 is pressed
    await page.keyboard.press('Shift+F12');

    // Then the references peek lists the files that use it, with how often
    const peek = page.locator('.reference-zone-widget');
    await peek.waitFor();
    await expect.poll(() => peek.locator('.peekview-title').textContent()).toContain('references');
    const fileRows = peek.locator('.ref-tree .reference-file');
    await expect.poll(async () => (await fileRows.allTextContents()).length).toBe(files.length);
    const listed = await fileRows.allTextContents();
    for (const name of files.filter((f) => f !== 'agent.yaml')) {
      const count = expected.filter((l) => l.path.endsWith(`/${name}`)).length;
      expect(listed.some((row) => row.includes(name) && row.includes(String(count))), `${name} ×${count} in ${JSON.stringify(listed)}`).toBe(true);
    }
    await keepScreenshot(page, 'studio-find-references');
    await page.keyboard.press('Escape');
    await peek.waitFor({ state: 'detached' });
  });

  it('refuses a rename to a name the flow already has, and says why', async () => {
    const { page } = studio;
    const flow = original.get(FLOW)!;
    await tab(FLOW).click();
    await placeCursor(page, positionOf(flow, '  ask_consent:', 2));

    // When F2 renames ask_consent to no_consent, another node of the flow
    await page.keyboard.press('F2');
    const input = page.locator('.rename-box input');
    await input.waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('no_consent');
    await page.keyboard.press('Enter');

    // Then a notice says the name is taken, and nothing was changed
    await expect.poll(() => page.getByTestId('notice').last().textContent()).toContain('there is already a node `no_consent`');
    expect(await tab(FLOW).getAttribute('class')).not.toContain('dirty');
    await page.getByTestId('notice').last().getByRole('button', { name: 'Dismiss' }).click();
  });

  it('renames a node in the flow and in its tests, leaves the buffers to save, and the saved files validate as before', async () => {
    const { page, workspace } = studio;
    const flow = original.get(FLOW)!;
    const at = positionOf(flow, '  ask_last4:', 2);
    const problems = () => page.getByTestId('status-problems').getAttribute('aria-label');
    const problemsBefore = await problems();
    // What the language functions say the rename changes
    const rename = renameAt(createSymbolIndex([...original]), FLOW, at, 'ask_card_digits');
    if (!rename.ok) throw new Error(rename.message);
    const expected = applyEdits(original, rename.edits);
    expect([...expected.keys()].sort()).toEqual([FLOW, FLOW_TEST]);

    // Given the cursor on the node's key
    await placeCursor(page, at);

    // When F2 renames it
    await page.keyboard.press('F2');
    await page.locator('.rename-box input').waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('ask_card_digits');
    await page.keyboard.press('Enter');

    // Then both files are changed but not saved: the flow's tab and the test file in the explorer show it
    await expect.poll(() => tab(FLOW).getAttribute('class')).toContain('dirty');
    await page.getByTestId(`explorer-item-${FLOW_TEST}`).locator('.dirty-dot').waitFor();
    expect(onDisk(FLOW)).toBe(original.get(FLOW));
    expect(onDisk(FLOW_TEST)).toBe(original.get(FLOW_TEST));
    await expect.poll(() => page.getByTestId('notice').last().textContent()).toContain('Renamed node `ask_last4` to `ask_card_digits`');
    await keepScreenshot(page, 'studio-rename');

    // When they are saved (Save All)
    await page.keyboard.press('Control+Alt+s');

    // Then the files on disk are exactly what the rename computes, and validation finds nothing new
    await expect.poll(() => onDisk(FLOW), { timeout: 10_000 }).toBe(expected.get(FLOW));
    await expect.poll(() => onDisk(FLOW_TEST), { timeout: 10_000 }).toBe(expected.get(FLOW_TEST));
    expect(readFileSync(join(workspace, FLOW), 'utf8')).not.toContain('ask_last4');
    await expect.poll(() => tab(FLOW).getAttribute('class')).not.toContain('dirty');
    await expect.poll(problems).toBe(problemsBefore);
  });

  it('shows the outline of the active file, reveals an entry on click or Enter, and follows the active tab', async () => {
    const { page } = studio;
    const flow = onDisk(FLOW);
    await tab(FLOW).click();

    // When the Outline view is opened
    await page.getByTestId('activity-outline').click();
    const outline = page.getByTestId('outline');
    await outline.waitFor();
    expect(await outline.getAttribute('role')).toBe('tree');
    const freeze = page.getByTestId('outline-item-node-freeze_card');
    expect(await freeze.getAttribute('role')).toBe('treeitem');
    expect(await freeze.getAttribute('aria-level')).toBe('3');

    // Then clicking a node puts the cursor on it
    await freeze.click();
    await expect.poll(cursor).toBe(cursorText(positionOf(flow, '  freeze_card:', 2)));
    await expect.poll(() => freeze.getAttribute('aria-selected')).toBe('true');

    // And the keyboard moves through the tree and Enter reveals the entry
    await freeze.focus();
    await page.keyboard.press('ArrowDown');
    const next = page.getByTestId('outline-item-node-ask_replacement');
    await expect.poll(() => next.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(cursor).toBe(cursorText(positionOf(flow, '  ask_replacement:', 2)));
    await keepScreenshot(page, 'studio-outline');

    // And it follows the active tab
    await tab(AGENT).click();
    await page.getByTestId('outline-item-queue-cards').waitFor();
    expect(await page.getByTestId('outline-item-node-freeze_card').count()).toBe(0);
  });

  it('opens a symbol from quick open: # for the workspace, @ for the active file', async () => {
    const { page } = studio;
    const quickOpen = page.getByTestId('quick-open');

    // When `#card_freeze` is typed in quick open
    await page.keyboard.press('Control+p');
    await quickOpen.waitFor();
    await page.keyboard.type('#card_freeze');
    const first = quickOpen.getByRole('option').first();
    await expect.poll(() => first.textContent()).toContain('rules table');
    await keepScreenshot(page, 'studio-quick-open-symbol');
    await page.keyboard.press('Enter');

    // Then the table opens with the cursor on its id
    await activeTab(RULES);
    await expect.poll(cursor).toBe(cursorText(positionOf(onDisk(RULES), 'id: card_freeze', 4)));

    // When Go to Symbol in File (Ctrl+Shift+O) looks for a node of the flow
    await tab(FLOW).click();
    await page.keyboard.press('Control+Shift+O');
    await quickOpen.waitFor();
    expect(await quickOpen.locator('input').inputValue()).toBe('@');
    await page.keyboard.type('to_cards_urgent');
    await expect.poll(() => first.textContent()).toContain('to_cards_urgent');
    await page.keyboard.press('Enter');

    // Then the cursor is on that node
    await expect.poll(cursor).toBe(cursorText(positionOf(onDisk(FLOW), '  to_cards_urgent:', 2)));
  });
});
