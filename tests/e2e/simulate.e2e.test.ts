/**
 * Test & Simulate in a real browser against a real server, on a copy of the
 * example workspace, inside a change request: a Try-it conversation that
 * reaches a person, saved as a test in a new file of the change that
 * `colloquy test` then passes on the change's content; running the scripted
 * tests with results per test, a failing turn revealed in its file, and
 * coverage on the flow graph; and the graph following the YAML both ways,
 * keeping the last good graph while the YAML is broken.
 *
 * The tests run in order on one studio (each builds on what the one before
 * left: the saved test is part of the later run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, keepScreenshot, openStudio, REPO, type StudioSession } from './support/studioSession.ts';
import { changeFilePath, changeWorkspaceCopy, createChange, gotoChange, openLiveFile } from './support/changeRequests.ts';

const COMPLAINT_FLOW = 'flows/complaint.flow.yaml';
const BRANCH_FLOW = 'flows/branch_finder.flow.yaml';
const SENSITIVE_TESTS = 'tests/sensitive_topics.test.yaml';
const SAVED_TESTS = 'tests/try_it_complaint.test.yaml';
const SAVED_TEST_ID = 'complaint_reaches_customer_relations';

/** The 1-based line of the first line of `path` (in the workspace copy) that contains `text`. */
function lineOf(workspace: string, path: string, text: string): number {
  const index = readFileSync(join(workspace, path), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} is not in ${path}`);
  return index + 1;
}

/** `colloquy test --filter` on a workspace folder: the JSON report's summary (execFileSync throws on a non-zero exit). */
function colloquyTest(workspace: string, filter: string): { total: number; passed: number } {
  const report = execFileSync(process.execPath, [join(REPO, 'apps/cli/bin/colloquy.mjs'), 'test', workspace, '--filter', filter, '--format', 'json'], { encoding: 'utf8' });
  return (JSON.parse(report) as { summary: { total: number; passed: number } }).summary;
}

async function showView(page: Page, view: 'explorer' | 'simulate'): Promise<void> {
  const button = page.getByTestId(`activity-${view}`);
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
}

/** Opens a file from the explorer (live, in the change request), leaving the side bar on the explorer. */
async function open(page: Page, path: string): Promise<void> {
  await showView(page, 'explorer');
  await openLiveFile(page, path);
}

/** Opens the flow graph of the active flow file beside the editor. */
async function openGraph(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-graph').click();
  await page.locator(`[data-testid="graph-tab"][data-path="${path}"]`).waitFor();
  await page.locator('.graph-slot [data-testid^="graph-node-"]').first().waitFor({ timeout: 30_000 });
}

async function cursorLine(page: Page): Promise<number> {
  const text = (await page.getByTestId('status-cursor').textContent()) ?? '';
  return Number(/Ln (\d+)/.exec(text)?.[1] ?? NaN);
}

async function say(page: Page, text: string, turn: number): Promise<void> {
  await page.getByTestId('tryit-input').fill(text);
  await page.getByTestId('tryit-send').click();
  await page.locator(`[data-testid="tryit-message"][data-role="bot"][data-turn="${turn}"]`).first().waitFor();
}

describe.runIf(browserTestsRunnable('studio simulate e2e'))('Test & Simulate in the studio', () => {
  let studio: StudioSession;
  let change: string;
  /** `colloquy test` on the change request's content. */
  const testChange = async (filter: string) => {
    const copy = await changeWorkspaceCopy(studio, change);
    try {
      return colloquyTest(copy, filter);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  };
  beforeAll(async () => {
    studio = await openStudio();
    change = await createChange(studio, 'Complaints: tests from Try it');
    await gotoChange(studio.page, studio, change);
    await studio.page.getByTestId('status-connection').and(studio.page.locator('[data-state="online"]')).waitFor();
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('Try it: a complaint reaches the complaints queue, with the path and the handoff in the trace, and saves as a passing test', async () => {
    const { page, workspace } = studio;
    const tryIt = page.getByTestId('tryit-trace');

    // Given Try it open in Test & Simulate
    await showView(page, 'simulate');
    await page.getByTestId('simulate-tab-tryit').click();
    await page.locator('[data-testid="tryit-input"]:not([disabled])').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="tryit-message"][data-role="bot"][data-turn="0"]').waitFor();

    // When the customer complains
    await say(page, 'I want to make a complaint about how I have been treated', 1);
    // Then the trace shows the complaint flow's path to the question
    await expect.poll(() => tryIt.getByTestId('trace-recognised').textContent()).toContain('make_complaint');
    const path1 = (await tryIt.getByTestId('trace-path').textContent()) ?? '';
    expect(path1).toContain('complaint › acknowledge');
    expect(path1).toContain('complaint › ask_summary');
    expect(await tryIt.getByTestId('trace-now').textContent()).toContain('Waiting for an answer at complaint › ask_summary');

    // When they say what happened
    await say(page, 'I was charged an overdraft fee twice and nobody called me back', 2);
    // Then the complaint is logged and handed to the complaints queue: slot, action, path and handoff in the trace
    await expect.poll(() => tryIt.getByTestId('trace-handoff').textContent()).toContain('to complaints');
    const path2 = (await tryIt.getByTestId('trace-path').textContent()) ?? '';
    expect(path2).toContain('complaint › log_complaint');
    expect(path2).toContain('complaint › complaint_logged');
    expect(await tryIt.getByTestId('trace-actions').textContent()).toContain('complaints.log → logged');
    expect(await tryIt.getByTestId('trace-slots').textContent()).toContain('complaint_summary');
    expect(await tryIt.getByTestId('trace-now').textContent()).toContain('Handed over to a person');

    // And the bottom panel's Trace tab shows the same turn
    await page.getByTestId('panel-tab-trace').click();
    const panel = page.getByTestId('panel-trace');
    await expect.poll(() => panel.getByTestId('trace-handoff').textContent()).toContain('to complaints');
    expect(await panel.getByTestId('trace-path').textContent()).toContain('complaint › complaint_logged');
    await keepScreenshot(page, 'studio-try-it-handoff');

    // And the trace's turn picker names the turn on show
    expect(await tryIt.getByLabel('Turn to show').inputValue()).toBe('2');

    // When the conversation is saved as a test: the dialog proposes a new file for the complaint flow
    await page.getByTestId('tryit-save-test').click();
    const dialog = page.locator('dialog[open]');
    expect(await dialog.getByLabel('Test file').inputValue()).toBe('');
    expect(await dialog.getByLabel('New file path').inputValue()).toBe('tests/complaint.test.yaml');
    // (saved under another name here)
    await dialog.getByLabel('New file path').fill(SAVED_TESTS);
    await page.getByTestId('tryit-save-id').fill(SAVED_TEST_ID);
    await page.getByTestId('tryit-save-confirm').click();
    // Then it opens as an unsaved buffer (the dialog checked it passes first)
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId(`tab-${SAVED_TESTS}`).waitFor();
    await expect.poll(() => page.getByTestId(`tab-${SAVED_TESTS}`).getAttribute('class')).toContain('dirty');
    expect(existsSync(join(workspace, SAVED_TESTS))).toBe(false);

    // When it is saved with Ctrl+S
    await page.locator('[data-testid="editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+s');
    // Then the file is created in the change request (not in the published workspace) and the tab is clean
    const savedPath = changeFilePath(studio, change, SAVED_TESTS);
    await expect.poll(() => existsSync(savedPath), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId(`tab-${SAVED_TESTS}`).getAttribute('class')).not.toContain('dirty');
    expect(existsSync(join(workspace, SAVED_TESTS))).toBe(false);
    const saved = readFileSync(savedPath, 'utf8');
    expect(saved).toContain(`id: ${SAVED_TEST_ID}`);
    expect(saved).toContain('handoff: complaints');
    // And from now on it is a live file of the change: no Save, saved as it is typed
    await page.locator('[data-testid="status-live"][data-state="connected"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('status-readonly').waitFor({ state: 'detached', timeout: 10_000 });

    // And the studio finds no problem in it
    expect(await page.locator('.problem-file', { hasText: SAVED_TESTS }).count()).toBe(0);

    // And `colloquy test` runs it on the change's content and it passes
    expect(await testChange(SAVED_TEST_ID)).toMatchObject({ total: 1, passed: 1 });

    // When the same conversation is also appended to an existing test file
    await showView(page, 'simulate');
    await page.getByTestId('tryit-save-test').click();
    await dialog.getByLabel('Test file').selectOption(SENSITIVE_TESTS);
    await page.getByTestId('tryit-save-id').fill('complaint_tried_again');
    await page.getByTestId('tryit-save-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    // Then the file opens with it, goes into the change request's live document as it is, after the
    // tests already there (nothing to save), and the published file is untouched
    await page.getByTestId(`tab-${SENSITIVE_TESTS}`).waitFor();
    const before = readFileSync(join(workspace, SENSITIVE_TESTS), 'utf8');
    const inChange = () => (existsSync(changeFilePath(studio, change, SENSITIVE_TESTS)) ? readFileSync(changeFilePath(studio, change, SENSITIVE_TESTS), 'utf8') : '');
    await expect.poll(async () => (await studio.serverFetch(`/api/changes/${change}`), inChange()), { timeout: 10_000 }).toContain('- id: complaint_tried_again');
    expect(inChange().startsWith(before)).toBe(true);
    expect(inChange().split('- id: complaint_tried_again').length).toBe(2);
    expect(readFileSync(join(workspace, SENSITIVE_TESTS), 'utf8')).toBe(before);
    await expect.poll(() => page.getByTestId(`tab-${SENSITIVE_TESTS}`).getAttribute('class')).not.toContain('dirty');
    expect(await testChange('sensitive_topics/complaint_tried_again')).toMatchObject({ total: 1, passed: 1 });
  }, 90_000);

  it('Tests: runs every test with a progress bar, shows results per test and coverage on the flow graph', async () => {
    const { page } = studio;

    // Given the branch finder flow and its graph open
    await open(page, BRANCH_FLOW);
    await openGraph(page, BRANCH_FLOW);
    const graph = page.locator('.graph-slot');
    expect(await graph.getByTestId('graph-coverage').count()).toBe(0);

    // When every test runs from Test & Simulate (recording the progress bar as it changes)
    await showView(page, 'simulate');
    await page.getByTestId('simulate-tab-tests').click();
    await page.evaluate(() => {
      const seen: { now: string | null; max: string | null; role: string | null }[] = [];
      (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
      const record = () => {
        const bar = document.querySelector('[data-testid="tests-progress"]');
        if (bar) seen.push({ now: bar.getAttribute('aria-valuenow'), max: bar.getAttribute('aria-valuemax'), role: bar.getAttribute('role') });
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.getByTestId('tests-run').click();

    // Then a progress bar showed while it ran, and the summary counts every test
    await expect.poll(() => page.getByTestId('tests-summary').textContent(), { timeout: 30_000 }).toMatch(/^\d+ passed$/);
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: { now: string | null; max: string | null; role: string | null }[] }).progressSeen);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.role === 'progressbar' && p.now !== null && Number(p.now) <= Number(p.max))).toBe(true);
    expect(await page.getByTestId('tests-progress').count()).toBe(0);

    // And each test has its result, the saved Try-it test among them
    await expect.poll(() => page.getByTestId('test-result-sensitive_topics/complaint_is_logged_and_handed_over').getAttribute('data-status')).toBe('passed');
    expect(await page.getByTestId(`test-result-try_it_complaint/${SAVED_TEST_ID}`).getAttribute('data-status')).toBe('passed');
    expect(await page.getByTestId('coverage-branch_finder').textContent()).toContain('4/5');

    // And the graph marks what the tests reached and what they never reached
    await graph.getByTestId('graph-coverage').waitFor();
    expect(await graph.getByTestId('graph-coverage').textContent()).toContain('Tests reached 4 of 5 nodes');
    expect(await graph.getByTestId('graph-node-ask_location').getAttribute('class')).toContain('cq-node--covered');
    expect(await graph.getByTestId('graph-node-to_general').getAttribute('class')).toContain('cq-node--uncovered');
    expect(await graph.locator('[data-edge-id="ask_location->to_general (on_fail)"]').getAttribute('class')).toContain('cq-edge--uncovered');
    expect(await graph.locator('[data-edge-id="ask_location->find_branches (next)"]').getAttribute('class')).toContain('cq-edge--covered');
    await keepScreenshot(page, 'studio-test-run-coverage');
  }, 90_000);

  it('Tests: "Run All Tests" from the command palette shows Test & Simulate and runs them', async () => {
    const { page } = studio;
    // Given the explorer in the side bar, and the progress bar watched from now on
    await showView(page, 'explorer');
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { runProgress: string[] }).runProgress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="tests-progress"]');
        if (bar) seen.push(bar.getAttribute('aria-valuenow') ?? '');
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    // When the command runs from the palette
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('run all tests');
    await expect.poll(() => page.getByTestId('command-palette').getByRole('option').first().textContent()).toBe('Test: Run All Tests');
    await page.keyboard.press('Enter');
    // Then Test & Simulate shows its Tests section, a run went by, and every test passed
    await page.getByTestId('simulate-view').waitFor();
    await expect.poll(() => page.getByTestId('simulate-tab-tests').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => (window as unknown as { runProgress: string[] }).runProgress.length), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('tests-progress').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('tests-summary').textContent()).toMatch(/^\d+ passed$/);
  }, 90_000);

  it('Tests: a failing test shows its failing turn, which reveals the turn in the test file', async () => {
    const { page, workspace } = studio;
    const failingTurnLine = lineOf(workspace, SENSITIVE_TESTS, 'the woman on the phone was so rude');

    // Given a test edited (live, in the change request) to expect something the assistant does not do
    await open(page, SENSITIVE_TESTS);
    await page.locator('.monaco-editor .view-lines').click();
    // Find searches from the cursor: start at the top, so the first match is the rude staff test's
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+f');
    // (typing selects the first match after the cursor; Enter would go on to the next)
    await page.keyboard.type('intent: make_complaint, node: ask_summary }');
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(', not_bot: "what happened"');
    await expect.poll(async () => (await studio.serverFetch(`/api/changes/${change}`), readFileSync(changeFilePath(studio, change, SENSITIVE_TESTS), 'utf8')), { timeout: 10_000 }).toContain('not_bot: "what happened"');
    expect(await cursorLine(page)).toBe(failingTurnLine + 1);

    // When the tests run again
    await showView(page, 'simulate');
    await page.getByTestId('tests-run').click();
    await expect.poll(() => page.getByTestId('tests-summary').textContent(), { timeout: 30_000 }).toMatch(/^\d+ passed, 1 failed$/);

    // Then that test failed, the others still pass
    const failing = page.getByTestId('test-result-sensitive_topics/rude_staff_complaint');
    expect(await failing.getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('test-result-sensitive_topics/complaint_is_logged_and_handed_over').getAttribute('data-status')).toBe('passed');

    // When its failure is expanded
    await failing.getByRole('button', { name: /Show why rude_staff_complaint failed/ }).click();
    // Then it names the failing turn and what the customer said, and the expectation that did not hold
    const turn = failing.getByRole('button', { name: 'Turn 1' });
    await turn.waitFor();
    expect(await failing.textContent()).toContain('the woman on the phone was so rude');
    expect(await failing.locator('table').textContent()).toContain('not_bot');

    // When the turn is clicked, the test file shows with the cursor on that turn
    await turn.click();
    await expect.poll(() => cursorLine(page)).toBe(failingTurnLine);
    expect(await page.getByTestId(`tab-${SENSITIVE_TESTS}`).getAttribute('aria-selected')).toBe('true');
    await keepScreenshot(page, 'studio-test-run-failure');
  }, 90_000);

  it('the graph and the YAML follow each other, and broken YAML keeps the last good graph', async () => {
    const { page, workspace } = studio;
    const logLine = lineOf(workspace, COMPLAINT_FLOW, '  log_complaint:');
    const askLine = lineOf(workspace, COMPLAINT_FLOW, '  ask_summary:');

    // Given the complaint flow and its graph
    await open(page, COMPLAINT_FLOW);
    await openGraph(page, COMPLAINT_FLOW);
    const graph = page.locator('.graph-slot');

    // When a node is clicked in the graph
    await graph.getByTestId('graph-node-log_complaint').click();
    // Then the YAML cursor moves to it, and the graph highlights it
    await expect.poll(() => cursorLine(page)).toBe(logLine);
    await expect.poll(() => graph.getByTestId('graph-node-log_complaint').getAttribute('aria-current')).toBe('location');

    // When the cursor moves up into the previous node's YAML
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await cursorLine(page)).toBeGreaterThan(askLine);
    // Then the graph highlights that node instead
    await expect.poll(() => graph.getByTestId('graph-node-ask_summary').getAttribute('aria-current')).toBe('location');
    expect(await graph.getByTestId('graph-node-log_complaint').getAttribute('aria-current')).toBeNull();

    // When the YAML is broken (a nested mapping on one line, at the end of the file)
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('broken: nested: mapping');
    // Then the graph says it shows the last valid version, and still shows every node
    await expect.poll(() => graph.getByTestId('graph-notice').textContent(), { timeout: 10_000 }).toContain('Showing the last valid version');
    for (const node of ['acknowledge', 'ask_summary', 'log_complaint', 'complaint_logged', 'to_complaints_team']) {
      expect(await graph.getByTestId(`graph-node-${node}`).count()).toBe(1);
    }
    await keepScreenshot(page, 'studio-graph-last-valid');

    // When the line is removed again, the notice goes away
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(() => graph.getByTestId('graph-notice').textContent(), { timeout: 10_000 }).toBe('');
  }, 90_000);
});
