/**
 * The Audit view in a real browser against `colloquy serve --demo`: rita, the
 * responsible-AI lead, opens the timeline, filters it by action, expands a
 * record to its hashes, verifies the log in the browser (pure SHA-256 and
 * Ed25519 over the log's own bytes), and exports a change request's evidence
 * bundle, which the real `colloquy audit verify --bundle` accepts (exit 0)
 * and rejects once one byte of it is changed (exit 1).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundleFromAuditView, verifyBundle, withOneByteChanged } from './support/auditBundle.ts';
import { browserTestsRunnable, DEMO_ACCOUNTS, keepScreenshot, openStudio, type StudioSession } from './support/studioSession.ts';

describe.runIf(browserTestsRunnable('audit view e2e'))('the Audit view', () => {
  let studio: StudioSession;
  let downloads: string;
  beforeAll(async () => {
    studio = await openStudio({ signInAs: DEMO_ACCOUNTS.rai_lead });
    downloads = mkdtempSync(join(tmpdir(), 'colloquy-audit-e2e-'));
    // Something to audit: dana opens two change requests.
    for (const title of ['Card lost: ask for the last four digits', 'Opening hours on holidays']) {
      const response = await studio.serverFetch('/api/changes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
      expect(response.status).toBe(201);
    }
  }, 90_000);
  afterAll(async () => {
    await studio?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('shows the timeline newest first, filtered by action', async () => {
    const { page } = studio;
    await page.getByTestId('activity-audit').click();
    const timeline = page.getByTestId('audit-timeline');
    await timeline.locator('li').first().waitFor();
    expect(Number(await timeline.locator('li').first().getAttribute('data-testid').then((id) => id!.replace('audit-record-', '')))).toBeGreaterThan(0);

    await page.getByTestId('audit-filter-action').selectOption('change.created');
    await page.getByTestId('audit-apply').click();
    await page.getByTestId('audit-count').filter({ hasText: /^2 of \d+ records match/ }).waitFor();
    const rows = timeline.locator('li');
    expect(await rows.count()).toBe(2);
    expect(await rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-action')))).toEqual(['change.created', 'change.created']);
    expect(await rows.first().textContent()).toMatch(/change\.created\s*CR-2\s*dana \(designer\)/);
    expect(await rows.nth(1).textContent()).toContain('CR-1');
  });

  it('expands a record to its hashes and details', async () => {
    const { page } = studio;
    const row = page.getByTestId('audit-timeline').locator('li').nth(1);
    await row.getByTestId('audit-record-toggle').click();
    const hashes = row.getByTestId('audit-record-hashes');
    await hashes.waitFor();
    const text = (await hashes.textContent())!;
    expect(text).toMatch(/Leaf hash[0-9a-f]{64}/);
    expect(text).toMatch(/Previous leaf[0-9a-f]{64}/);
    expect(await row.getByTestId('audit-record-toggle').getAttribute('aria-expanded')).toBe('true');
    // The leaf hash shown is the one the next record of the log chains to.
    const seq = Number((await row.getAttribute('data-testid'))!.replace('audit-record-', ''));
    const lines = readFileSync(join(studio.workspace, '.colloquy', 'audit', 'log.jsonl'), 'utf8').trim().split('\n');
    const next = JSON.parse(lines[seq + 1]!) as { prev: string };
    expect(text).toContain(`Leaf hash${next.prev}`);
    expect(await row.getByTestId('audit-record-data').textContent()).toContain('Card lost: ask for the last four digits');
  });

  it('verifies the log in the browser', async () => {
    const { page } = studio;
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verification');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('audit-verification-headline').textContent()).toMatch(/^The log verifies: \d+ records, \d+ signed checkpoints? checked in this browser\.$/);
    const onDisk = readFileSync(join(studio.workspace, '.colloquy', 'audit', 'log.jsonl'), 'utf8').trim().split('\n').length;
    const shown = Number(await page.getByTestId('audit-verification-records').textContent());
    expect(shown).toBeGreaterThan(3);
    expect(shown).toBeLessThanOrEqual(onDisk);
    expect(await page.getByTestId('audit-verification-root').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await keepScreenshot(page, 'studio-audit-verified');
  });

  it('exports a bundle that colloquy audit verify accepts, and rejects after one byte is changed', async () => {
    const { page } = studio;
    await page.getByTestId('audit-export-change').fill('CR-1');
    const { file, suggestedName } = await exportBundleFromAuditView(page, downloads);
    expect(suggestedName).toBe('CR-1.bundle.json');

    const accepted = verifyBundle(file);
    expect(accepted.status, accepted.stdout + accepted.stderr).toBe(0);
    expect(accepted.stdout).toMatch(/CR-1/);

    // The export is in the log, by rita as responsible-AI lead, with the SHA-256 of exactly these bytes.
    const bytes = readFileSync(file);
    const { createHash } = await import('node:crypto');
    const exported = readFileSync(join(studio.workspace, '.colloquy', 'audit', 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; actor: { account: string; role: string }; change?: string; details?: { bundleSha256?: string } })
      .filter((r) => r.action === 'audit.exported');
    expect(exported).toEqual([expect.objectContaining({ actor: { account: 'rita', role: 'rai_lead' }, change: 'CR-1', details: expect.objectContaining({ bundleSha256: createHash('sha256').update(bytes).digest('hex') }) })]);

    // One byte of the record's text changed ("last" → "lost"): refused.
    const rejected = verifyBundle(withOneByteChanged(file, 'last four digits', 'o'));
    expect(rejected.status, rejected.stdout + rejected.stderr).toBe(1);
    expect(rejected.stdout + rejected.stderr).toMatch(/record/i);
    expect(studio.pageProblems).toEqual([]);
  });
});
