/**
 * One studio under test: a copy of the example workspace, `colloquy serve` on a
 * free loopback port, and headless Chromium with a fresh profile. Each e2e file
 * opens its own session so files cannot disturb each other.
 *
 * Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM_PATH). Without it the
 * suites are skipped with a loud message, except under CI=true, where the
 * session fails to start and so every test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO = resolve(import.meta.dirname, '../../..');
/** Debian's Chromium, or $CHROMIUM_PATH. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const IN_CI = process.env['CI'] === 'true';

/** Where screenshots are kept as test artifacts (ignored by git). */
export const ARTIFACTS = join(REPO, 'test-results');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** True when the browser suites should run: Chromium is there, or CI demands it. */
export function browserTestsRunnable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  process.stderr.write(`\n!!! ${suite}: no Chromium at ${CHROMIUM}; the browser tests are ${IN_CI ? 'FAILING (CI=true)' : 'SKIPPED'} !!!\n\n`);
  return IN_CI;
}

export interface StudioSession {
  readonly url: string;
  /** The workspace copy the server reads and writes. */
  readonly workspace: string;
  readonly browser: Browser;
  readonly page: Page;
  /** Console warnings and errors and uncaught exceptions of the page, in order. */
  readonly pageProblems: string[];
  /** Everything the server printed, for failure messages. */
  serverOutput(): string;
  /** Stops the server (the page stays open), as when it crashes or the laptop sleeps. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same address. */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves `fixture` (default: the example workspace in flows/) and opens it in a new page.
 * `beforeLoad` runs on the page before it navigates: to watch or route its first requests.
 */
export async function openStudio(
  options: { fixture?: string; viewport?: { width: number; height: number }; beforeLoad?: (page: Page) => void | Promise<void> } = {},
): Promise<StudioSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const workspace = mkdtempSync(join(tmpdir(), 'colloquy-e2e-'));
  cpSync(options.fixture ?? join(REPO, 'flows'), workspace, { recursive: true });
  let { server, url, output } = await startServer(workspace, 0);
  const port = Number(new URL(url).port);
  // playwright's launch gives every browser a fresh temporary profile (--user-data-dir).
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    server.kill();
    throw error;
  }
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 850 } });
  const pageProblems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  await options.beforeLoad?.(page);
  await page.goto(url);
  return {
    pageProblems,
    url,
    workspace,
    browser,
    page,
    serverOutput: () => output(),
    async stopServer() {
      await stopProcess(server);
    },
    async restartServer() {
      ({ server, output } = await startServer(workspace, port));
    },
    async close() {
      await browser.close().catch(() => undefined);
      server.kill();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolveExit) => {
    child.once('exit', () => resolveExit());
    child.kill();
  });
}

async function startServer(workspace: string, port: number): Promise<{ server: ChildProcess; url: string; output: () => string }> {
  const server = spawn(process.execPath, [join(REPO, 'apps/cli/bin/colloquy.mjs'), 'serve', workspace, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  server.stderr!.on('data', (chunk: Buffer) => (out += String(chunk)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => (server.kill(), reject(new Error(`the server did not start in 30 s: ${out}`))), 30_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) (clearTimeout(timer), resolveUrl(match[0]));
    });
    server.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the server exited with ${code}: ${out}`))));
  });
  return { server, url, output: () => out };
}

/** Waits until the studio is connected and Monaco shows `path`, opened from the explorer. */
export async function openFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('status-connection').and(page.locator('[data-state="online"]')).waitFor();
  await page.getByTestId(`explorer-item-${path}`).click();
  await page.getByTestId(`tab-${path}`).waitFor();
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
}

/**
 * The lines the editor shows (only those in view: Monaco renders no others), with
 * Monaco's non-breaking spaces turned back into spaces so they compare with file text.
 */
export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.monaco-editor .view-lines').first().innerText()).replaceAll('\u00a0', ' ');
}

/**
 * Pastes `text` where the editor's cursor is, as the clipboard would. Far quicker than
 * `keyboard.insertText`, which Monaco's EditContext input takes as a long typing session.
 */
export async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Saves a screenshot under test-results/ (kept by CI as an artifact). */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
