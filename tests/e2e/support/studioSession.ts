/**
 * One studio under test: a copy of the example workspace, `colloquy serve
 * --demo` on a free loopback port (one account per role, their passwords read
 * from what it prints), and headless Chromium with a fresh profile, signed in
 * as dana, the designer, unless a test says otherwise. Each e2e file opens its
 * own session so files cannot disturb each other.
 *
 * Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM_PATH). Without it the
 * suites are skipped with a loud message, except under CI=true, where the
 * session fails to start and so every test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
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

/** The demo accounts `serve --demo` makes, by role. */
export const DEMO_ACCOUNTS = { designer: 'dana', ops_manager: 'omar', rai_lead: 'rita', viewer: 'vic', admin: 'ada' } as const;

export interface StudioSession {
  readonly url: string;
  /** The demo accounts' passwords, as the server printed them: account → password. */
  readonly passwords: ReadonlyMap<string, string>;
  /** The workspace copy the server reads and writes. */
  readonly workspace: string;
  readonly browser: Browser;
  readonly page: Page;
  /** Signs another page (a new context, say) in as `account` (default dana) before it opens the studio. */
  signIn(page: Page, account?: string): Promise<void>;
  /**
   * `fetch` from the test itself, signed in as `account` (default dana) in a session of its own,
   * with the CSRF token on state-changing requests: for checking the server beside the page.
   */
  serverFetch(path: string, init?: RequestInit, account?: string): Promise<Response>;
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
 * Serves `fixture` (default: the example workspace in flows/) and opens it in a new page, signed
 * in as `signInAs` (default dana, the designer; `null`: not signed in, the sign-in page shows).
 * `beforeLoad` runs on the page before it navigates: to watch or route its first requests.
 */
export async function openStudio(
  options: { fixture?: string; viewport?: { width: number; height: number }; beforeLoad?: (page: Page) => void | Promise<void>; signInAs?: string | null } = {},
): Promise<StudioSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const workspace = mkdtempSync(join(tmpdir(), 'colloquy-e2e-'));
  // Without a .colloquy/ a `pnpm start` may have left in flows/: the server makes fresh demo accounts.
  cpSync(options.fixture ?? join(REPO, 'flows'), workspace, { recursive: true, filter: (path) => basename(path) !== '.colloquy' });
  let { server, url, output } = await startServer(workspace, 0);
  const passwords = demoPasswords(output());
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
  const account = options.signInAs === undefined ? DEMO_ACCOUNTS.designer : options.signInAs;
  if (account !== null) await signInThroughApi(page, url, account, passwords.get(account) ?? '');
  await page.goto(url);
  const serverSessions = new Map<string, Promise<{ cookie: string; csrfToken: string }>>();
  const serverSession = (who: string) => {
    let session = serverSessions.get(who);
    if (!session) {
      session = signInFromNode(url, who, passwords.get(who) ?? '');
      serverSessions.set(who, session);
    }
    return session;
  };
  return {
    pageProblems,
    passwords,
    signIn: (other, who = DEMO_ACCOUNTS.designer) => signInThroughApi(other, url, who, passwords.get(who) ?? ''),
    async serverFetch(path, init = {}, who = DEMO_ACCOUNTS.designer) {
      const { cookie, csrfToken } = await serverSession(who);
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if ((init.method ?? 'GET') !== 'GET') headers.set('x-colloquy-csrf', csrfToken);
      return fetch(new URL(path, url), { ...init, headers });
    },
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
      // Gone before its folder is: a server still writing in it (.colloquy/) would make rmSync fail.
      await stopProcess(server);
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

/**
 * Signs `account` in through `POST /api/session` from the page's own request context, so the
 * session cookie lands in the browser (the sign-in page itself has its own tests).
 */
export async function signInThroughApi(page: Page, url: string, account: string, password: string): Promise<void> {
  const response = await page.request.post(new URL('api/session', url).href, { data: { account, password } });
  if (response.status() !== 200) throw new Error(`signing in as ${account} failed: ${response.status()} ${await response.text()}`);
}

/** A session for requests the test makes itself (Node's fetch keeps no cookies). */
async function signInFromNode(url: string, account: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(new URL('api/session', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password }) });
  if (response.status !== 200) throw new Error(`signing in as ${account} failed: ${response.status} ${await response.text()}`);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

/** The demo accounts `serve --demo` printed: account → password. */
export function demoPasswords(output: string): Map<string, string> {
  return new Map([...output.matchAll(/^ {2}(\w+) +[a-z_, ]+? +([a-z2-9]{5}(?:-[a-z2-9]{5}){3})$/gm)].map((m) => [m[1]!, m[2]!]));
}

async function startServer(workspace: string, port: number): Promise<{ server: ChildProcess; url: string; output: () => string }> {
  // --demo: one account per role on the first start (the copy has none); later starts keep them.
  const server = spawn(process.execPath, [join(REPO, 'apps/cli/bin/colloquy.mjs'), 'serve', workspace, '--port', String(port), '--demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  server.stderr!.on('data', (chunk: Buffer) => (out += String(chunk)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => (server.kill(), reject(new Error(`the server did not start in 30 s: ${out}`))), 30_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      // The whole start-up notice (the demo accounts come after the URL) has been printed at "Press Ctrl+C".
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match && /Press Ctrl\+C to stop/.test(out)) (clearTimeout(timer), resolveUrl(match[0]));
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
