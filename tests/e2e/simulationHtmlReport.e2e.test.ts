/**
 * The HTML simulation report as a reviewer opens it: `colloquy simulate
 * --format html --baseline` writes the page (the CLI's hostile fixture, whose
 * fallback reply and scripted test hold markup and remote URLs, against the
 * mini workspace), and headless Chromium opens it from disk with no server.
 * The charts and tables render with the page's own stylesheet and script (the
 * Content Security Policy lets exactly those run: a wrong hash would show as a
 * console error and unstyled bars), the workspace's markup is text, and the
 * page makes no request and logs nothing. It also reads with JavaScript off,
 * in the dark theme.
 *
 * No studio here, but this is where the repository's browser tests live.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, CHROMIUM, CHROMIUM_ARGS, keepScreenshot, REPO } from './support/studioSession.ts';

const FIXTURES = join(REPO, 'apps/cli/test/fixtures');
const FALLBACK = `Sorry </style><script>alert("fallback")</script><img src="https://evil.example/pixel.png"> & I didn't get that.`;
const UTTERANCE = `I lost my card <iframe src="https://evil.example/frame"></iframe> & it's \\u202egone`;

/** What a page did besides rendering: every request, console message, uncaught error and dialog. */
interface PageActivity {
  readonly requests: string[];
  readonly console: string[];
  readonly dialogs: string[];
}

async function openReport(context: BrowserContext, url: string): Promise<{ page: Page; activity: PageActivity }> {
  const page = await context.newPage();
  const activity: PageActivity = { requests: [], console: [], dialogs: [] };
  page.on('request', (request) => activity.requests.push(request.url()));
  page.on('console', (message) => activity.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => activity.console.push(`uncaught: ${error.message}`));
  page.on('dialog', (dialog) => (activity.dialogs.push(dialog.message()), void dialog.dismiss()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, activity };
}

describe.runIf(browserTestsRunnable('HTML report e2e'))('the HTML simulation report in Chromium', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'colloquy-html-e2e-'));
  const reportFile = join(scratch, 'report.html');
  const url = pathToFileURL(reportFile).href;
  let browser: Browser;

  beforeAll(async () => {
    // Given the report of the hostile workspace against the mini one, written by the real command
    const run = spawnSync(
      process.execPath,
      [join(REPO, 'apps/cli/bin/colloquy.mjs'), 'simulate', join(FIXTURES, 'hostile'), '--baseline', join(FIXTURES, 'mini')]
        .concat(['--seed', 'html', '--generators', 'noise,wording,sensitive,blank', '--format', 'html', '--output', reportFile]),
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    // (exit 1: the fixture's hostile test fails on purpose)
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toBe('');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('renders the charts, tables and conversations with its own style and script, requesting nothing and logging nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'light' });
    try {
      // When the page is opened from disk
      const { page, activity } = await openReport(context, url);

      // Then the pass-rate charts are drawn, styled by the page's stylesheet (light theme colours), each with its table
      const charts = page.locator('#pass-rates svg.bars');
      expect(await charts.count()).toBeGreaterThanOrEqual(3);
      const bar = charts.first().locator('rect.bar-pass').first();
      expect((await bar.boundingBox())!.width).toBeGreaterThan(0);
      expect(await bar.evaluate((rect) => getComputedStyle(rect).fill)).toBe('rgb(26, 127, 55)');
      for (const chart of await page.locator('#pass-rates figure.chart').all()) {
        const bars = await chart.locator('svg.bars > g').count();
        expect(bars).toBeGreaterThan(0);
        expect(await chart.locator('table tbody tr').count()).toBe(bars);
      }
      expect(await page.locator('.card').first().evaluate((card) => getComputedStyle(card).borderRadius)).toBe('6px');
      // And the other sections have their tables: the diff naming its baseline, the confusion matrix, robustness, coverage
      await expect(page.locator('#diff').textContent()).resolves.toContain(join(FIXTURES, 'mini'));
      for (const table of ['#confusions table.matrix', '#robustness table', '#coverage table']) {
        expect(await page.locator(`${table} tbody tr`).count(), table).toBeGreaterThan(0);
        expect((await page.locator(table).first().boundingBox())?.height, table).toBeGreaterThan(0);
      }

      // And the workspace's markup is shown as the text it is, and made no element and ran nothing
      const said = await page.locator('#failing .said').allTextContents();
      expect(said).toContain(FALLBACK);
      expect(await page.locator('#failing .utterance').allTextContents()).toContain(UTTERANCE);
      expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(1);
      expect(await page.evaluate(() => document.querySelectorAll('img, iframe, b, link, object, embed').length)).toBe(0);

      // And the page's own script runs: printing opens every disclosure, and closes them after
      const closed = await page.locator('details:not([open])').count();
      expect(closed).toBeGreaterThan(0);
      await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
      expect(await page.locator('details:not([open])').count()).toBe(0);
      await page.evaluate(() => dispatchEvent(new Event('afterprint')));
      expect(await page.locator('details:not([open])').count()).toBe(closed);

      await keepScreenshot(page, 'simulation-html-report');
      // And nothing was fetched but the page itself, nothing logged, no dialog opened
      expect(activity.requests).toEqual([url]);
      expect(activity.console).toEqual([]);
      expect(activity.dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads with JavaScript off, in the dark theme', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'dark' });
    try {
      const { page, activity } = await openReport(context, url);
      const bar = page.locator('#pass-rates svg.bars rect.bar-pass').first();
      expect((await bar.boundingBox())!.width).toBeGreaterThan(0);
      expect(await bar.evaluate((rect) => getComputedStyle(rect).fill)).toBe('rgb(63, 185, 80)');
      expect(await page.locator('#failing .said').allTextContents()).toContain(FALLBACK);
      expect(activity.requests).toEqual([url]);
      expect(activity.console).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
