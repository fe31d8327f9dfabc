/// <reference lib="dom" />
/**
 * `pnpm bench:studio`: the studio's production build in headless Chromium
 * against `colloquy serve` on loopback. Reported, not asserted (the machines
 * are shared and noisy): prints the figures and writes bench-results/studio.json.
 *
 * - JavaScript (gzip) fetched before the first paint, and before the editor is
 *   interactive: every script the page and its workers loaded, gzipped here at
 *   the default level, so the figure does not depend on the server compressing.
 * - Time to editor ready: navigation start → the frame in which Monaco first
 *   draws a file (the page's `colloquy:editor-shown` mark), median of several
 *   first visits (fresh contexts, empty caches; the browser's very first page
 *   among them), and again with the browser's cache warm.
 * - Keystroke to diagnostics on a 2,000-line flow: keydown → the status bar's
 *   problem counts changed, alternating an edit that adds problems and one that
 *   removes them (median and p95).
 * - Graph re-layout for a 200-node flow: the layout step alone (a performance
 *   measure the graph records) and keystroke → graph redrawn (including the
 *   graph's own pause after typing).
 *
 * dana (a demo account) signs in; the typing happens inside a change request
 * (the published workspace is read-only), so the figures include live editing.
 *
 * Targets (issue 3): < 1 MB gzip before first paint, editor ready < 1.5 s,
 * diagnostics < 100 ms p95, graph < 100 ms.
 */
import { cpus } from 'node:os';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, CSRF_HEADER } from '../../apps/server/src/index.ts';
import { generateFlowText } from '../../apps/studio/src/features/graph/bench/generateFlow.ts';
import { buildStudio } from '../build-studio.ts';
import { round, summarise } from './measure.ts';
import { CHROMIUM, CHROMIUM_ARGS, pasteIntoEditor } from '../../tests/e2e/support/studioSession.ts';

const REPO = resolve(import.meta.dirname, '../..');
const KEYSTROKES = 40;
/** First visits measured for editor ready (each in a fresh context: an empty cache). */
const COLD_VISITS = 7;
const GRAPH_EDITS = 12;
const BIG_FLOW = 'flows/bench_big.flow.yaml';
const GRAPH_FLOW = 'flows/bench_graph.flow.yaml';

await buildStudio({ log: (line) => console.log(line) });

// A copy of the example workspace plus a 2,000-line flow and a 200-node flow.
const workspace = mkdtempSync(join(tmpdir(), 'colloquy-bench-studio-'));
cpSync(join(REPO, 'flows'), workspace, { recursive: true });
let bigNodes = 200;
let bigText = generateFlowText(bigNodes, { id: 'bench_big' });
while (bigText.split('\n').length < 2_000) bigText = generateFlowText((bigNodes += 20), { id: 'bench_big' });
writeFileSync(join(workspace, BIG_FLOW), bigText);
writeFileSync(join(workspace, GRAPH_FLOW), generateFlowText(200, { id: 'bench_graph' }));

// --demo: dana (designer) signs in; the published workspace is read-only, so typing happens in a change request.
const server = await createServer({ root: workspace, port: 0, log: () => undefined, demo: true });
const dana = server.demoAccounts.find((a) => a.account === 'dana')!;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});

try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  const scripts = recordScripts(context);
  const page = await context.newPage();
  // Signing in through the context's request sets the session cookie for every page of the context.
  const csrfToken = await signIn(context);
  const opened = await context.request.post(new URL('api/changes', server.url).href, { data: { title: 'Benchmark edits' }, headers: { [CSRF_HEADER]: csrfToken } });
  if (opened.status() !== 201) throw new Error(`opening a change request failed: ${opened.status()}`);
  const changeUrl = new URL(`?change=${((await opened.json()) as { id: string }).id}`, server.url).href;

  // --- load: JavaScript before first paint and before the editor is ready (the browser's first page)
  await page.goto(server.url);
  const first = await loadTimes(page);
  await page.waitForTimeout(200); // let the last response bodies arrive
  const gzipBefore = (ms: number) =>
    scripts.filter((script) => script.at <= first.origin + ms).reduce((sum, script) => sum + gzipSync(script.body).length, 0);
  const jsBeforeFirstPaint = gzipBefore(first.firstPaint);
  const jsBeforeEditorReady = gzipBefore(first.editorShown);

  // --- more first visits, each in a fresh context (an empty cache), for a median
  const cold = [first];
  for (let run = 1; run < COLD_VISITS; run++) {
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    await signIn(fresh);
    const freshPage = await fresh.newPage();
    await freshPage.goto(server.url);
    cold.push(await loadTimes(freshPage));
    await fresh.close();
  }
  const editorReady = summarise(cold.map((visit) => visit.editorShown));

  // --- the same load again with the browser's cache warm (how a designer opens the studio every day)
  const warmPage = await context.newPage();
  await warmPage.goto(server.url);
  const editorReadyWarmMs = round((await loadTimes(warmPage)).editorShown);
  await warmPage.close();

  // --- keystroke to diagnostics on a 2,000-line flow, typed into its live document in the change request
  await page.goto(changeUrl);
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor({ timeout: 60_000 });
  await openFromExplorer(page, BIG_FLOW);
  const diagnostics = await keystrokeToDiagnostics(page);

  // --- graph re-layout on a 200-node flow
  await openFromExplorer(page, GRAPH_FLOW);
  const graph = await graphRelayout(page);

  const results = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, browser: browser.version() },
    load: {
      javascriptGzipBytesBeforeFirstPaint: jsBeforeFirstPaint,
      javascriptGzipBytesBeforeEditorReady: jsBeforeEditorReady,
      firstContentfulPaintMs: round(first.firstPaint),
      monacoLoadedMs: round(first.monacoLoaded),
      // The first file drawn (the page's own mark), on COLD_VISITS first visits; `driverSawMs` is when the test driver
      // noticed it, which adds its polling and the page's busy moments (what this figure was before).
      editorReadyMs: editorReady.medianMs,
      editorReadyColdVisits: { ...editorReady, visitsMs: cold.map((visit) => round(visit.editorShown)), driverSawMs: cold.map((visit) => round(visit.driverSaw)) },
      editorReadyWarmCacheMs: editorReadyWarmMs,
    },
    keystrokeToDiagnostics: { flowLines: bigText.split('\n').length, ...diagnostics },
    graph: { nodes: 200, ...graph },
    targets: { javascriptGzipBytesBeforeFirstPaint: 1_000_000, editorReadyMs: 1_500, keystrokeToDiagnosticsP95Ms: 100, graphRelayoutMs: 100 },
  };

  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`JavaScript before first paint:     ${kb(jsBeforeFirstPaint)} gzip (first paint at ${results.load.firstContentfulPaintMs} ms)  target < 1 MB`);
  console.log(`JavaScript before editor ready:    ${kb(jsBeforeEditorReady)} gzip (Monaco and its workers, loaded after the first paint)`);
  console.log(`editor ready (first file drawn):   ${editorReady.medianMs} ms median after navigation over ${COLD_VISITS} first visits (${round(Math.min(...cold.map((v) => v.editorShown)))}–${round(Math.max(...cold.map((v) => v.editorShown)))} ms; the browser's first page ${round(first.editorShown)} ms, Monaco's code loaded at ${results.load.monacoLoadedMs} ms)  target < 1500 ms`);
  console.log(`                                   the test driver noticed it at ${cold.map((v) => round(v.driverSaw)).join(', ')} ms`);
  console.log(`editor ready, warm browser cache:  ${editorReadyWarmMs} ms after navigation`);
  console.log(`keystroke → diagnostics (${results.keystrokeToDiagnostics.flowLines} lines): ${diagnostics.medianMs} ms median, ${diagnostics.p95Ms} ms p95 over ${diagnostics.runs}  target p95 < 100 ms`);
  console.log(`graph layout, 200 nodes:           ${graph.layout.medianMs} ms median, ${graph.layout.p95Ms} ms p95 (layout step)  target < 100 ms`);
  console.log(`keystroke → graph redrawn:         ${graph.keystrokeToRedraw.medianMs} ms median, ${graph.keystrokeToRedraw.p95Ms} ms p95 (includes the graph's pause after typing)`);
  mkdirSync(join(REPO, 'bench-results'), { recursive: true });
  writeFileSync(join(REPO, 'bench-results/studio.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench-results/studio.json');
} finally {
  await browser.close();
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
}

/** Every script response of `context` (workers' too), with when it arrived. */
function recordScripts(context: BrowserContext): { url: string; at: number; body: Buffer }[] {
  const scripts: { url: string; at: number; body: Buffer }[] = [];
  context.on('response', (response) => {
    const at = Date.now();
    const type = response.request().resourceType();
    if (type === 'script' || /\.m?js(\?|$)/.test(response.url())) {
      void response.body().then((body) => scripts.push({ url: response.url(), at, body }), () => undefined);
    }
  });
  return scripts;
}

/** Signs dana in for every page of `context`; returns the session's CSRF token. */
async function signIn(context: BrowserContext): Promise<string> {
  const answer = await context.request.post(new URL('api/session', server.url).href, { data: { account: dana.account, password: dana.password } });
  if (answer.status() !== 200) throw new Error(`signing in failed: ${answer.status()}`);
  return ((await answer.json()) as { csrfToken: string }).csrfToken;
}

/**
 * A page load's times after navigation, from the page's own marks: first paint, Monaco's code
 * loaded, and the first file drawn in the editor (`colloquy:editor-shown`); also when the driver
 * noticed the editor (its wall clock, for comparison with earlier figures).
 */
async function loadTimes(page: Page): Promise<{ origin: number; firstPaint: number; monacoLoaded: number; editorShown: number; driverSaw: number }> {
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor({ timeout: 60_000 });
  const driverSawWall = Date.now();
  await page.waitForFunction(() => performance.getEntriesByName('colloquy:editor-shown').length > 0, undefined, { timeout: 60_000 });
  const marks = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    firstPaint: performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint')?.startTime ?? NaN,
    monacoLoaded: performance.getEntriesByName('colloquy:monaco-loaded')[0]?.startTime ?? NaN,
    editorShown: performance.getEntriesByName('colloquy:editor-shown')[0]!.startTime,
  }));
  return { ...marks, driverSaw: driverSawWall - marks.origin };
}

async function openFromExplorer(page: Page, path: string): Promise<void> {
  await page.getByTestId(`explorer-item-${path}`).click();
  await page.getByTestId(`tab-${path}`).waitFor();
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  // Bound to its live document and writable (no read-only reason in the status bar).
  await page.locator('[data-testid="status-live"][data-state="connected"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('status-readonly').waitFor({ state: 'detached', timeout: 30_000 });
  await page.waitForTimeout(500); // the first validation of the new file settles
}

/** Installs in-page probes: keydown time, and a callback when an element's attribute or text changes. */
async function installProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = ((window as unknown as { __bench: { keydown: number; changes: number[] } }).__bench = { keydown: 0, changes: [] });
    document.addEventListener('keydown', () => (probe.keydown = performance.now()), { capture: true });
  });
}

async function keystrokeToDiagnostics(page: Page) {
  await installProbes(page);
  await page.evaluate(() => {
    const probe = (window as unknown as { __bench: { keydown: number; changes: number[] } }).__bench;
    const counts = document.querySelector('[data-testid="status-problems"]')!;
    new MutationObserver(() => probe.changes.push(performance.now() - probe.keydown)).observe(counts, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  await page.locator('.monaco-editor .view-lines').click();
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const seen = await page.evaluate(() => (window as unknown as { __bench: { changes: number[] } }).__bench.changes.length);
    // Odd keystrokes break the first line (`kind: flow` → `xkind: flow`), even ones mend it.
    await page.keyboard.press('Control+Home');
    if (i % 2 === 0) await page.keyboard.type('x');
    else (await page.keyboard.press('Shift+ArrowRight'), await page.keyboard.press('Delete'));
    await page.waitForFunction((count) => (window as unknown as { __bench: { changes: number[] } }).__bench.changes.length > count, seen, { timeout: 10_000 });
    samples.push(await page.evaluate((count) => (window as unknown as { __bench: { changes: number[] } }).__bench.changes[count]!, seen));
    await page.waitForTimeout(150); // a typist's pause, so each sample is one keystroke's latency
  }
  return summarise(samples);
}

async function graphRelayout(page: Page) {
  await page.getByTestId('open-graph').click();
  await page.locator('[data-testid^="graph-node-"]').first().waitFor({ timeout: 30_000 });
  await page.evaluate(() => performance.clearMeasures('colloquy:graph-layout'));
  // Focus the YAML editor (the left group) and make structural edits: each adds a node with a
  // new id, so every edit is a structure the layout cache has not seen (undoing would hit it).
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  const redraw: number[] = [];
  for (let i = 0; i < GRAPH_EDITS; i++) {
    const id = `extra_node_${i}`;
    // The clock starts at the paste (one edit, no key events, no auto-indent) and stops when the
    // graph draws the new node; other changes to the graph (problem highlights) do not count.
    const drawn = page.evaluate(
      (nodeId) =>
        new Promise<number>((resolveDrawn) => {
          const started = performance.now();
          const observer = new MutationObserver(() => {
            if (!document.querySelector(`[data-testid="graph-node-${nodeId}"]`)) return;
            observer.disconnect();
            resolveDrawn(performance.now() - started);
          });
          observer.observe(document.querySelector('.graph-slot') ?? document.body, { childList: true, subtree: true });
        }),
      id,
    );
    await pasteIntoEditor(page, `\n  ${id}:\n    say: "An added node."\n    end: resolved\n`);
    redraw.push(await drawn);
    await page.keyboard.press('Control+End');
    await page.waitForTimeout(300);
  }
  const layout = await page.evaluate(() => performance.getEntriesByName('colloquy:graph-layout').map((entry) => entry.duration));
  return { layout: layout.length > 0 ? summarise(layout) : { runs: 0, medianMs: NaN, p95Ms: NaN, minMs: NaN }, keystrokeToRedraw: summarise(redraw) };
}
