/**
 * Live collaboration in Chromium against the real server: two designers (dana, and dora, added
 * as a second designer by the administrator) edit the same file of one change request at once;
 * each sees the other's text and named cursor within a second and the same Problems; one goes
 * offline, edits, comes back, and both converge, with both edits in the change request on disk;
 * a viewer (vic) sees the text live but cannot change a byte.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserTestsRunnable, DEMO_ACCOUNTS, keepScreenshot, type StudioSession } from './support/studioSession.ts';
import { changeFileContent, changeFilePath, gotoChange, openLiveFile, personPage, shownText, TALL_VIEWPORT, twoDesignersInAChange, waitForShown } from './support/changeRequests.ts';

const PATH = 'flows/thanks.flow.yaml';
describe.runIf(browserTestsRunnable('collaboration e2e'))('two designers editing one change request live', () => {
  let studio: StudioSession;
  let dana: Page;
  let dora: Page;
  let change: string;
  beforeAll(async () => {
    ({ studio, dana, dora, change } = await twoDesignersInAChange('Warmer goodbye'));
    await openLiveFile(dana, PATH);
    await openLiveFile(dora, PATH);
  }, 90_000);
  afterAll(async () => {
    await studio?.close();
  });

  /** Types `text` at the end (`Control+End`) or the start of the file in `page`'s editor. */
  async function typeAt(page: Page, where: 'start' | 'end', text: string): Promise<number> {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press(where === 'start' ? 'Control+Home' : 'Control+End');
    await page.keyboard.type(text);
    return Date.now();
  }

  it('shows each one the other’s text and named cursor within a second', async () => {
    // The title bar names the change and shows the other person.
    await dana.getByTestId('title-bar').getByTestId('avatar-dora').waitFor({ timeout: 5_000 });
    await dora.getByTestId('title-bar').getByTestId('avatar-dana').waitFor({ timeout: 5_000 });
    expect(await dana.getByTestId('title-bar').getByTestId('avatar-dora').getAttribute('aria-label')).toBe('dora');
    expect(await dana.getByTestId(`explorer-item-${PATH}`).getByTestId('avatar-dora').count()).toBe(1);

    const typedAt = await typeAt(dana, 'end', '# dana was here');
    await waitForShown(dora, '# dana was here', 5_000);
    const textAfter = Date.now() - typedAt;
    expect(textAfter, `dora saw dana's text after ${textAfter} ms`).toBeLessThan(1_000);

    // dana's cursor in dora's editor, labelled with her name in her colour.
    const head = dora.locator('[class*="yRemoteSelectionHead-"]').first();
    await head.waitFor({ timeout: 1_000 });
    const label = await head.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(label).toBe('"dana"');

    const back = await typeAt(dora, 'start', '# dora too\n');
    await waitForShown(dana, '# dora too', 5_000);
    expect(Date.now() - back).toBeLessThan(1_000);
    await dana.locator('[class*="yRemoteSelectionHead-"]').first().waitFor({ timeout: 1_000 });
    // Both draw the same text (each on its own next frame)
    await expect.poll(async () => (await shownText(dana)) === (await shownText(dora)), { timeout: 5_000 }).toBe(true);
    // A live file has no Save: what is typed is in the change.
    expect(await dana.getByTestId('save-file').count()).toBe(0);
    await keepScreenshot(dora, 'collaboration-remote-cursor');
  }, 60_000);

  it('shows the same problem to both when one of them types an error', async () => {
    await typeAt(dana, 'start', 'no_such_field: 1\n');
    for (const page of [dana, dora]) await page.locator('[data-testid="problem-row"]', { hasText: 'no_such_field' }).first().waitFor({ timeout: 5_000 });
    const rows = (page: Page) => page.locator('[data-testid="problem-row"]').allInnerTexts();
    expect(await rows(dora)).toEqual(await rows(dana));
    // The fix, by the other one.
    await dora.locator('.monaco-editor .view-lines').first().click();
    await dora.keyboard.press('Control+Home');
    await dora.keyboard.press('Shift+ArrowDown');
    await dora.keyboard.press('Delete');
    for (const page of [dana, dora]) await page.locator('[data-testid="problem-row"]', { hasText: 'no_such_field' }).first().waitFor({ state: 'detached', timeout: 5_000 });
  }, 60_000);

  it('merges edits made offline with the other’s, and both edits reach the change on disk', async () => {
    await dora.context().setOffline(true);
    await dora.locator('[data-testid="status-live"][data-state="offline"]').waitFor({ timeout: 5_000 });
    await typeAt(dora, 'end', '\n# written offline by dora');
    await dora.locator('[data-testid="status-live"][data-unsynced="true"]').waitFor({ timeout: 2_000 });
    await typeAt(dana, 'start', '# meanwhile dana\n');
    await dana.waitForTimeout(500);
    expect(await shownText(dana)).not.toContain('written offline by dora');

    await dora.context().setOffline(false);
    await dora.locator('[data-testid="status-live"][data-state="connected"][data-unsynced="false"]').waitFor({ timeout: 15_000 });
    await waitForShown(dana, '# written offline by dora', 10_000);
    await waitForShown(dora, '# meanwhile dana', 10_000);
    await expect.poll(async () => (await shownText(dana)) === (await shownText(dora)), { timeout: 5_000 }).toBe(true);

    // The change request's materialised file holds both (GET /api/changes/:id flushes it first).
    await expect
      .poll(async () => {
        await studio.serverFetch(`/api/changes/${change}`);
        return readFileSync(changeFilePath(studio, change, PATH), 'utf8');
      }, { timeout: 10_000 })
      .toMatch(/^# meanwhile dana\n# dora too\nkind: flow\n[\s\S]*# dana was here\n# written offline by dora$/);
    // Nothing reached the published workspace.
    expect(readFileSync(`${studio.workspace}/${PATH}`, 'utf8')).not.toContain('dana');
  }, 60_000);

  it('shows the published workspace read-only, starts a change request from the title bar, and joins an open one from the picker', async () => {
    // The published workspace: read-only with the reason, no Save
    await dana.goto(studio.url);
    await dana.locator('[data-testid="title-mode"][data-mode="published"]').waitFor({ timeout: 15_000 });
    await dana.getByTestId(`explorer-item-${PATH}`).click();
    await dana.locator('[data-testid="editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await dana.getByTestId('status-readonly').getAttribute('title')).toMatch(/published workspace.*change request/);
    expect(await dana.getByTestId('save-file').count()).toBe(0);
    const before = await shownText(dana);
    await typeAt(dana, 'start', 'typed into the published workspace');
    expect(await shownText(dana)).toBe(before);

    // Start a change request: a title, Enter, and the page is the new draft
    await dana.getByTestId('start-change').click();
    await dana.getByTestId('start-change-picker').locator('input').fill('Started from the title bar');
    await dana.keyboard.press('Enter');
    await dana.locator('[data-testid="title-mode"][data-mode="change"][data-state="draft"]').waitFor({ timeout: 15_000 });
    const started = await dana.getByTestId('title-mode').getAttribute('data-change');
    expect(started).toMatch(/^CR-\d+$/);
    expect(started).not.toBe(change);
    expect(new URL(dana.url()).searchParams.get('change')).toBe(started);
    expect(await dana.getByTestId('title-mode').textContent()).toContain('Started from the title bar');

    // The picker lists the open change requests; picking one goes there
    await dana.getByTestId('open-change').click();
    const picker = dana.getByTestId('change-picker');
    await picker.getByRole('option', { name: new RegExp(`${change} Warmer goodbye`) }).click();
    await dana.locator(`[data-testid="title-mode"][data-change="${change}"]`).waitFor({ timeout: 15_000 });
    await openLiveFile(dana, PATH);
  }, 60_000);

  it('lets a viewer watch the change live but not change a byte', async () => {
    const vic = await personPage(studio, DEMO_ACCOUNTS.viewer, studio.passwords.get(DEMO_ACCOUNTS.viewer)!);
    await vic.setViewportSize(TALL_VIEWPORT);
    await gotoChange(vic, studio, change);
    await openLiveFile(vic, PATH, { writable: false });
    expect(await vic.getByTestId('status-readonly').getAttribute('title')).toMatch(/viewer|role|edit/i);
    await expect.poll(() => shownText(vic), { timeout: 5_000 }).toBe(await shownText(dana));

    await studio.serverFetch(`/api/changes/${change}`);
    const before = await changeFileContent(studio, change, PATH);
    await typeAt(vic, 'start', 'vic was here');
    await vic.waitForTimeout(500);
    expect(await shownText(vic)).not.toContain('vic was here');
    await typeAt(dana, 'end', '\n# dana, watched');
    await waitForShown(vic, '# dana, watched', 5_000);
    await studio.serverFetch(`/api/changes/${change}`);
    const after = await changeFileContent(studio, change, PATH);
    expect(after).not.toContain('vic was here');
    expect(after).toBe(`${before}\n# dana, watched`);
  }, 60_000);
});
