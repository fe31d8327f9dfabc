/**
 * Signing in, in a real browser against `colloquy serve --demo`: the sign-in
 * page of a signed-out studio, a wrong password, who you are in the status
 * bar, signing out; a viewer in a change request: a read-only editor with its
 * reason, and the server refusing the write anyway when the page forces it; a
 * session that ends while the studio is open, with the edit kept through
 * signing in again and sent to the change request afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, DEMO_ACCOUNTS, editorText, keepScreenshot, openFile, openStudio, type StudioSession } from './support/studioSession.ts';
import { changeFileContent, createChange, gotoChange, openLiveFile } from './support/changeRequests.ts';

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
    // The published workspace is read-only; the designer may start a change request to edit it
    expect(await page.getByTestId('title-mode').getAttribute('data-mode')).toBe('published');
    expect(await page.getByTestId('save-file').count()).toBe(0);
    expect(await page.getByTestId('start-change').isDisabled()).toBe(false);
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
  let change: string;
  beforeAll(async () => {
    studio = await openStudio({ signInAs: DEMO_ACCOUNTS.viewer });
  }, 90_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('reads a change request live, but the editor is read-only with the reason, and Run simulation too', async () => {
    const { page } = studio;
    const path = 'flows/card_lost.flow.yaml';
    // A viewer may not start a change request, and says why
    await openFile(page, path);
    expect(await page.getByTestId('start-change').isDisabled()).toBe(true);
    expect(await page.getByTestId('start-change').getAttribute('title')).toMatch(/viewer/);
    // In dana's change request: read-only, with the reason in the status bar
    change = await createChange(studio, 'Card lost, watched by a viewer');
    await gotoChange(page, studio, change);
    await openLiveFile(page, path, { writable: false });
    expect(await page.getByTestId('status-account').textContent()).toBe('vic · viewer');
    expect(await page.getByTestId('status-readonly').getAttribute('title')).toBe(VIEWER_REFUSAL);
    expect(await page.getByTestId('save-file').count()).toBe(0);
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

  it('is refused by the server when the page forces a write into the change request (403, recorded), and the file stays as it was', async () => {
    const { page, workspace } = studio;
    const path = 'flows/card_lost.flow.yaml';
    const original = await changeFileContent(studio, change, path);
    const answer = await page.evaluate(
      async ({ file, id }) => {
        const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const response = await fetch(`/api/changes/${id}/files`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-colloquy-csrf': csrfToken },
          body: JSON.stringify({ path: file, content: 'kind: flow\nversion: 1\nid: hijacked\n' }),
        });
        return { status: response.status, body: (await response.json()) as { error: string } };
      },
      { file: path, id: change },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error).toContain('viewer');
    expect(await changeFileContent(studio, change, path)).toBe(original);
    const log = readFileSync(join(workspace, '.colloquy', 'audit', 'log.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(log.at(-1)!)).toMatchObject({ action: 'auth.denied', actor: { account: 'vic' }, details: { method: 'PUT', path: `/api/changes/${change}/files` } });
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

  it('asks to sign in again over the workbench, keeps the edit, and sends it to the change request afterwards', async () => {
    const { page } = studio;
    const path = 'flows/greeting.flow.yaml';
    const change = await createChange(studio, 'Greeting, across a sign-in');
    await gotoChange(page, studio, change);
    await openLiveFile(page, path);
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
    // The live connection is closed with the session (4401) and not retried while signed out
    await page.locator('[data-testid="status-live"]:not([data-state="connected"])').waitFor({ timeout: 10_000 });
    // Sign in again: the dialog goes, the edit is still there, and it reaches the change request
    await page.getByTestId('sign-in-password').fill(studio.passwords.get('dana')!);
    await page.getByTestId('sign-in-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('[data-testid="status-live"][data-state="connected"]').waitFor({ timeout: 10_000 });
    expect(await editorText(page)).toContain('# kept across sign-in');
    await expect.poll(async () => (await studio.serverFetch(`/api/changes/${change}`), await changeFileContent(studio, change, path)), { timeout: 10_000 }).toContain('# kept across sign-in');
  });
});
