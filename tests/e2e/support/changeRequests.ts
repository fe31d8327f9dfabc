/**
 * Editing happens inside a change request: helpers that open one through the
 * API (as dana unless told), show it in a page (`/?change=CR-n`), open a file
 * there once its live document is bound and writable, and add accounts
 * (as ada, the administrator) for tests that need two people in one role.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS, openFile, openStudio, signInThroughApi, type StudioSession } from './studioSession.ts';

/** Opens a change request as `account` (default dana) and returns its id (`CR-1`…). */
export async function createChange(studio: StudioSession, title = 'Edited in an e2e test', account: string = DEMO_ACCOUNTS.designer): Promise<string> {
  const response = await studio.serverFetch('/api/changes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) }, account);
  if (response.status !== 201) throw new Error(`opening a change request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Shows change request `id` in `page` and waits until it is loaded and its title bar names it. */
export async function gotoChange(page: Page, studio: StudioSession, id: string): Promise<void> {
  await page.goto(new URL(`?change=${id}`, studio.url).href);
  await page.locator(`[data-testid="title-mode"][data-change="${id}"]`).waitFor({ timeout: 15_000 });
}

/**
 * Opens `path` from the explorer in a change request and waits until its live document is bound:
 * the live connection is up and the editor takes typing (no read-only reason in the status bar).
 */
export async function openLiveFile(page: Page, path: string, options: { writable?: boolean } = {}): Promise<void> {
  await openFile(page, path);
  await page.locator('[data-testid="status-live"][data-state="connected"]').waitFor({ timeout: 15_000 });
  if (options.writable ?? true) await page.getByTestId('status-readonly').waitFor({ state: 'detached', timeout: 15_000 });
  else await page.getByTestId('status-readonly').waitFor({ timeout: 15_000 });
}

/** A change request's content of `path` as the server reads it (the materialised text, flushed). */
export async function changeFileContent(studio: StudioSession, id: string, path: string): Promise<string | null> {
  const response = await studio.serverFetch(`/api/changes/${id}/files?path=${encodeURIComponent(path)}`);
  if (response.status !== 200) throw new Error(`reading ${path} in ${id} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { content: string | null }).content;
}

/** Where the change request keeps its own version of `path` on disk. */
export function changeFilePath(studio: StudioSession, id: string, path: string): string {
  return join(studio.workspace, '.colloquy', 'changes', id, 'files', path);
}

/** Adds an account (as ada, the administrator) and returns its password. */
export async function addAccount(studio: StudioSession, account: string, roles: readonly string[]): Promise<string> {
  const password = `e2e-${randomBytes(12).toString('hex')}`;
  const response = await studio.serverFetch('/api/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, roles, password }) }, DEMO_ACCOUNTS.admin);
  if (response.status !== 201) throw new Error(`adding ${account} failed: ${response.status} ${await response.text()}`);
  return password;
}

/** A new browser context signed in as `account` with `password` (for a second person). */
export async function personPage(studio: StudioSession, account: string, password: string): Promise<Page> {
  const context = await studio.browser.newContext({ viewport: { width: 1400, height: 850 } });
  const page = await context.newPage();
  await signInThroughApi(page, studio.url, account, password);
  return page;
}

/** Two designers, dana and dora, each in their own browser context, both in a new change request titled `title`. */
export interface TwoDesigners {
  readonly studio: StudioSession;
  readonly dana: Page;
  readonly dora: Page;
  readonly change: string;
}

/** Tall enough for the example flows the collaboration tests type in (shownText reads only lines in view). */
export const TALL_VIEWPORT = { width: 1400, height: 1200 };

/** Starts the studio with dana signed in, adds dora (a second designer) in a second context, and opens a new change request in both. */
export async function twoDesignersInAChange(title: string): Promise<TwoDesigners> {
  const studio = await openStudio({ viewport: TALL_VIEWPORT });
  const dana = studio.page;
  const password = await addAccount(studio, 'dora', ['designer']);
  const dora = await personPage(studio, 'dora', password);
  await dora.setViewportSize(TALL_VIEWPORT);
  const change = await createChange(studio, title);
  await gotoChange(dana, studio, change);
  await gotoChange(dora, studio, change);
  return { studio, dana, dora, change };
}

/**
 * The text the editor shows, line by line in the order they are drawn on screen (Monaco reuses
 * line elements, so their order in the DOM is not the text's after a line is inserted above
 * others), with Monaco's non-breaking spaces turned back into spaces. Only lines in view are
 * drawn: use a viewport tall enough for the file.
 */
export function shownText(page: Page): Promise<string> {
  return page.evaluate(showingText);
}

/** Waits until the editor of `page` shows `text` somewhere. */
export async function waitForShown(page: Page, text: string, timeout = 5_000): Promise<void> {
  await page.waitForFunction(`(${showingText.toString()})().includes(${JSON.stringify(text)})`, undefined, { timeout });
}

function showingText(): string {
  const container = document.querySelector('.monaco-editor .view-lines');
  const lines = container ? Array.from(container.querySelectorAll<HTMLElement>(':scope > .view-line')) : [];
  return lines
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((line) => (line.textContent ?? '').replaceAll('\u00a0', ' '))
    .join('\n');
}

/**
 * A folder holding the workspace as change request `id` sees it (the published files with the
 * change's own copied over them; flushed first), for running the CLI on the change's content.
 * The caller removes it.
 */
export async function changeWorkspaceCopy(studio: StudioSession, id: string): Promise<string> {
  await studio.serverFetch(`/api/changes/${id}`);
  const copy = mkdtempSync(join(tmpdir(), 'colloquy-e2e-change-'));
  cpSync(studio.workspace, copy, { recursive: true, filter: (path) => basename(path) !== '.colloquy' });
  const own = join(studio.workspace, '.colloquy', 'changes', id, 'files');
  if (existsSync(own)) cpSync(own, copy, { recursive: true });
  return copy;
}
