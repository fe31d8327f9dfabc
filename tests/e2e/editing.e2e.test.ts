/**
 * Editing in the studio, in a real browser against a real server: open a flow
 * from the explorer, type an error and see it in Problems, fix it, save, and
 * find the file on disk changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, keepScreenshot, openFile, openStudio, type StudioSession } from './support/studioSession.ts';

describe.runIf(browserTestsRunnable('studio editing e2e'))('editing a flow in the studio', () => {
  let studio: StudioSession;
  beforeAll(async () => {
    studio = await openStudio();
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('shows a typed error in Problems within a second, clears it when fixed, and saves the file', async () => {
    const { page, workspace } = studio;
    const path = 'flows/card_lost.flow.yaml';
    const onDisk = () => readFileSync(join(workspace, path), 'utf8');
    const original = onDisk();

    // Given the flow opened from the explorer
    await openFile(page, path);
    const problemsFor = (text: string) => page.locator('[data-testid="problem-row"]', { hasText: text });

    // When an unknown top-level field is typed at the start of the file
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('no_such_field: 1');
    await page.keyboard.press('Enter');
    const typedAt = Date.now();

    // Then Problems lists it within a second and the tab shows it unsaved
    await problemsFor('no_such_field').first().waitFor({ timeout: 5_000 });
    const shownAfterMs = Date.now() - typedAt;
    expect(shownAfterMs, `the problem appeared after ${shownAfterMs} ms`).toBeLessThan(1_000);
    await expect.poll(() => page.getByTestId(`tab-${path}`).getAttribute('class')).toContain('dirty');
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

    // When a harmless, real edit is typed and saved with Ctrl+S
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# reviewed in the studio');
    await page.keyboard.press('Control+s');

    // Then the file on disk has exactly that edit and the tab is clean
    await expect.poll(onDisk, { timeout: 10_000 }).toContain('# reviewed in the studio');
    expect(onDisk()).not.toContain('no_such_field');
    expect(onDisk().startsWith(original.slice(0, 200))).toBe(true);
    await expect.poll(() => page.getByTestId(`tab-${path}`).getAttribute('class')).not.toContain('dirty');
    await keepScreenshot(page, 'studio-workbench');
  }, 90_000);

  it('completes keys and explains them from the file kind\'s schema', async () => {
    const { page } = studio;
    await openFile(page, 'flows/thanks.flow.yaml');
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
