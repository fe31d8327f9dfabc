/**
 * Editing in the studio, in a real browser against a real server, inside a
 * change request (the published workspace is read-only): open a flow from the
 * explorer, type an error and see it in Problems, fix it, and find the edit in
 * the change request's file on disk with nothing to save, the published file
 * untouched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, keepScreenshot, openStudio, type StudioSession } from './support/studioSession.ts';
import { changeFilePath, createChange, gotoChange, openLiveFile } from './support/changeRequests.ts';

describe.runIf(browserTestsRunnable('studio editing e2e'))('editing a flow in the studio', () => {
  let studio: StudioSession;
  let change: string;
  beforeAll(async () => {
    studio = await openStudio();
    change = await createChange(studio, 'Card lost: reviewed in the studio');
    await gotoChange(studio.page, studio, change);
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('shows a typed error in Problems within a second, clears it when fixed, and keeps the edit in the change request as it is typed', async () => {
    const { page, workspace } = studio;
    const path = 'flows/card_lost.flow.yaml';
    const published = () => readFileSync(join(workspace, path), 'utf8');
    const original = published();
    // The change's own file, written by the server from the live document (GET /api/changes/:id flushes it first).
    const inChange = async () => {
      await studio.serverFetch(`/api/changes/${change}`);
      return readFileSync(changeFilePath(studio, change, path), 'utf8');
    };

    // Given the flow opened from the explorer in the change request
    await openLiveFile(page, path);
    const problemsFor = (text: string) => page.locator('[data-testid="problem-row"]', { hasText: text });

    // When an unknown top-level field is typed at the start of the file
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('no_such_field: 1');
    await page.keyboard.press('Enter');
    const typedAt = Date.now();

    // Then Problems lists it within a second, and the edit is already in the change (nothing to save)
    await problemsFor('no_such_field').first().waitFor({ timeout: 5_000 });
    const shownAfterMs = Date.now() - typedAt;
    expect(shownAfterMs, `the problem appeared after ${shownAfterMs} ms`).toBeLessThan(1_000);
    expect(await page.getByTestId(`tab-${path}`).getAttribute('class')).not.toContain('dirty');
    expect(await page.getByTestId('save-file').count()).toBe(0);
    await expect.poll(inChange, { timeout: 10_000 }).toContain('no_such_field: 1');
    await keepScreenshot(page, 'studio-workbench-with-problem');

    // And its code links to the code's explanation in the documentation the server serves
    const codeLink = problemsFor('no_such_field').first().getByTestId('problem-code');
    const code = (await codeLink.textContent())!.trim();
    const href = (await codeLink.getAttribute('href'))!;
    expect(href).toBe(`/docs/reference/diagnostics.md#${code.toLowerCase()}`);
    const docsPage = await page.request.get(new URL(href, studio.url).href);
    expect(docsPage.status()).toBe(200);
    expect(await docsPage.text()).toContain(`id="${code.toLowerCase()}"`);

    // When the line is removed again (the fix)
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Delete');

    // Then the problem goes away
    await problemsFor('no_such_field').first().waitFor({ state: 'detached', timeout: 5_000 });

    // When a harmless, real edit is typed, and Ctrl+S pressed out of habit
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# reviewed in the studio');
    await page.keyboard.press('Control+s');

    // Then the studio says edits are saved as they are typed, the change's file has exactly that
    // edit (and not the removed error), and the published file is untouched
    await page.getByTestId('notice').filter({ hasText: 'saved as you type' }).waitFor({ timeout: 5_000 });
    await expect.poll(inChange, { timeout: 10_000 }).toBe(`${original}# reviewed in the studio`);
    expect(published()).toBe(original);
    await keepScreenshot(page, 'studio-workbench');
  }, 90_000);

  it('completes keys and explains them from the file kind\'s schema', async () => {
    const { page } = studio;
    await openLiveFile(page, 'flows/thanks.flow.yaml');
    await page.locator('.monaco-editor .view-lines').click();
    // When completion is asked for on a new top-level line
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('sl');
    await page.keyboard.press('Control+Space');
    // Then the schema's `slots` key is offered
    const suggestions = page.locator('.monaco-editor .suggest-widget .monaco-list-row');
    await suggestions.filter({ hasText: 'slots' }).first().waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
      await keepScreenshot(page, 'failed-completion');
      throw new Error(`${String(error)}\npage: ${studio.pageProblems.join('\n')}`);
    });
    await page.keyboard.press('Escape');
    // When the pointer rests on the `title` key, its schema description shows
    await page.locator('.monaco-editor .view-line', { hasText: /^title:/ }).locator('span', { hasText: 'title' }).first().hover();
    await page.locator('.monaco-editor .monaco-hover').filter({ hasText: /\w{4,}/ }).first().waitFor({ timeout: 15_000 });
    // And the editor's workers all started (no main-thread fallback)
    expect(studio.pageProblems.filter((line) => /worker/i.test(line))).toEqual([]);
  }, 60_000);
});
