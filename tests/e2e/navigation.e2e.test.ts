/**
 * Navigating ids in the studio, in a real browser against a real server (issue 3,
 * "Language features for ids" and "Quick open"): go to definition across files,
 * find references, rename a node or an intent everywhere (and what rename
 * refuses), the Outline view, quick open over symbols and the palette. What the
 * editor shows is checked against the language functions themselves
 * (apps/studio/src/features/language), run here on the files as the change request the
 * tests edit in holds them when each test starts.
 *
 * Each test opens the files it needs and closes what it opens (peek, notices,
 * side-bar view), so it does not depend on where the previous one left the UI.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { applyEdits, createSymbolIndex, referencesAt, renameAt, type TextPosition } from '../../apps/studio/src/features/language/index.ts';
import { browserTestsRunnable, keepScreenshot, openStudio, type StudioSession } from './support/studioSession.ts';
import { changeFilePath, changeWorkspaceCopy, createChange, gotoChange, openLiveFile } from './support/changeRequests.ts';

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

/** Every YAML file of the workspace (what the studio indexes), by workspace path. */
function readWorkspace(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) files.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return files;
}

describe.runIf(browserTestsRunnable('studio navigation e2e'))('navigating ids in the studio', () => {
  let studio: StudioSession;
  let change: string;
  /** A file as the change request holds it on disk: its own version, else the published one (flush first for live edits). */
  const onDisk = (path: string) => readFileSync(existsSync(changeFilePath(studio, change, path)) ? changeFilePath(studio, change, path) : join(studio.workspace, path), 'utf8');
  /** Writes the change request's live edits to disk. */
  const flush = () => studio.serverFetch(`/api/changes/${change}`);
  /** Every YAML file as the change request sees it. */
  const changeView = async () => {
    const copy = await changeWorkspaceCopy(studio, change);
    try {
      return readWorkspace(copy);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  };
  const tab = (path: string) => studio.page.getByTestId(`tab-${path}`);
  const cursor = () => studio.page.getByTestId('status-cursor').textContent();
  const cursorText = (p: TextPosition) => `Ln ${p.line}, Col ${p.column}`;
  const notices = () => studio.page.getByTestId('notice');
  const activeTab = async (path: string) => {
    await expect.poll(() => tab(path).getAttribute('aria-selected')).toBe('true');
  };

  /** Opens `path` from the explorer as a kept (not preview) tab, so opening another file does not replace it. */
  async function open(page: Page, path: string): Promise<void> {
    const explorer = page.getByTestId('activity-explorer');
    if ((await explorer.getAttribute('aria-pressed')) !== 'true') await explorer.click();
    await openLiveFile(page, path);
    await page.getByTestId(`explorer-item-${path}`).dblclick();
    await activeTab(path);
  }

  /** Puts the editor's cursor at `p` with Monaco's Go to Line (Ctrl+G accepts `line:column`). */
  async function placeCursor(page: Page, p: TextPosition): Promise<void> {
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+g');
    await page.keyboard.type(`${p.line}:${p.column}`);
    await page.keyboard.press('Enter');
    await expect.poll(cursor).toBe(cursorText(p));
  }

  /** F2, then `name` typed into Monaco's rename box once it has the focus, then Enter. */
  async function renameTo(page: Page, name: string): Promise<void> {
    await page.keyboard.press('F2');
    const input = page.locator('.rename-box input');
    await input.waitFor();
    // The box appears before it takes the focus: typing earlier would go to the editor.
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Control+a');
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  async function dismissNotices(page: Page): Promise<void> {
    const close = page.getByTestId('notice').getByRole('button', { name: 'Dismiss' });
    while ((await close.count()) > 0) await close.first().click();
  }

  beforeAll(async () => {
    studio = await openStudio();
    change = await createChange(studio, 'Card lost: names');
    await gotoChange(studio.page, studio, change);
  }, 60_000);
  // Whatever a test does, the page logs no error or warning and throws nothing.
  afterEach(() => {
    expect(studio.pageProblems.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await studio?.close();
  });

  it('goes to the definition of a rules table and of a handoff queue in other files (F12 and the palette)', async () => {
    const { page } = studio;
    const flow = onDisk(FLOW);

    // Given the flow open, with the cursor on the table it decides with
    await open(page, FLOW);
    await placeCursor(page, positionOf(flow, 'decide: card_freeze', 10));

    // When F12 is pressed
    await page.keyboard.press('F12');

    // Then the rules file opens in a tab with the cursor on the table's id
    await activeTab(RULES);
    await expect.poll(cursor).toBe(cursorText(positionOf(onDisk(RULES), 'id: card_freeze', 4)));

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
    await expect.poll(cursor).toBe(cursorText(positionOf(onDisk(AGENT), '  cards:', 2)));
    await keepScreenshot(page, 'studio-go-to-definition');
  });

  it('goes to the definition of an intent, a node, a slot and an action, from tests and from messages (F12)', async () => {
    const { page } = studio;
    const cases: { what: string; from: string; at: [needle: string, plus: number]; to: string; lands: [needle: string, plus: number] }[] = [
      { what: 'an intent a test expects', from: FLOW_TEST, at: ['intent: report_lost_card', 8], to: FLOW, lands: ['  report_lost_card:', 2] },
      { what: 'a node a test expects', from: FLOW_TEST, at: ['node: ask_consent', 6], to: FLOW, lands: ['  ask_consent:', 2] },
      { what: 'a slot a test expects', from: FLOW_TEST, at: ['slots: { card_last4', 9], to: FLOW, lands: ['  card_last4:', 2] },
      { what: 'an action a node runs', from: FLOW, at: ['action: cards.freeze', 8], to: AGENT, lands: ['  cards.freeze:', 2] },
      { what: 'a slot in a `{placeholder}`', from: FLOW, at: ['{card_last4}', 1], to: FLOW, lands: ['  card_last4:', 2] },
    ];
    for (const c of cases) {
      // Given the cursor on the use
      await open(page, c.from);
      await placeCursor(page, positionOf(onDisk(c.from), ...c.at));

      // When F12 is pressed
      await page.keyboard.press('F12');

      // Then the declaring file is active with the cursor on the name
      await activeTab(c.to);
      await expect.poll(cursor, { message: c.what }).toBe(cursorText(positionOf(onDisk(c.to), ...c.lands)));
    }
  });

  it('finds the references of a queue in every flow and test (Shift+F12)', async () => {
    const { page } = studio;
    const agent = onDisk(AGENT);
    const at = positionOf(agent, '  cards:', 2);
    // What the language functions say, on the same files
    const expected = referencesAt(createSymbolIndex(await changeView()), AGENT, at, { includeDeclaration: true });
    const perFile = new Map<string, number>();
    for (const l of expected) perFile.set(l.path, (perFile.get(l.path) ?? 0) + 1);
    expect([...perFile.keys()]).toEqual(expect.arrayContaining([AGENT, FLOW, 'flows/card_not_arrived.flow.yaml', FLOW_TEST]));

    // Given agent.yaml with the cursor on queue `cards`
    await open(page, AGENT);
    await placeCursor(page, at);

    // When Shift+F12 is pressed
    await page.keyboard.press('Shift+F12');

    // Then the references peek counts them all, and lists each file with how many it has
    const peek = page.locator('.reference-zone-widget');
    await peek.waitFor();
    await expect.poll(() => peek.locator('.peekview-title .meta').textContent()).toBe(`References (${expected.length})`);
    const fileRows = peek.locator('.ref-tree .reference-file');
    await expect.poll(() => fileRows.count()).toBe(perFile.size);
    const listed = new Map<string, number>();
    for (const row of await fileRows.all()) {
      const name = (await row.locator('.label-name').textContent())!;
      listed.set(name, Number(await row.locator('.monaco-count-badge').textContent()));
    }
    expect(listed).toEqual(new Map([...perFile].map(([path, count]) => [path.slice(path.lastIndexOf('/') + 1), count])));
    await keepScreenshot(page, 'studio-find-references');

    // And Escape closes the peek
    await page.keyboard.press('Escape');
    await peek.waitFor({ state: 'detached' });
  });

  it('refuses a rename, and says why: at the cursor off a name, in a notice for a name the flow already has', async () => {
    const { page } = studio;
    const flow = onDisk(FLOW);
    await open(page, FLOW);

    // When F2 is pressed on `kind`, which is no name
    await placeCursor(page, { line: 1, column: 2 });
    await page.keyboard.press('F2');

    // Then Monaco's message at the cursor says what can be renamed, and no rename box opens
    const message = page.locator('.monaco-editor-overlaymessage');
    await expect.poll(() => message.textContent()).toContain('there is no name here to rename; place the cursor on a node, intent, slot');
    expect(await page.locator('.rename-box input').isVisible()).toBe(false);

    // When F2 renames ask_consent to no_consent, another node of the flow
    await placeCursor(page, positionOf(flow, '  ask_consent:', 2));
    await renameTo(page, 'no_consent');

    // Then a warning notice says the name is taken, and nothing was changed
    const notice = notices().last();
    await expect.poll(() => notice.textContent()).toContain('Cannot rename to `no_consent`: there is already a node `no_consent` in flow `card_lost`');
    expect(await notice.getAttribute('class')).toContain('warning');
    expect(await tab(FLOW).getAttribute('class')).not.toContain('dirty');
    await keepScreenshot(page, 'studio-rename-refused');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notices().count()).toBe(0);
  });

  it('renames a node in the flow and in the tests that expect it, into the change request’s live documents, and the files validate as before', async () => {
    const { page } = studio;
    const before = await changeView();
    const at = positionOf(before.get(FLOW)!, '  ask_last4:', 2);
    const problems = () => page.getByTestId('status-problems').getAttribute('aria-label');
    // What the language functions say the rename changes: the flow, its tests, and a test of another suite that visits the node
    const rename = renameAt(createSymbolIndex(before), FLOW, at, 'ask_card_digits');
    if (!rename.ok) throw new Error(rename.message);
    const expected = applyEdits(before, rename.edits);
    const touched = [...expected.keys()].sort();
    expect(touched).toEqual([FLOW, FLOW_TEST, 'tests/sensitive_topics.test.yaml']);

    // Given the cursor on the node's key
    await open(page, FLOW);
    const problemsBefore = await problems();
    await placeCursor(page, at);

    // When F2 renames it
    await renameTo(page, 'ask_card_digits');

    // Then every file is renamed in the change request at once: the rename edits each file's model,
    // which is bound to its live document (saved as it is typed), so nothing is left to save
    for (const path of touched) await expect.poll(async () => (await flush(), onDisk(path)), { timeout: 10_000 }).toBe(expected.get(path));
    expect(await page.locator('.explorer .dirty-dot').count()).toBe(0);
    const notice = notices().last();
    await expect.poll(() => notice.textContent()).toContain(`Renamed node \`ask_last4\` to \`ask_card_digits\` in ${rename.edits.length} places in 3 files.`);
    await keepScreenshot(page, 'studio-rename');

    // And validation finds nothing new
    expect(onDisk(FLOW)).not.toContain('ask_last4');
    await expect.poll(problems).toBe(problemsBefore);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notices().count()).toBe(0);
  });

  it('renames an intent from a test, in the flow and every test, and undoes the rename in every file at once', async () => {
    const { page } = studio;
    const before = await changeView();
    const at = positionOf(before.get(FLOW_TEST)!, 'intent: report_lost_card', 8);
    const rename = renameAt(createSymbolIndex(before), FLOW_TEST, at, 'lost_or_stolen_card');
    if (!rename.ok) throw new Error(rename.message);
    const expected = applyEdits(before, rename.edits);
    const touched = [...expected.keys()].sort();
    expect(touched).toEqual(expect.arrayContaining([FLOW, FLOW_TEST, 'tests/general.test.yaml']));

    // Given the cursor on a use of the intent in a test file
    await open(page, FLOW_TEST);
    await placeCursor(page, at);

    // When F2 renames it
    await renameTo(page, 'lost_or_stolen_card');

    // Then every file that names it is changed in the change request (and only those)
    for (const path of touched) await expect.poll(async () => (await flush(), onDisk(path)), { timeout: 10_000 }).toBe(expected.get(path));
    const view = await changeView();
    for (const [path, text] of view) if (!touched.includes(path)) expect(text, path).toBe(before.get(path));
    const notice = notices().last();
    await expect.poll(() => notice.textContent()).toContain(`Renamed intent \`report_lost_card\` to \`lost_or_stolen_card\` in ${rename.edits.length} places in ${touched.length} files.`);

    // When the notice's Undo rename is used
    await notice.getByRole('button', { name: 'Undo rename' }).click();

    // Then every file is back as it was in the change, with nothing to save
    await expect.poll(() => page.locator('.explorer .dirty-dot').count()).toBe(0);
    for (const path of touched) await expect.poll(async () => (await flush(), onDisk(path)), { timeout: 10_000 }).toBe(before.get(path));
    await expect.poll(() => notices().count()).toBe(0);
    // And the editor shows the old name again
    await expect.poll(() => page.locator('.monaco-editor .view-lines').first().innerText()).toContain('report_lost_card');
  });

  it('shows the outline of the active file, reveals an entry on click or Enter, and follows the active tab', async () => {
    const { page } = studio;
    const flow = onDisk(FLOW);
    await open(page, AGENT);
    await open(page, FLOW);

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

    // (back to the explorer, as the other tests expect to find it)
    await page.getByTestId('activity-explorer').click();
  });

  it('opens a symbol from quick open: # for the workspace, @ for the active file', async () => {
    const { page } = studio;
    const quickOpen = page.getByTestId('quick-open');
    const first = quickOpen.getByRole('option').first();
    await open(page, FLOW);

    // When `#card_freeze` is typed in quick open
    await page.keyboard.press('Control+p');
    await quickOpen.waitFor();
    await page.keyboard.type('#card_freeze');
    await expect.poll(() => first.textContent()).toContain('rules table');
    await keepScreenshot(page, 'studio-quick-open-symbol');
    await page.keyboard.press('Enter');

    // Then the table opens with the cursor on its id
    await quickOpen.waitFor({ state: 'detached' });
    await activeTab(RULES);
    await expect.poll(cursor).toBe(cursorText(positionOf(onDisk(RULES), 'id: card_freeze', 4)));

    // When Go to Symbol in File (Ctrl+Shift+O) looks for a node of the flow
    await tab(FLOW).click();
    await page.keyboard.press('Control+Shift+O');
    await quickOpen.waitFor();
    expect(await quickOpen.locator('input').inputValue()).toBe('@');
    // (opened right after the last one closed: the last one's closing must not close this one)
    await page.waitForTimeout(300);
    expect(await quickOpen.count()).toBe(1);
    await page.keyboard.type('to_cards_urgent');
    await expect.poll(() => first.textContent()).toContain('to_cards_urgent');
    await page.keyboard.press('Enter');

    // Then the cursor is on that node
    await quickOpen.waitFor({ state: 'detached' });
    await expect.poll(cursor).toBe(cursorText(positionOf(onDisk(FLOW), '  to_cards_urgent:', 2)));

    // When Go to Symbol in Workspace (Ctrl+Alt+O) opens quick open, Escape closes it
    await page.keyboard.press('Control+Alt+O');
    await quickOpen.waitFor();
    expect(await quickOpen.locator('input').inputValue()).toBe('#');
    await page.keyboard.press('Escape');
    await quickOpen.waitFor({ state: 'detached' });
  });

  it('lists every navigation command in the palette with its shortcut', async () => {
    const { page } = studio;
    await open(page, FLOW);
    const palette = page.getByTestId('command-palette');
    const commands: [title: string, shortcut: string][] = [
      ['Go to Definition', 'F12'],
      ['Find References', 'Shift+F12'],
      ['Rename Symbol', 'F2'],
      ['Go to File…', 'Ctrl+P'],
      ['Go to Symbol in File…', 'Ctrl+Shift+O'],
      ['Go to Symbol in Workspace…', 'Ctrl+Alt+O'],
      ['View: Show Outline', ''],
    ];
    await page.keyboard.press('Control+Shift+P');
    await palette.waitFor();
    const input = palette.locator('input');
    for (const [title, shortcut] of commands) {
      await input.fill(title);
      await expect.poll(() => palette.getByRole('option').first().textContent(), { message: title }).toBe(`${title}${shortcut}`);
    }

    // And running one from there works: Show Outline shows the Outline view
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await page.getByTestId('outline').waitFor();
    await page.getByTestId('activity-explorer').click();
    await dismissNotices(page);
  });
});
