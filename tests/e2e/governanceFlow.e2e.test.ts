/**
 * Issue 5's whole story in a real browser against `colloquy serve --demo`, a
 * high-risk change (change_address) from a draft to a verified evidence bundle:
 *
 * 1. dana, the designer, starts a change request from the title bar, opens the
 *    flow from the explorer and types her edit into the live document (no Save:
 *    the test waits until the server holds the text), runs the change's
 *    simulation from its review page, and submits it there;
 * 2. omar, the operations manager, sees her edit in the diff and passing
 *    evidence, approves with a rationale, and the page shows the change still
 *    waits for the responsible-AI lead (0 of 1, Publish greyed with the reason);
 * 3. rita, the responsible-AI lead, approves; omar publishes; the published
 *    file on disk holds the edit, and the audit log tells created, edited,
 *    submitted, approved twice and published, in that order;
 * 4. rita filters the Audit view by the change, verifies the log in the
 *    browser, and exports its evidence bundle, which the real
 *    `colloquy audit verify --bundle` accepts (exit 0) and rejects, naming the
 *    record, once one byte of a record is changed (exit 1).
 *
 * The evidence comes from the review page's Run: the server runs what the
 * example's agent.yaml names as evidence (`approval.evidence`: the safety and
 * typo-robustness generators), so the run the reviewers see is the workspace's
 * own choice, not one the author picked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { exportBundleFromAuditView, verifyBundle, withOneByteChanged } from './support/auditBundle.ts';
import { changeFileContent, changeFilePath, openLiveFile } from './support/changeRequests.ts';
import { waitFor } from './support/waitFor.ts';
import { browserTestsRunnable, DEMO_ACCOUNTS, keepScreenshot, openStudio, type StudioSession } from './support/studioSession.ts';

const FLOW = 'flows/change_address.flow.yaml';
const BEFORE = "Updates the customer's correspondence address";
const OLD_TEXT = "Updates the customer's correspondence address.";
const NEW_TEXT = "Updates the customer's correspondence address on file.";
const TITLE = 'Change address: say which address';
const OPS_RATIONALE = 'Wording only; the security code step is untouched and the evidence passes.';

/** How long a test waits for the server (a run, an edit reaching it) before it fails. */
const WAIT_MS = 30_000;

describe.runIf(browserTestsRunnable('studio governance flow e2e'))('a high-risk change from a draft to a verified evidence bundle, through the studio', () => {
  let studio: StudioSession;
  let id: string;
  let downloads: string;
  /** The audit record of omar's approval (its seq), whose rationale the bundle test changes. */
  let omarsApproval: number;
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();

  /** A page signed in as `account`, one per person for the whole story (dana's is the session's own). */
  async function pageOf(account: string): Promise<Page> {
    if (account === DEMO_ACCOUNTS.designer) return studio.page;
    const known = pages.get(account);
    if (known) return known;
    const context = await studio.browser.newContext({ viewport: { width: 1400, height: 850 } });
    contexts.push(context);
    const page = await context.newPage();
    await studio.signIn(page, account);
    await page.goto(studio.url);
    pages.set(account, page);
    return page;
  }

  /** Opens the change's review page from the Reviews list, in the group of `state`. */
  async function openReview(page: Page, state: string): Promise<void> {
    await page.getByTestId('status-connection').and(page.locator('[data-state="online"]')).waitFor({ timeout: 30_000 });
    // The activity button toggles the view: ask the button whether it is open (the lazily loaded view may be
    // re-rendering at this moment, so its visibility is not the answer), and open it only when it is not.
    const activity = page.getByTestId('activity-reviews');
    if ((await activity.getAttribute('aria-pressed')) !== 'true') await activity.click();
    await page.getByTestId('reviews-view').waitFor({ timeout: 15_000 });
    await page.getByTestId('reviews-view').getByRole('button', { name: 'Refresh the list' }).click();
    await page.getByTestId(`reviews-group-${state}`).getByTestId(`reviews-item-${id}`).click();
    await page.locator(`[data-testid="review-page"][aria-label="Review of ${id}"] [data-testid="review-state"][data-state="${state}"]`).waitFor();
  }

  async function approveAs(page: Page, rationale: string, expectedState: string): Promise<void> {
    await openReview(page, 'in_review');
    await page.getByTestId('review-rationale').fill(rationale);
    const approve = page.getByTestId('review-approve');
    // The title is governance's reason when it is disabled: a failure names it
    expect(await approve.getAttribute('title')).toMatch(/^Approve as (ops_manager|rai_lead)$/);
    await approve.click();
    await page.getByTestId('review-answer').waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid="review-state"][data-state="${expectedState}"]`).waitFor();
  }

  beforeAll(async () => {
    studio = await openStudio({ signInAs: DEMO_ACCOUNTS.designer });
    downloads = mkdtempSync(join(tmpdir(), 'colloquy-governance-e2e-'));
    expect(readFileSync(join(studio.workspace, FLOW), 'utf8')).toMatch(/^risk: high$/m);
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await studio?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('has dana start a change request from the title bar and type her edit into the flow', async () => {
    const page = studio.page;
    await page.locator('[data-testid="title-mode"][data-mode="published"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('start-change').click();
    await page.getByTestId('start-change-picker').locator('input').fill(TITLE);
    await page.getByTestId('start-change-picker').getByText(`Start change request “${TITLE}”`).waitFor();
    await page.keyboard.press('Enter');
    const mode = page.locator('[data-testid="title-mode"][data-mode="change"]');
    await mode.waitFor({ timeout: 15_000 });
    id = (await mode.getAttribute('data-change'))!;
    expect(id).toMatch(/^CR-\d+$/);
    expect(await mode.textContent()).toContain(TITLE);
    expect(new URL(page.url()).searchParams.get('change')).toBe(id);

    await openLiveFile(page, FLOW);
    // Into the sentence: a click on its line, Home (its first character), then past "…address".
    await page.locator('.monaco-editor .view-line').filter({ hasText: OLD_TEXT }).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < BEFORE.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type(' on file');
    // A live document: no Save. The server materialises what she typed into the change request.
    const content = await waitFor('the edit in the change request', async () => {
      const text = await changeFileContent(studio, id, FLOW);
      return text?.includes(NEW_TEXT) ? text : undefined;
    }, WAIT_MS);
    expect(content).toBe(readFileSync(join(studio.workspace, FLOW), 'utf8').replace(OLD_TEXT, NEW_TEXT));
    expect(readFileSync(changeFilePath(studio, id, FLOW), 'utf8')).toBe(content);
    expect(readFileSync(join(studio.workspace, FLOW), 'utf8')).toContain(OLD_TEXT);
  }, 60_000);

  it('has dana run the change’s simulation from its review page, and submit it there', async () => {
    const page = studio.page;
    await openReview(page, 'draft');
    expect(await page.getByTestId('review-evidence-verdict').textContent()).toBe('No simulation of this content yet: run one (the report becomes the evidence).');
    const started = page.waitForResponse((r) => r.url().endsWith(`/api/changes/${id}/simulations`) && r.request().method() === 'POST');
    await page.getByTestId('review-run-simulation').click();
    expect((await started).status()).toBe(202);
    const summary = page.getByTestId('review-report-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(/^This run: scripted 96 of 96 passed, generated \d+ of \d+ passed \(\d+(\.\d)?%\); report [0-9a-f]{12}\.$/);
    // The run is agent.yaml's approval.evidence, and it passes the workspace's gate.
    await page.locator('[data-testid="review-evidence-verdict"][data-ok="true"]').waitFor({ timeout: 15_000 });

    const submit = page.getByTestId('review-submit');
    expect(await submit.isEnabled()).toBe(true);
    expect(await page.getByTestId('review-publish').count()).toBe(0);
    await submit.click();
    await page.locator('[data-testid="review-state"][data-state="in_review"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('review-answer').textContent()).toBe('Submit for review: done. The change request is in review.');
    expect(await page.getByTestId('review-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('review-submit-reason').textContent()).toMatch(/^Submit for review: [A-Z].*\.$/);
  }, 90_000);

  it('has omar see the edit and passing evidence, approve, and the page shows it waits for the responsible-AI lead', async () => {
    const page = await pageOf(DEMO_ACCOUNTS.ops_manager);
    await openReview(page, 'in_review');
    const diff = page.locator(`[data-testid="review-diff-${FLOW}"][data-ready="true"]`);
    await diff.waitFor({ timeout: 30_000 });
    await diff.locator('.editor.modified .view-line').filter({ hasText: 'address on file.' }).first().waitFor({ timeout: 10_000 });
    expect(await diff.locator('.editor.original .view-line').filter({ hasText: OLD_TEXT }).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('review-evidence-verdict').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('review-evidence-verdict').textContent()).toBe('The evidence allows an approval.');

    await approveAs(page, OPS_RATIONALE, 'in_review');
    expect(await page.getByTestId('review-answer').textContent()).toBe('Approve: done. The change request is in review.');
    expect(await page.getByTestId('review-approval-ops_manager').innerText()).toContain('1 of 1');
    const rai = await page.getByTestId('review-approval-rai_lead').innerText();
    expect(rai).toContain('0 of 1');
    expect(rai).toMatch(/responsible-AI lead/);
    expect(await page.getByTestId('review-approvals').innerText()).toContain('(not complete)');
    expect(await page.getByTestId('review-publish').isDisabled()).toBe(true);
    expect(await page.getByTestId('review-publish').getAttribute('title')).toBe('The approvals it needs are not complete for its current content.');
    await keepScreenshot(page, 'studio-review-waiting-for-rai-lead');
  }, 60_000);

  it('has rita approve and omar publish: the file on disk changes, and the audit log tells it in order', async () => {
    const rita = await pageOf(DEMO_ACCOUNTS.rai_lead);
    await approveAs(rita, 'A high-risk flow, but only its description changes; no customer-facing behaviour differs.', 'approved');
    expect(await rita.getByTestId('review-approvals').innerText()).toContain('(complete)');
    expect(await rita.getByTestId('review-publish').count()).toBe(0);

    const omar = await pageOf(DEMO_ACCOUNTS.ops_manager);
    await openReview(omar, 'approved');
    const publish = omar.getByTestId('review-publish');
    expect(await publish.isEnabled()).toBe(true);
    await publish.click();
    await omar.locator('[data-testid="review-state"][data-state="published"]').waitFor({ timeout: 15_000 });
    expect(await omar.getByTestId('review-answer').textContent()).toBe('Publish: done. The change request is published.');
    const published = readFileSync(join(studio.workspace, FLOW), 'utf8');
    expect(published).toContain(NEW_TEXT);
    expect(published).not.toContain(OLD_TEXT);

    const audit = await studio.serverFetch(`/api/audit/records?change=${encodeURIComponent(id)}`, {}, DEMO_ACCOUNTS.rai_lead);
    expect(audit.status).toBe(200);
    const { records } = (await audit.json()) as { records: { seq: number; action: string; actor: { account: string; role: string } }[] };
    omarsApproval = records.find((r) => r.action === 'change.approved' && r.actor.account === DEMO_ACCOUNTS.ops_manager)!.seq;
    const lifecycle = records
      .filter((r) => r.action.startsWith('change.'))
      .sort((a, b) => a.seq - b.seq)
      .map((r) => `${r.action} ${r.actor.account} ${r.actor.role}`);
    expect(lifecycle).toEqual([
      'change.created dana designer',
      'change.edited dana designer',
      'change.submitted dana designer',
      'change.approved omar ops_manager',
      'change.approved rita rai_lead',
      'change.published omar ops_manager',
    ]);
  }, 60_000);

  it('has rita verify the log in the Audit view and export the change’s bundle, which colloquy audit verify accepts, and rejects after one byte is changed', async () => {
    const page = await pageOf(DEMO_ACCOUNTS.rai_lead);
    await page.getByTestId('activity-audit').click();
    await page.getByTestId('audit-filter-change').fill(id);
    await page.getByTestId('audit-apply').click();
    const timeline = page.getByTestId('audit-timeline');
    await page.getByTestId('audit-count').filter({ hasText: /^\d+ of \d+ records match/ }).waitFor();
    await timeline.locator('li[data-action="change.published"]').waitFor();
    const changes = await timeline.locator('li').evaluateAll((items) => items.map((li) => li.textContent ?? ''));
    expect(changes.length).toBeGreaterThanOrEqual(6);
    for (const row of changes) expect(row).toContain(id);

    await page.getByTestId('audit-verify').click();
    const verification = page.getByTestId('audit-verification');
    await verification.waitFor();
    expect(await verification.getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('audit-verification-headline').textContent()).toMatch(/^The log verifies: \d+ records, \d+ signed checkpoints? checked in this browser\.$/);

    // "Export bundle" with the field empty exports the change the timeline is filtered by.
    const { file, suggestedName } = await exportBundleFromAuditView(page, downloads);
    expect(suggestedName).toBe(`${id}.bundle.json`);
    const accepted = verifyBundle(file);
    expect(accepted.status, accepted.stdout + accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(id);
    expect(readFileSync(file, 'utf8')).toContain(OPS_RATIONALE);

    // One byte of omar's rationale ("Wording" → "WXrding"): refused, naming his approval's record.
    const rejected = verifyBundle(withOneByteChanged(file, OPS_RATIONALE, 'X'));
    expect(rejected.status, rejected.stdout + rejected.stderr).toBe(1);
    expect(rejected.stdout + rejected.stderr).toContain(`record ${omarsApproval} was changed`);
    await keepScreenshot(page, 'studio-governance-bundle-exported');
    expect(studio.pageProblems.filter((problem) => problem.startsWith('uncaught'))).toEqual([]);
  }, 60_000);
});
