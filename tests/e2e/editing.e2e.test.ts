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
});
