/**
 * Split editor, in a real browser against a real server: "Split Editor Right"
 * shows the active file in a second editor group; both editors show one buffer
 * of the change request's live document (typing in one shows in the other, and
 * reaches the change once); the group last clicked or typed in is the one
 * Ctrl+S, the explorer and Problems act on; the side group holds file and
 * graph tabs together and goes with its last tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserTestsRunnable, keepScreenshot, openStudio, type StudioSession } from './support/studioSession.ts';
import { changeFileContent, createChange, gotoChange, openLiveFile } from './support/changeRequests.ts';

const FLOW = 'flows/card_lost.flow.yaml';
const OTHER = 'flows/thanks.flow.yaml';

type Group = 'main' | 'side';

const group = (page: Page, id: Group) => page.getByTestId(`editor-group-${id}`);
const tabIn = (page: Page, id: Group, path: string) => group(page, id).getByTestId(`tab-${path}`);
const linesOf = (page: Page, id: Group) => group(page, id).locator('.monaco-editor .view-lines');

/** What the group's editor shows, with Monaco's non-breaking spaces undone (as `editorText`). */
async function groupText(page: Page, id: Group): Promise<string> {
  return (await linesOf(page, id).innerText()).replaceAll('\u00a0', ' ');
}

/** The editor group holding the keyboard focus, if any. */
const focusedGroup = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-testid^="editor-group-"]')?.dataset['testid'] ?? null);

const cursor = (page: Page) => page.getByTestId('status-cursor').textContent();

/** The 1-based line and column `plus` characters into the first `needle` of `text`. */
function positionOf(text: string, needle: string, plus = 0): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle) + plus);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}
const cursorText = (p: { line: number; column: number }) => `Ln ${p.line}, Col ${p.column}`;

describe.runIf(browserTestsRunnable('split editor e2e'))('split editor', () => {
  let studio: StudioSession;
  let change: string;
  /** The change request's content of `path` as the server reads it (GET /api/changes/:id flushes live edits first). */
  const inChange = async (path: string) => (await studio.serverFetch(`/api/changes/${change}`), (await changeFileContent(studio, change, path)) ?? '');
  beforeAll(async () => {
    studio = await openStudio();
    change = await createChange(studio, 'Card lost, in two groups');
    await gotoChange(studio.page, studio, change);
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('shows one buffer in two groups: typed in one, seen in the other, in the change request once', async () => {
    const { page } = studio;
    await openLiveFile(page, FLOW);

    // When "Split Editor Right" is run from the command palette, which shows its shortcut
    await page.keyboard.press('Control+Shift+P');
    const palette = page.getByTestId('command-palette');
    await palette.locator('input').fill('split editor right');
    const item = palette.getByRole('option', { name: /Split Editor Right/ });
    expect(await item.locator('kbd').textContent()).toBe('Ctrl+\\');
    await page.keyboard.press('Enter');

    // Then the file is open in a side group too, whose editor is ready and active
    await tabIn(page, 'side', FLOW).waitFor();
    await page.locator('[data-testid="editor-side"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => group(page, 'side').getAttribute('class')).toContain('active-group');
    expect(await tabIn(page, 'main', FLOW).count()).toBe(1);

    // When a line is typed in the side group
    await linesOf(page, 'side').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('# noted in the side group');
    await page.keyboard.press('Enter');

    // Then the main group's editor shows it too, the status bar has the side cursor, and the change
    // request has the line exactly once (one document under both editors), nothing left to save
    await expect.poll(() => groupText(page, 'main')).toContain('# noted in the side group');
    await expect.poll(() => cursor(page)).toBe('Ln 2, Col 1');
    await expect.poll(() => inChange(FLOW), { timeout: 10_000 }).toContain('# noted in the side group');
    expect((await inChange(FLOW)).split('# noted in the side group').length).toBe(2);
    for (const id of ['main', 'side'] as const) expect(await tabIn(page, id, FLOW).getAttribute('class')).not.toContain('dirty');

    // When the main group's editor is clicked, it is the active group and the status bar follows its cursor
    await linesOf(page, 'main').click();
    await page.keyboard.press('Control+Home');
    await expect.poll(() => group(page, 'main').getAttribute('class')).toContain('active-group');
    expect(await group(page, 'side').getAttribute('class')).not.toContain('active-group');
    await expect.poll(() => cursor(page)).toBe('Ln 1, Col 1');
    await keepScreenshot(page, 'studio-split-editor');
  }, 90_000);

  it('opens, answers Ctrl+S and reveals in the active group', async () => {
    const { page } = studio;
    const otherBefore = await inChange(OTHER);
    const flowBefore = await inChange(FLOW);

    // Given the side group active, when a file is opened from the explorer, it opens there
    await linesOf(page, 'side').click();
    await page.getByTestId(`explorer-item-${OTHER}`).click();
    await tabIn(page, 'side', OTHER).waitFor();
    expect(await tabIn(page, 'main', OTHER).count()).toBe(0);
    await expect.poll(() => groupText(page, 'side')).toContain('kind: flow');

    // When an unknown field is typed there
    await linesOf(page, 'side').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('no_such_field: 1');
    await page.keyboard.press('Enter');
    const problem = page.locator('[data-testid="problem-row"]', { hasText: 'no_such_field' }).first();
    await problem.waitFor({ timeout: 10_000 });

    // Then the edit is in the change request at once, and Ctrl+S in the main group is about the main group's file
    await expect.poll(() => inChange(OTHER), { timeout: 10_000 }).toBe(`no_such_field: 1\n${otherBefore}`);
    await linesOf(page, 'main').click();
    await page.keyboard.press('Control+s');
    await expect.poll(() => group(page, 'main').getAttribute('class')).toContain('active-group');
    await page.getByTestId('notice').filter({ hasText: `${FLOW} is live in ${change}: edits are saved as you type` }).waitFor({ timeout: 5_000 });

    // When the problem is revealed while the side group is active, it is shown there
    await linesOf(page, 'side').click();
    await problem.locator('.problem-reveal').click();
    await expect.poll(() => focusedGroup(page)).toBe('editor-group-side');
    await expect.poll(() => cursor(page)).toBe('Ln 1, Col 1');
    expect(await tabIn(page, 'main', OTHER).count()).toBe(0);

    // When the fix is made and saved in the side group
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Delete');
    await problem.waitFor({ state: 'detached', timeout: 10_000 });
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# typed in the side group');

    // Then that file of the change has the fix and the line, and the other is as it was
    await expect.poll(() => inChange(OTHER), { timeout: 10_000 }).toBe(`${otherBefore}# typed in the side group`);
    expect(await inChange(FLOW)).toBe(flowBefore);
  }, 90_000);

  it('closes the side group with its last tab, and holds graph and file tabs together', async () => {
    const { page } = studio;
    const side = group(page, 'side');

    // When every tab of the side group is closed
    while ((await side.count()) > 0 && (await side.locator('.tab-close').count()) > 0) await side.locator('.tab-close').first().click();

    // Then the group is gone and the main group still shows the file
    await side.waitFor({ state: 'detached' });
    expect(await page.getByTestId('editor-side').count()).toBe(0);
    await expect.poll(() => groupText(page, 'main')).toContain('# noted in the side group');

    // When the flow's graph is opened to the side and then the editor is split
    await page.getByTestId('open-graph').click();
    await side.locator(`[data-testid="graph-tab"][data-path="${FLOW}"]`).waitFor();
    await side.locator('.graph-slot [data-testid^="graph-node-"]').first().waitFor({ timeout: 30_000 });
    await linesOf(page, 'main').click();
    await page.keyboard.press('Control+\\');

    // Then the side group holds the graph and the file, and shows the file's editor
    await tabIn(page, 'side', FLOW).waitFor();
    await page.locator('[data-testid="editor-side"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await side.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => `${t.getAttribute('data-testid')}:${t.getAttribute('aria-selected')}`))).toEqual([
      'graph-tab:false',
      `tab-${FLOW}:true`,
    ]);
    await expect.poll(() => groupText(page, 'side')).toContain('# noted in the side group');
    expect(await side.locator('.graph-slot').count()).toBe(0);

    // When the graph tab is picked, the group shows the graph; the file tab, the editor again
    await side.getByTestId('graph-tab').click();
    await side.locator('.graph-slot [data-testid^="graph-node-"]').first().waitFor({ timeout: 30_000 });
    expect(await side.locator('.editor-slot').getAttribute('class')).toContain('hidden');
    // (and a click on a node shows its YAML in the main group, beside the graph rather than over it)
    await side.locator('.graph-slot [data-testid^="graph-node-"]').last().click();
    await expect.poll(() => focusedGroup(page)).toBe('editor-group-main');
    expect(await side.locator('.graph-slot').count()).toBe(1);
    await tabIn(page, 'side', FLOW).click();
    await expect.poll(() => side.locator('.editor-slot').getAttribute('class')).not.toContain('hidden');
    expect(await side.locator('.graph-slot').count()).toBe(0);
    await keepScreenshot(page, 'studio-split-graph-and-file');

    // The sash between the groups resizes them, from the keyboard too (16 px a press)
    const width = () => side.evaluate((el) => Math.round(el.getBoundingClientRect().width));
    const before = await width();
    await page.getByTestId('group-sash').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(width).toBeGreaterThanOrEqual(before + 46);
    await expect.poll(width).toBeLessThanOrEqual(before + 50);

    // When the file tab closes, the graph stays; when the graph closes too, the group goes
    await tabIn(page, 'side', FLOW).locator('.tab-close').click();
    await side.locator('.graph-slot [data-testid^="graph-node-"]').first().waitFor({ timeout: 30_000 });
    await side.getByTestId('graph-tab').locator('.tab-close').click();
    await side.waitFor({ state: 'detached' });
    expect(await tabIn(page, 'main', FLOW).count()).toBe(1);
  }, 90_000);

  it('goes to a definition in the group it is asked from', async () => {
    const { page } = studio;
    const RULES = 'rules/card_freeze.rules.yaml';

    // Given the flow split into the side group, with the cursor in the side group on a rules table's name
    await linesOf(page, 'main').click();
    await page.keyboard.press('Control+\\');
    await page.locator('[data-testid="editor-side"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await linesOf(page, 'side').click();
    await page.keyboard.press('Control+g');
    const reference = positionOf(await inChange(FLOW), 'decide: card_freeze', 10);
    await page.keyboard.type(`${reference.line}:${reference.column}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => cursor(page)).toBe(cursorText(reference));

    // When F12 is pressed
    await page.keyboard.press('F12');

    // Then the rules file opens in the side group, with the cursor on the table's id, and not in the main group
    await expect.poll(() => tabIn(page, 'side', RULES).getAttribute('aria-selected')).toBe('true');
    const rules = await inChange(RULES);
    await expect.poll(() => cursor(page)).toBe(cursorText(positionOf(rules, 'id: card_freeze', 4)));
    expect(await focusedGroup(page)).toBe('editor-group-side');
    expect(await tabIn(page, 'main', RULES).count()).toBe(0);
    expect(studio.pageProblems.filter((line) => line.startsWith('uncaught'))).toEqual([]);
  }, 90_000);
});
