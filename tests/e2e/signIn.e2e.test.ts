/**
 * Signing in, in a real browser against `colloquy serve --demo`: the sign-in
 * page of a signed-out studio, a wrong password, who you are in the status
 * bar, signing out; a viewer's disabled Save with its reason, and the server
 * refusing the save anyway when the page forces it; a session that ends while
 * the studio is open, with the unsaved edit kept through signing in again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, DEMO_ACCOUNTS, editorText, keepScreenshot, openFile, openStudio, type StudioSession } from './support/studioSession.ts';

const VIEWER_REFUSAL = 'Your role (viewer) may not change files; that needs the designer role.';

describe.runIf(browserTestsRunnable('studio sign-in e2e'))('signing in to the studio', () => {
  let studio: StudioSession;
  beforeAll(async () => {
    studio = await openStudio({ signInAs: null });
  }, 90_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('shows the sign-in page when nobody is signed in, and nothing of the workspace', async () => {
    const { page } = studio;
    await page.getByTestId('sign-in-page').waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in to Colloquy' }).isVisible()).toBe(true);
    expect(await page.getByTestId('explorer-item-agent.yaml').count()).toBe(0);
    // The page's own requests for the workspace are refused too
    const status = await page.evaluate(async () => (await fetch('/api/files')).status);
    expect(status).toBe(401);
    await keepScreenshot(page, 'studio-sign-in-page');
  });

  it('says so when the password is wrong, and keeps the account name', async () => {
    const { page } = studio;
    await page.getByTestId('sign-in-account').fill('omar');
    await page.getByTestId('sign-in-password').fill('not omar’s password');
    await page.getByTestId('sign-in-submit').click();
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Wrong account name or password.');
    expect(await page.getByTestId('sign-in-account').inputValue()).toBe('omar');
    expect(await page.getByTestId('sign-in-password').inputValue()).toBe('');
    expect(await page.getByTestId('sign-in-page').isVisible()).toBe(true);
  });

  it('signs in with the right password: the workbench opens and the status bar says who and in which roles', async () => {
    const { page } = studio;
    await page.getByTestId('sign-in-account').fill(DEMO_ACCOUNTS.designer);
    await page.getByTestId('sign-in-password').fill(studio.passwords.get(DEMO_ACCOUNTS.designer)!);
    await page.getByTestId('sign-in-submit').click();
    await openFile(page, 'flows/card_lost.flow.yaml');
    const account = page.getByTestId('status-account');
    expect(await account.textContent()).toBe('dana · designer');
    expect(await account.getAttribute('title')).toBe('Signed in as dana, in the role designer');
    // The designer may save: the button is there, waiting for an edit
    expect(await page.getByTestId('save-file').getAttribute('title')).toBe('No unsaved changes');
  });

  it('signs out back to the sign-in page, and the old session is gone on the server', async () => {
    const { page } = studio;
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-page').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);
  });
});

describe.runIf(browserTestsRunnable('studio viewer e2e'))('a viewer in the studio', () => {
  let studio: StudioSession;
  beforeAll(async () => {
    studio = await openStudio({ signInAs: DEMO_ACCOUNTS.viewer });
  }, 90_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('reads files, but Save is disabled with the reason, the editor is read-only, and Run simulation too', async () => {
    const { page } = studio;
    const path = 'flows/card_lost.flow.yaml';
    await openFile(page, path);
    expect(await page.getByTestId('status-account').textContent()).toBe('vic · viewer');
    const save = page.getByTestId('save-file');
    expect(await save.isDisabled()).toBe(true);
    expect(await save.getAttribute('title')).toBe(VIEWER_REFUSAL);
    // Typing changes nothing: the editor says why
    const before = await editorText(page);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('typed by a viewer');
    expect(await editorText(page)).toBe(before);
    await page.locator('.monaco-editor-overlaymessage').filter({ hasText: 'may not change files' }).first().waitFor({ timeout: 5_000 });
    // Ctrl+S says why too, and nothing is sent
    await page.keyboard.press('Control+s');
    expect(await page.getByTestId(`tab-${path}`).getAttribute('class')).not.toContain('dirty');
    await keepScreenshot(page, 'studio-viewer-save-disabled');
    // Running simulations is not a viewer's either
    await page.getByTestId('activity-simulate').click();
    await page.getByTestId('simulate-tab-simulate').click();
    const run = page.getByTestId('simulation-run');
    await run.waitFor({ timeout: 30_000 });
    expect(await run.isDisabled()).toBe(true);
    expect(await run.getAttribute('title')).toBe('Your role (viewer) may not run simulations; that needs one of the roles designer, ops_manager, rai_lead.');
  });

  it('is refused by the server when the page forces a save (403, recorded), and the file stays as it was', async () => {
    const { page, workspace } = studio;
    const path = 'flows/card_lost.flow.yaml';
    const original = readFileSync(join(workspace, path), 'utf8');
    const answer = await page.evaluate(async (file) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const response = await fetch('/api/file', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-colloquy-csrf': csrfToken },
        body: JSON.stringify({ path: file, content: 'kind: flow\nversion: 1\nid: hijacked\n' }),
      });
      return { status: response.status, body: (await response.json()) as { error: string } };
    }, path);
    expect(answer).toEqual({ status: 403, body: { error: VIEWER_REFUSAL } });
    expect(readFileSync(join(workspace, path), 'utf8')).toBe(original);
    const log = readFileSync(join(workspace, '.colloquy', 'audit', 'log.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(log.at(-1)!)).toMatchObject({ action: 'auth.denied', actor: { account: 'vic' }, details: { method: 'PUT', path: '/api/file', reason: 'role', permission: 'change.edit' } });
  });
});

describe.runIf(browserTestsRunnable('studio session end e2e'))('a session that ends while the studio is open', () => {
  let studio: StudioSession;
  beforeAll(async () => {
    studio = await openStudio();
  }, 90_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('asks to sign in again over the workbench, keeps the unsaved edit, and saves it afterwards', async () => {
    const { page, workspace } = studio;
    const path = 'flows/greeting.flow.yaml';
    await openFile(page, path);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# kept across sign-in');
    // The session ends on the server (as when it expires): the open socket is closed for it
    const ended = await page.evaluate(async () => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      return (await fetch('/api/session', { method: 'DELETE', headers: { 'x-colloquy-csrf': csrfToken } })).status;
    });
    expect(ended).toBe(204);
    const dialog = page.getByTestId('sign-in-dialog');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('sign-in-account').inputValue()).toBe('dana');
    expect(await editorText(page)).toContain('# kept across sign-in');
    // Sign in again: the dialog goes, the edit is still there, and saving works
    await page.getByTestId('sign-in-password').fill(studio.passwords.get('dana')!);
    await page.getByTestId('sign-in-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('[data-testid="status-connection"][data-state="online"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('save-file').click();
    await expect.poll(() => readFileSync(join(workspace, path), 'utf8'), { timeout: 10_000 }).toContain('# kept across sign-in');
  });
});
