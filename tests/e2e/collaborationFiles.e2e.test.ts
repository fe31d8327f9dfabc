/**
 * File operations and offline copies in a change request, in Chromium against the real server:
 * dana and dora (two designers, dora added by the administrator) in one change request.
 * (a) dana creates a file from the Explorer and dora's Explorer shows it within a second; dora
 *     renames it (F2) while dana types in it: dana's tab follows, nothing she typed is lost, the
 *     text has both people's edits; dana deletes it (the Delete key, a confirmation naming it) and
 *     it leaves dora's Explorer and her tab closes with a notice naming dana.
 * (b) dana's file connection is cut (the page's WebSocket to the file's room is closed and refused
 *     by a route, the rest of the page works), she types, reloads: her edit is still in the editor
 *     (IndexedDB), the copy reconnects naming its epoch, and once the connection is allowed again
 *     the change request's file holds the edit.
 * (c) A copy of a file deleted and created again while dana's page was closed is refused (4409):
 *     the page shows the new file, never a mix, and keeps the copy's text; Restore as a new file
 *     puts it beside the original; the stale copy is gone from the browser.
 * (d) dora types while dana submits the change request: dora's editor becomes read-only with the
 *     reason, nothing typed after the submit reaches the change, everything typed well before does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { browserTestsRunnable, keepScreenshot, openFile, signInThroughApi, type StudioSession } from './support/studioSession.ts';
import { changeFileContent, gotoChange, openLiveFile, shownText, TALL_VIEWPORT, twoDesignersInAChange, waitForShown } from './support/changeRequests.ts';

describe.runIf(browserTestsRunnable('collaboration files e2e'))('file operations and offline copies in a change request', () => {
  let studio: StudioSession;
  let dana: Page;
  let dora: Page;
  let change: string;
  beforeAll(async () => {
    ({ studio, dana, dora, change } = await twoDesignersInAChange('Notes for the team'));
  }, 90_000);
  afterAll(async () => {
    await studio?.close();
  });

  /** The change's content of `path` as the server holds it now (GET flushes the live documents first). */
  async function serverText(path: string): Promise<string | null> {
    await studio.serverFetch(`/api/changes/${change}`);
    return changeFileContent(studio, change, path);
  }

  it('creates, renames under someone typing, and deletes a file, and the other person’s Explorer follows', async () => {
    const created = 'flows/shared_notes.flow.yaml';
    const renamed = 'flows/team_notes.flow.yaml';
    for (const page of [dana, dora]) await page.locator('[data-testid="status-live"][data-state="connected"]').waitFor({ timeout: 15_000 });

    // dana: New File… from the flows folder's context menu; the picker starts in that folder.
    await dana.getByTestId('explorer-item-flows').click({ button: 'right' });
    await dana.getByTestId('explorer-menu-new-file').click();
    const picker = dana.getByTestId('new-file-picker');
    expect(await picker.locator('input').inputValue()).toBe('flows/');
    // A taken name is refused before anything is sent, saying why.
    await picker.locator('input').fill('flows/thanks.flow.yaml');
    await picker.getByRole('option', { name: `flows/thanks.flow.yaml already exists in ${change}.` }).waitFor();
    await picker.locator('input').fill('flows/../x.yaml');
    await picker.getByRole('option', { name: /cannot contain \. or \.\./ }).waitFor();
    await dana.keyboard.press('Enter'); // an inert line: nothing happens, the picker stays
    expect(await picker.isVisible()).toBe(true);
    await picker.locator('input').fill(created);
    await picker.getByRole('option', { name: `Create ${created}` }).waitFor();
    const enterAt = Date.now();
    await dana.keyboard.press('Enter');
    await dora.getByTestId(`explorer-item-${created}`).waitFor({ timeout: 5_000 });
    const seenAfter = Date.now() - enterAt;
    expect(seenAfter, `dora's Explorer showed the new file ${seenAfter} ms after dana pressed Enter`).toBeLessThan(1_000);
    // dana's new file opened, live, with a flow to start from.
    await dana.getByTestId(`tab-${created}`).waitFor({ timeout: 5_000 });
    await dana.locator('[data-testid="status-readonly"]').waitFor({ state: 'detached', timeout: 15_000 });
    await waitForShown(dana, 'id: shared_notes', 10_000);

    // dora opens it and adds a line; dana starts typing at the end of hers.
    await openLiveFile(dora, created);
    await dora.locator('.monaco-editor .view-lines').first().click();
    await dora.keyboard.press('Control+End');
    await dora.keyboard.type('\n# dora: remember the bank holiday hours');
    await waitForShown(dana, '# dora: remember the bank holiday hours', 5_000);
    await dana.locator('.monaco-editor .view-lines').first().click();
    await dana.keyboard.press('Control+End');
    await dana.keyboard.press('Enter');
    const tokens = Array.from({ length: 40 }, (_, i) => `d${i}`);
    let typing = true;
    const typed = (async () => {
      for (const token of tokens) {
        await dana.keyboard.type(`${token} `);
        await dana.waitForTimeout(25);
      }
      typing = false;
    })();

    // dora renames it from her Explorer with F2 while dana types.
    await dana.waitForTimeout(300);
    await dora.getByTestId(`explorer-item-${created}`).click();
    await dora.keyboard.press('F2');
    const rename = dora.getByTestId('rename-file-picker');
    const input = rename.locator('input');
    expect(await input.inputValue()).toBe(created);
    // The name is selected without its folder and suffix: typing replaces just that.
    await dora.keyboard.type('team_notes');
    expect(await input.inputValue()).toBe(renamed);
    await rename.getByRole('option', { name: `Rename ${created} to ${renamed}` }).waitFor();
    expect(typing, 'the rename lands while dana is still typing').toBe(true);
    await dora.keyboard.press('Enter');
    await typed;

    // dana's tab followed, with a notice naming dora; nothing she typed is lost, both edits are there.
    await dana.getByTestId(`tab-${renamed}`).waitFor({ timeout: 5_000 });
    expect(await dana.getByTestId(`tab-${created}`).count()).toBe(0);
    await dana.getByTestId('notice').filter({ hasText: `dora renamed ${created} to ${renamed}.` }).waitFor({ timeout: 5_000 });
    const line = tokens.map((t) => `${t} `).join('');
    await waitForShown(dana, line.trimEnd(), 5_000);
    await waitForShown(dora, line.trimEnd(), 5_000);
    await expect.poll(() => serverText(renamed), { timeout: 10_000 }).toContain(line);
    const onServer = (await serverText(renamed))!;
    expect(onServer).toContain('# dora: remember the bank holiday hours');
    expect(onServer).toMatch(/^kind: flow\nversion: 1\nid: shared_notes\n/);
    expect(await serverText(created)).toBeNull();
    await dora.getByTestId(`explorer-item-${renamed}`).waitFor();
    expect(await dora.getByTestId(`explorer-item-${created}`).count()).toBe(0);
    await keepScreenshot(dana, 'collaboration-files-renamed');

    // dana deletes it from her Explorer: the Delete key, a confirmation naming the file.
    await dana.getByTestId(`explorer-item-${renamed}`).click();
    await dana.keyboard.press('Delete');
    const confirm = dana.getByTestId('delete-file-picker');
    expect(await confirm.getAttribute('aria-label')).toBe(`Delete ${renamed} from ${change}?`);
    await confirm.getByRole('option', { name: `Delete ${renamed}` }).click();
    await dora.getByTestId(`explorer-item-${renamed}`).waitFor({ state: 'detached', timeout: 5_000 });
    await dora.getByTestId(`tab-${renamed}`).waitFor({ state: 'detached', timeout: 5_000 });
    await dora.getByTestId('notice').filter({ hasText: `dana deleted ${renamed} from ${change}; its tab was closed.` }).waitFor({ timeout: 5_000 });
    await dana.getByTestId(`tab-${renamed}`).waitFor({ state: 'detached', timeout: 5_000 });
    expect(await serverText(renamed)).toBeNull();
  }, 90_000);

  /**
   * A browser context of dana's own whose WebSockets to file documents go through a route the test
   * can cut (the open ones closed, new ones refused) and allow again; the page and the rest of the
   * live session work as ever.
   */
  async function cuttableContext(): Promise<{ context: BrowserContext; urls: string[]; cut(): Promise<void>; allow(): void; newPage(): Promise<Page> }> {
    const context = await studio.browser.newContext({ viewport: TALL_VIEWPORT });
    const sockets: WebSocketRoute[] = [];
    const urls: string[] = [];
    let allowed = true;
    await context.routeWebSocket(/\/api\/collab\/CR-\d+\/file\//, (ws) => {
      urls.push(ws.url());
      if (!allowed) return void ws.close({ code: 1011, reason: 'cut off by the test' });
      ws.connectToServer();
      sockets.push(ws);
    });
    return {
      context,
      urls,
      async cut() {
        allowed = false;
        for (const ws of sockets.splice(0)) await ws.close({ code: 1011, reason: 'cut off by the test' });
      },
      allow: () => void (allowed = true),
      async newPage() {
        const page = await context.newPage();
        await signInThroughApi(page, studio.url, 'dana', studio.passwords.get('dana')!);
        await gotoChange(page, studio, change);
        return page;
      },
    };
  }

  it('keeps edits made with the file’s connection cut across a reload, and sends them once it is back', async () => {
    const path = 'flows/greeting.flow.yaml';
    const { context, urls, cut, allow, newPage } = await cuttableContext();
    const page = await newPage();
    await openLiveFile(page, path);
    await waitForShown(page, 'kind: flow', 10_000);

    // Cut: the open socket closes and every new one is refused; the rest of the page still works.
    await cut();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('# typed with the connection cut\n');
    await page.locator('[data-testid="status-live"][data-unsynced="true"]').waitFor({ timeout: 5_000 });
    await page.waitForTimeout(500); // y-indexeddb writes each update as it comes
    expect(await serverText(path)).not.toContain('# typed with the connection cut');

    // Reload: the edit is still in the editor, from IndexedDB, with the connection still cut.
    await page.reload();
    await page.locator(`[data-testid="title-mode"][data-change="${change}"]`).waitFor({ timeout: 15_000 });
    await openFile(page, path);
    await waitForShown(page, '# typed with the connection cut', 10_000);
    // The copy remembers it holds edits the server has not received.
    await page.locator('[data-testid="status-live"][data-unsynced="true"]').waitFor({ timeout: 5_000 });
    expect(await serverText(path)).not.toContain('# typed with the connection cut');
    // The reloaded page's copy asked for its document naming the copy's epoch.
    await expect.poll(() => urls.filter((u) => /[?&]epoch=[0-9a-f]{32}$/.test(u)).length, { timeout: 5_000 }).toBeGreaterThan(0);

    // Back: the copy merges, and the change request's file holds the edit.
    allow();
    await expect.poll(() => serverText(path), { timeout: 20_000 }).toMatch(/^# typed with the connection cut\nkind: flow/);
    await page.locator('[data-testid="status-live"][data-unsynced="false"]').waitFor({ timeout: 10_000 });
    await context.close();
  }, 90_000);

  it('keeps a copy of a file deleted and created again meanwhile apart from the new file, and restores it as a new file', async () => {
    const path = 'flows/opening_hours.flow.yaml';
    const restored = 'flows/opening_hours-restored.flow.yaml';
    const { context, urls, cut, allow, newPage } = await cuttableContext();
    const first = await newPage();
    await openLiveFile(first, path);
    await cut();
    await first.locator('.monaco-editor .view-lines').first().click();
    await first.keyboard.press('Control+Home');
    await first.keyboard.type('# my note, typed offline\n');
    await first.locator('[data-testid="status-live"][data-unsynced="true"]').waitFor({ timeout: 5_000 });
    await first.waitForTimeout(500);
    await first.close();
    allow();

    // While that page is closed, the file is deleted from the change and created again: a new document.
    const json = (body: unknown) => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await studio.serverFetch(`/api/changes/${change}/files?path=${encodeURIComponent(path)}`, { method: 'DELETE' })).status).toBe(200);
    const fresh = 'kind: flow\nversion: 1\nid: opening_hours\ntitle: Opening hours, again\nstart: start\nnodes:\n  start:\n    say: "We are open 9 to 5."\n    end: resolved\n';
    expect((await studio.serverFetch(`/api/changes/${change}/files`, json({ path, content: fresh, create: true }))).status).toBe(200);

    // A new page opens the file: its copy names the old epoch, the server refuses it (4409), and the
    // page shows the new file, not a mix, and keeps the copy's text in a notice.
    const page = await newPage();
    const before = urls.length;
    await openFile(page, path);
    const notice = page.getByTestId('notice').filter({ hasText: 'was deleted and created again since this browser kept a copy of it' });
    await notice.waitFor({ timeout: 10_000 });
    expect(urls.slice(before)[0]).toMatch(/[?&]epoch=[0-9a-f]{32}$/);
    await waitForShown(page, 'Opening hours, again', 10_000);
    expect(await shownText(page)).not.toContain('# my note, typed offline');
    expect(await serverText(path)).toBe(fresh);

    // Restore as a new file: beside the original, with the copy's text, opened.
    await notice.getByRole('button', { name: 'Restore as a new file' }).click();
    await page.getByTestId(`tab-${restored}`).waitFor({ timeout: 10_000 });
    await expect.poll(() => serverText(restored), { timeout: 10_000 }).toMatch(/^# my note, typed offline\nkind: flow/);
    await page.getByTestId('notice').filter({ hasText: `Your copy of ${path} is restored as ${restored}.` }).waitFor({ timeout: 5_000 });
    // The stale copy is gone from this browser: another page opens the new file without a notice.
    await page.close();
    const again = await newPage();
    await openFile(again, path);
    await waitForShown(again, 'Opening hours, again', 10_000);
    await again.waitForTimeout(1_000);
    expect(await again.getByTestId('notice').filter({ hasText: 'deleted and created again' }).count()).toBe(0);
    await context.close();
  }, 90_000);

  it('makes a typist’s editor read-only when the change request is submitted, and only what came before reaches it', async () => {
    const path = 'flows/thanks.flow.yaml';
    const marker = '# dora typing: ';
    await openLiveFile(dora, path);
    await dora.locator('.monaco-editor .view-lines').first().click();
    await dora.keyboard.press('Control+End');
    await dora.keyboard.type(marker);
    await expect.poll(() => serverText(path), { timeout: 5_000 }).toContain(marker);
    // Every token with when its typing started and ended; typing goes on a while after the submit.
    const typed: { token: string; started: number; ended: number }[] = [];
    let stopAt = Infinity;
    const typing = (async () => {
      for (let i = 0; i < 500 && Date.now() < stopAt; i++) {
        const token = `t${i} `;
        const started = Date.now();
        await dora.keyboard.type(token);
        typed.push({ token, started, ended: Date.now() });
        await dora.waitForTimeout(20);
      }
    })();
    await dora.waitForTimeout(1_000);
    const submitAt = Date.now();
    const submitted = await studio.serverFetch(`/api/changes/${change}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'submit', asRole: 'designer' }),
    });
    const answeredAt = Date.now();
    expect(submitted.status).toBe(200);
    stopAt = answeredAt + 1_500;
    await typing;
    expect(typed.some((t) => t.started > answeredAt), 'dora went on typing after the submit').toBe(true);

    // Read-only, saying why.
    const readonly = dora.getByTestId('status-readonly');
    await readonly.waitFor({ timeout: 5_000 });
    expect(await readonly.getAttribute('title')).toMatch(/in review|takes no more edits/);
    // What the submit holds does not change afterwards.
    const atSubmit = (await serverText(path))!;
    await dora.waitForTimeout(1_000);
    expect(await serverText(path)).toBe(atSubmit);
    // What reached it of dora's typing is everything up to one keystroke, nothing missing, nothing after.
    const all = typed.map((t) => t.token).join('');
    const landed = atSubmit.slice(atSubmit.indexOf(marker) + marker.length);
    expect(all.startsWith(landed), `${JSON.stringify(landed)} is where dora's typing stopped reaching the change`).toBe(true);
    // Everything typed well before the submit (time to reach the server) is there…
    const before = typed.filter((t) => t.ended < submitAt - 300).map((t) => t.token).join('');
    expect(landed.length).toBeGreaterThanOrEqual(before.length);
    // …and nothing typed after the server answered it.
    const untilAnswer = typed.filter((t) => t.started <= answeredAt).map((t) => t.token).join('');
    expect(landed.length).toBeLessThanOrEqual(untilAnswer.length);
    expect(landed.length).toBeLessThan(all.length);
    // Typing now changes nothing in dora's editor.
    const shown = await shownText(dora);
    await dora.keyboard.type('still typing');
    await dora.waitForTimeout(300);
    expect(await shownText(dora)).toBe(shown);
    // Keystrokes her editor took before it learnt of the submit (shown, not in the change) are named
    // in a notice, and only once. (Compared without trailing spaces, which Monaco may draw as dots:
    // a refused keystroke that was only a space may show a notice this comparison cannot see.)
    const shownTail = shown.slice(shown.indexOf(marker) + marker.length).replaceAll('\u00b7', ' ');
    const refusedShown = shownTail.trimEnd().length > landed.trimEnd().length;
    const notTaken = dora.getByTestId('notice').filter({ hasText: `is not in ${change}` });
    if (refusedShown) {
      await notTaken.first().waitFor({ timeout: 5_000 });
      expect(await notTaken.textContent()).toContain(path);
    }
    await dora.waitForTimeout(300);
    expect(await notTaken.count()).toBeLessThanOrEqual(1);
  }, 90_000);
});
