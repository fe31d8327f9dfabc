/**
 * A simulation run from the studio, in a real browser against a real
 * `colloquy serve` on a copy of the example workspace (lexical recognizer):
 * Test & Simulate → Simulate starts a run that the server works on in a worker
 * thread; progress arrives on the events socket and moves the bar; the report
 * shows its charts, the confusion matrix and the failing cases, and is the
 * same report, byte for byte, as `colloquy simulate` with the options the
 * studio sent as flags (what a run is asked for wins over the test files'
 * `simulate:` blocks, as a flag does); a
 * failing case opens in Try it with its messages said again; a second, long
 * run is cancelled on the server and the first report stays. A lexical
 * workspace never loads the `use` model (no TensorFlow.js, no /models/).
 *
 * The tests run in order on one studio, each building on the one before.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GENERATOR_NAMES, type SimulationReport } from '@colloquy/simulator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, keepScreenshot, openStudio, REPO, type StudioSession } from './support/studioSession.ts';


interface SimulationMessage {
  readonly type: 'simulation';
  readonly id: string;
  readonly state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly done: number;
  readonly total: number;
  readonly phase?: string;
}

/** What the studio asked the server for (`POST /api/simulations`). */
interface SimulationRequestBody {
  readonly generators?: readonly string[];
  readonly perIntent?: number;
  readonly seed?: string;
  readonly flow?: string;
}

/**
 * `colloquy simulate` on the workspace copy with the options the studio sent, as flags: the JSON
 * report (the command exits 1 when cases fail). Generators, when sent, are those the run used: a
 * lexical run leaves out the two that need a model, where the CLI refuses them.
 */
function cliReport(workspace: string, sent: SimulationRequestBody, ran: SimulationReport['run']): SimulationReport {
  const args = [join(REPO, 'apps/cli/bin/colloquy.mjs'), 'simulate', workspace, '--format', 'json'];
  if (sent.generators) args.push('--generators', ran.generators.join(','));
  if (sent.perIntent !== undefined) args.push('--per-intent', String(sent.perIntent));
  if (sent.seed !== undefined) args.push('--seed', sent.seed);
  if (sent.flow !== undefined) args.push('--flow', sent.flow);
  const cli = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (cli.status !== 0 && cli.status !== 1) throw new Error(`colloquy simulate exited with ${cli.status}: ${cli.stderr}`);
  return JSON.parse(cli.stdout) as SimulationReport;
}

/** Records every change of the progress bar (state, done/total, words), so a short run's progress is not missed between two looks. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const bar = document.querySelector('[data-testid="simulation-progress"]')!;
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    const note = () => seen.push(`${bar.getAttribute('data-state')} ${bar.getAttribute('aria-valuenow')}/${bar.getAttribute('aria-valuemax')} ${bar.getAttribute('aria-valuetext')}`);
    new MutationObserver(note).observe(bar, { attributes: true });
  });
}

const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);

describe.runIf(browserTestsRunnable('studio simulation e2e'))('a simulation from the studio', () => {
  let studio: StudioSession;
  /** Every URL the page and its workers asked for. */
  const requests: string[] = [];
  /** The `simulation` messages of the events socket, in order. */
  const messages: SimulationMessage[] = [];
  /** The bodies of the studio's `POST /api/simulations`, in order. */
  const started: SimulationRequestBody[] = [];
  let firstHash = '';
  /** The first run's report, as the server gives it. */
  let served: SimulationReport;

  beforeAll(async () => {
    studio = await openStudio({
      beforeLoad: (page) => {
        page.on('request', (request) => {
          requests.push(request.url());
          if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/simulations') started.push(JSON.parse(request.postData() ?? '{}') as SimulationRequestBody);
        });
        page.on('websocket', (socket) =>
          socket.on('framereceived', ({ payload }) => {
            try {
              const message = JSON.parse(String(payload)) as { type?: string };
              if (message.type === 'simulation') messages.push(message as SimulationMessage);
            } catch {
              // not JSON: not ours
            }
          }),
        );
      },
    });
    const { page } = studio;
    await page.getByTestId('status-connection').and(page.locator('[data-state="online"]')).waitFor();
    await page.getByTestId('activity-simulate').click();
    await page.getByTestId('simulate-tab-simulate').click();
    await page.getByTestId('simulation-run').waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('runs a simulation on the server with progress on the events socket and the bar, and shows the same report colloquy simulate writes', async () => {
    const { page, workspace } = studio;
    // Given options: every generator, more cases per intent than the default (so the run lasts long
    // enough to report progress), a seed of our own
    expect(await page.getByTestId('simulation-per-intent').inputValue()).toBe('3');
    await page.getByTestId('simulation-per-intent').fill('20');
    await page.getByTestId('simulation-seed').fill('e2e');
    await recordProgress(page);

    // When the designer runs the simulation
    await page.getByTestId('simulation-run').click();

    // Then the server reports progress on the socket, and the bar follows it
    const report = page.getByTestId('simulation-report');
    await report.waitFor({ timeout: 120_000 });
    const ours = messages.filter((m) => m.id === messages[0]?.id);
    expect(ours.some((m) => m.state === 'running' && m.total > 0 && m.done > 0 && m.done < m.total)).toBe(true);
    expect(ours.at(-1)).toMatchObject({ state: 'done' });
    const bar = await progressSeen(page);
    expect(bar.some((entry) => /^active [1-9]\d*\/\d+ /.test(entry)), bar.join('\n')).toBe(true);
    expect(bar.some((entry) => /^active \d+\/\d+ Simulating: \d+ of \d+ conversations$/.test(entry)), bar.join('\n')).toBe(true);
    expect(await page.getByTestId('simulation-progress').getAttribute('data-state')).toBe('finished');

    // And the report is the one colloquy simulate writes for the same files and options, to the byte
    served = (await (await studio.serverFetch(`/api/simulations/${ours[0]!.id}/report`)).json()) as SimulationReport;
    // The studio sends what the designer changed, nothing else.
    expect(started).toEqual([{ perIntent: 20, seed: 'e2e' }]);
    expect(served.run).toMatchObject({ recognizer: 'lexical', perIntent: 20, seed: 'e2e' });
    // A lexical run leaves out the generators that need a model.
    expect(served.run.generators).toEqual(GENERATOR_NAMES.filter((name) => name !== 'paraphrase' && name !== 'adversarial'));
    const cli = cliReport(workspace, started[0]!, served.run);
    firstHash = (await report.getAttribute('data-report-hash')) ?? '';
    expect(firstHash).toMatch(/^[0-9a-f]{64}$/);
    expect(firstHash).toBe(served.reportHash);
    expect(cli.reportHash).toBe(served.reportHash);
    expect(await page.getByTestId('simulation-summary').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('simulation-summary').textContent()).toContain(String(cli.summary.generated.total));

    // Charts: pass rate by generator and by intent, each an SVG image with its table
    for (const chart of ['simulation-chart-generators', 'simulation-chart-intents']) {
      const figure = page.getByTestId(chart);
      expect(await figure.locator('svg[role="img"] g').count(), chart).toBeGreaterThan(3);
      expect(await figure.locator('svg[role="img"]').getAttribute('aria-label'), chart).toMatch(/\d/);
      expect(await figure.locator('table tbody tr').count(), chart).toBe(await figure.locator('svg[role="img"] g').count());
    }
    expect(await page.getByTestId('simulation-chart-generators').locator('svg g[data-key="noise"]').count()).toBe(1);

    // The confusion matrix: the most confused intents, with counts
    const matrix = page.getByTestId('simulation-matrix');
    expect(await matrix.locator('tbody tr').count()).toBeGreaterThan(0);
    const counts = await matrix.locator('td[data-count]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-count'))));
    expect(counts.some((n) => n > 0)).toBe(true);

    // The failing cases, a page at a time, in the report's order
    const cases = page.getByTestId('simulation-failing-case');
    expect(cli.failing.length).toBeGreaterThan(0);
    expect(await cases.count()).toBe(Math.min(25, cli.failing.length));
    expect(await cases.first().getAttribute('data-case')).toBe(cli.failing[0]!.id);

    expect(await page.getByTestId('simulation-coverage').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('simulation-metadata').textContent()).toContain('e2e');
    await keepScreenshot(page, 'simulation-report');
  }, 180_000);

  it('opens a failing case in Try it, saying its messages again with the trace of its first turn', async () => {
    const { page } = studio;
    const failing = served.failing[0]!;
    const utterances = failing.trace.filter((turn) => turn.turn > 0).map((turn) => turn.utterance);

    await page.locator(`[data-testid="simulation-failing-case"][data-case="${failing.id}"]`).getByTestId('simulation-open-case').click();

    expect(await page.getByTestId('simulate-tab-tryit').getAttribute('aria-selected')).toBe('true');
    const notice = page.getByTestId('tryit-replay-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(failing.id);
    const said = await page.locator('[data-testid="tryit-message"][data-role="user"]').allTextContents();
    expect(said.map((text) => text.replace(/^You: /, ''))).toEqual(utterances);
    expect(await page.getByTestId('tryit-trace').getByTestId('trace-turn').getAttribute('data-turn')).toBe('1');
    // Lexical here as in the run, on the same text: the replay went the way the run did.
    expect(await notice.textContent()).toContain('It went the way it did in the run.');
    expect(await page.getByTestId('tryit-trace').getByTestId('trace-recognised').textContent()).toMatch(failing.trace[1]?.intent ? new RegExp(`^${failing.trace[1].intent} `) : /^Not understood/);
    await keepScreenshot(page, 'simulation-case-in-try-it');
  });

  it('cancels a second, long run on the server, and keeps the first report', async () => {
    const { page } = studio;
    await page.getByTestId('simulate-tab-simulate').click();
    await page.getByTestId('simulation-per-intent').fill('1000');
    const before = new Set(messages.map((m) => m.id));
    await page.getByTestId('simulation-run').click();

    // Once the run is well under way on the server…
    const progress = page.getByTestId('simulation-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 30_000 }).toBe('active');
    await expect.poll(() => messages.some((m) => !before.has(m.id) && m.state === 'running' && m.phase === 'simulating' && m.done > 0), { timeout: 60_000 }).toBe(true);
    const id = messages.find((m) => !before.has(m.id))!.id;
    // …Cancel stops it there
    await page.getByTestId('simulation-cancel').click();
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 30_000 }).toBe('cancelled');
    expect(await page.getByTestId('simulation-status').textContent()).toMatch(/^Cancelled( after \d+ of \d+)?\.$/);
    await expect.poll(() => messages.filter((m) => m.id === id).at(-1)?.state, { timeout: 10_000 }).toBe('cancelled');
    const status = (await (await studio.serverFetch(`/api/simulations/${id}`)).json()) as { state: string; done: number; total: number };
    expect(status.state).toBe('cancelled');
    expect(status.done).toBeLessThan(status.total);
    // A cancelled run has no report; the previous one stays on screen.
    expect((await studio.serverFetch(`/api/simulations/${id}/report`)).status).toBe(409);
    expect(await page.getByTestId('simulation-report').getAttribute('data-report-hash')).toBe(firstHash);
    expect(await page.getByTestId('simulation-run').isEnabled()).toBe(true);
  }, 120_000);

  it('never loaded the use model for this lexical workspace, and asked nothing of any other host', () => {
    const paths = requests.map((request) => new URL(request).pathname);
    expect(paths.filter((path) => path.startsWith('/models/') || /recognizer\.worker|startModelRecognizer/.test(path))).toEqual([]);
    expect(requests.filter((request) => !/^(https?|wss?):\/\/127\.0\.0\.1:\d+\//.test(request) && !request.startsWith('data:') && !request.startsWith('blob:'))).toEqual([]);
    expect(studio.pageProblems).toEqual([]);
  });
});
