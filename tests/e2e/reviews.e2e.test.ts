/**
 * The Reviews view in a real browser against `colloquy serve --demo`: dana,
 * the designer, opens a change request through the API with an edit to a
 * low-risk flow (branch_finder), submits it and runs its simulation; omar,
 * the operations manager, opens Reviews, sees the change in review, the
 * diff editor with both versions, the validation, the evidence and the
 * behaviour diff against the published version, approves with a rationale,
 * and the state shows approved (on the page and on the server, with his
 * rationale in the audit-backed details). dana, the author, sees Approve
 * disabled with governance's sentence, and the server refuses her anyway
 * when she asks, the page showing that refusal word for word. The view is
 * live: another person's action (dana creating, submitting or withdrawing a
 * change, rita asking for changes) shows on omar's list and open page
 * through the events socket, without a reload or a click on Refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './support/waitFor.ts';
import { browserTestsRunnable, DEMO_ACCOUNTS, keepScreenshot, openStudio, type StudioSession } from './support/studioSession.ts';

const FLOW = 'flows/branch_finder.flow.yaml';
/** A scripted test the branch finder does not pass (it never says this): a change carrying it has evidence under the gate. */
const WRONG_TEST = {
  path: 'tests/branch_promise.test.yaml',
  content: `kind: test
version: 1
id: branch_promise
flow: branch_finder
tests:
  - id: promises_a_visit
    turns:
      - user: "where is my nearest branch"
        expect: { bot: "a colleague will visit you at home" }
`,
};
const OLD_TEXT = 'Shows the nearest branches to a town or postcode';
const NEW_TEXT = 'Finds the nearest branches to a town or postcode';
const DESIGNER_REFUSAL = 'Your role (designer) may not review change requests; that needs one of the roles ops_manager, rai_lead.';
const RATIONALE = 'Wording only in a low-risk flow; scripted tests and generated cases pass, no behaviour changes.';

/** How long a test waits for the server (a run, an edit reaching it) before it fails. */
const WAIT_MS = 90_000;

async function openReview(page: Page, id: string): Promise<void> {
  await page.getByTestId('status-connection').and(page.locator('[data-state="online"]')).waitFor({ timeout: 30_000 });
  await page.getByTestId('activity-reviews').click();
  await page.getByTestId('reviews-view').waitFor();
  await page.getByTestId(`reviews-group-in_review`).getByTestId(`reviews-item-${id}`).click();
  await page.getByTestId('review-page').waitFor();
  await page.locator('[data-testid="review-state"]').waitFor();
}

describe.runIf(browserTestsRunnable('studio reviews e2e'))('reviewing a change request in the studio', () => {
  let studio: StudioSession;
  let id: string;
  beforeAll(async () => {
    studio = await openStudio({ signInAs: DEMO_ACCOUNTS.ops_manager });
    const dana = (path: string, init?: RequestInit) => studio.serverFetch(path, init, DEMO_ACCOUNTS.designer);
    const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await dana('/api/changes', json({ title: 'Clearer branch finder description' }));
    expect(created.status).toBe(201);
    ({ id } = (await created.json()) as { id: string });
    const file = (await (await dana(`/api/changes/${id}/files?path=${encodeURIComponent(FLOW)}`)).json()) as { content: string };
    expect(file.content).toContain(OLD_TEXT);
    const edited = await dana(`/api/changes/${id}/files`, { ...json({ path: FLOW, content: file.content.replace(OLD_TEXT, NEW_TEXT) }), method: 'PUT' });
    expect(edited.status).toBe(200);
    expect((await dana(`/api/changes/${id}/actions`, json({ action: 'submit', asRole: 'designer' }))).status).toBe(200);
    // An empty request: the example workspace's evidence run (agent.yaml approval.evidence), the only one that counts.
    expect((await dana(`/api/changes/${id}/simulations`, json({}))).status).toBe(202);
    // The evidence of the change's content, and the published run for the behaviour diff.
    await waitFor('the evidence', async () => ((await (await dana(`/api/changes/${id}`)).json()) as { evidence: unknown }).evidence ?? undefined, WAIT_MS);
    await waitFor('the behaviour diff', async () => ((await dana(`/api/changes/${id}/behaviour-diff`)).status === 200 ? true : undefined), WAIT_MS);
  }, 180_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('shows omar the change in review with the diff editor, the validation, the evidence and the behaviour diff', async () => {
    const { page } = studio;
    await openReview(page, id);
    expect(await page.getByTestId('review-state').getAttribute('data-state')).toBe('in_review');
    // Monaco's diff editor with the published version on one side and the change's on the other
    const diff = page.getByTestId(`review-diff-${FLOW}`);
    await diff.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
    const sides = (await diff.locator('.monaco-editor .view-lines').allInnerTexts()).map((t) => t.replaceAll('\u00a0', ' '));
    expect(sides).toHaveLength(2);
    expect(sides[0]).toContain(OLD_TEXT);
    expect(sides[1]).toContain(NEW_TEXT);
    expect(await diff.locator('.line-insert, .char-insert').count()).toBeGreaterThan(0);
    // core's validation of the change's content, in the browser
    expect(await page.getByTestId('review-validation-summary').textContent()).toBe('No problems in the change’s content.');
    // The server's evidence: the gates' figures and its verdict
    const verdict = page.getByTestId('review-evidence-verdict');
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    const evidence = await page.getByTestId('review-evidence').innerText();
    expect(evidence).toContain('Generated cases passing');
    // The example's evidence run passes its own gate (95 %), not every generated case.
    expect(evidence).toMatch(/(9[5-9](\.\d+)?|100)% \(gate 95%\)/);
    // A wording change behaves as the published version does
    const behaviour = page.getByTestId('review-behaviour-diff');
    await behaviour.waitFor();
    expect(await behaviour.innerText()).toContain('No case or test behaves differently.');
    // What is required: one operations manager, none yet
    expect(await page.getByTestId('review-approval-ops_manager').innerText()).toContain('0 of 1');
    expect(await page.getByTestId('review-run-simulation').isEnabled()).toBe(true);
    await keepScreenshot(page, 'studio-review-page');
  });

  it('lets omar approve only with a rationale, and the state shows approved', async () => {
    const { page } = studio;
    const approve = page.getByTestId('review-approve');
    expect(await approve.isDisabled()).toBe(true);
    expect(await approve.getAttribute('title')).toBe('Write why: the audit log keeps your rationale with the decision.');
    await page.getByTestId('review-rationale').fill(RATIONALE);
    expect(await approve.isEnabled()).toBe(true);
    await approve.click();
    await page.locator('[data-testid="review-state"][data-state="approved"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('review-answer').textContent()).toBe('Approve: done. The change request is approved.');
    expect(await page.getByTestId('review-approval-ops_manager').innerText()).toContain(`omar: “${RATIONALE}”`);
    // The list moved it too, and the server agrees
    await page.getByTestId('reviews-group-approved').getByTestId(`reviews-item-${id}`).waitFor();
    const details = (await (await studio.serverFetch(`/api/changes/${id}`, {}, DEMO_ACCOUNTS.ops_manager)).json()) as { state: string; approvals: { account: string; rationale: string }[] };
    expect(details.state).toBe('approved');
    expect(details.approvals).toEqual([expect.objectContaining({ account: 'omar', rationale: RATIONALE })]);
    // Approving again is greyed with governance's reason
    expect(await page.getByTestId('review-approve-reason').textContent()).toMatch(/^Approve: /);
  });

  it('runs a change’s simulation from the page and follows it; evidence under the gate keeps Approve disabled with the reason', async () => {
    const { page } = studio;
    const dana = (path: string, init?: RequestInit) => studio.serverFetch(path, init, DEMO_ACCOUNTS.designer);
    const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const second = (await (await dana('/api/changes', json({ title: 'Branch finder, shorter title' }))).json()) as { id: string };
    const file = (await (await dana(`/api/changes/${second.id}/files?path=${encodeURIComponent(FLOW)}`)).json()) as { content: string };
    await dana(`/api/changes/${second.id}/files`, { ...json({ path: FLOW, content: file.content.replace('title: Find a branch', 'title: Branches') }), method: 'PUT' });
    // …and a scripted test the flow does not pass: evidence that misses the gate (no failing scripted test)
    await dana(`/api/changes/${second.id}/files`, { ...json({ path: WRONG_TEST.path, content: WRONG_TEST.content }), method: 'PUT' });
    expect((await dana(`/api/changes/${second.id}/actions`, json({ action: 'submit', asRole: 'designer' }))).status).toBe(200);

    await page.getByTestId('reviews-view').getByRole('button', { name: 'Refresh the list' }).click();
    await page.getByTestId('reviews-group-in_review').getByTestId(`reviews-item-${second.id}`).click();
    await page.locator('[data-testid="review-page"][aria-label="Review of ' + second.id + '"]').waitFor();
    expect(await page.getByTestId('review-evidence-verdict').textContent()).toBe('No simulation of this content yet: run one (the report becomes the evidence).');
    await page.getByTestId('review-rationale').fill('checking');
    expect(await page.getByTestId('review-approve').getAttribute('title')).toBe("The evidence does not allow approval: no simulation report of this content with the workspace's evidence settings (agent.yaml approval.evidence): run the change's simulation.");

    // The Simulate tab's runner, on the change's route: progress on the events socket, then the report
    const started = page.waitForResponse((r) => r.url().endsWith(`/api/changes/${second.id}/simulations`) && r.request().method() === 'POST');
    await page.getByTestId('review-run-simulation').click();
    expect((await started).status()).toBe(202);
    const summary = page.getByTestId('review-report-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(/^This run: scripted 96 of 97 passed, generated \d+ of \d+ passed \(\d+(\.\d)?%\); report [0-9a-f]{12}\.$/);
    // The change's own scripted test fails: the verdict says so, and Approve waits
    const verdict = page.locator('[data-testid="review-evidence-verdict"][data-ok="false"]');
    await verdict.filter({ hasText: 'scripted test failed' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('review-approve').isDisabled()).toBe(true);
    expect(await page.getByTestId('review-approve').getAttribute('title')).toMatch(/^The evidence does not allow approval: .*1 scripted test failed/);
    // Rejecting stays possible until dana withdraws the change: the page follows at once (the events
    // socket's `change` event), greying Reject with governance's sentence, no reload, no refused request.
    expect(await page.getByTestId('review-reject').isEnabled()).toBe(true);
    expect((await dana(`/api/changes/${second.id}/actions`, json({ action: 'withdraw', asRole: 'designer' }))).status).toBe(200);
    await page.locator('[data-testid="review-state"][data-state="withdrawn"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('review-reject').isDisabled()).toBe(true);
    expect(await page.getByTestId('review-reject').getAttribute('title')).toBe('The change request is withdrawn: nothing more can happen to it (start a new one).');
    // Refusals are answers, not crashes: nothing was thrown on the page
    expect(studio.pageProblems.filter((problem) => problem.startsWith('uncaught'))).toEqual([]);
  });

  it('follows other people’s actions live: dana’s new change appears in omar’s list, and rita’s request for changes shows on his open page, without a reload', async () => {
    const { page } = studio;
    const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const as = (account: string) => (path: string, init?: RequestInit) => studio.serverFetch(path, init, account);
    const [dana, rita] = [as(DEMO_ACCOUNTS.designer), as(DEMO_ACCOUNTS.rai_lead)];
    await page.getByTestId('reviews-view').waitFor();
    // A mark on the page: still there at the end means nothing reloaded it.
    await page.evaluate(() => Object.assign(window, { reviewsLiveMark: true }));

    const third = (await (await dana('/api/changes', json({ title: 'Branch finder, friendlier greeting' }))).json()) as { id: string };
    const file = (await (await dana(`/api/changes/${third.id}/files?path=${encodeURIComponent(FLOW)}`)).json()) as { content: string };
    await dana(`/api/changes/${third.id}/files`, { ...json({ path: FLOW, content: file.content.replace(OLD_TEXT, NEW_TEXT) }), method: 'PUT' });
    // Created: in omar's drafts with no click on Refresh; submitted: it moves to In review.
    await page.getByTestId('reviews-group-draft').getByTestId(`reviews-item-${third.id}`).waitFor({ timeout: 10_000 });
    expect((await dana(`/api/changes/${third.id}/actions`, json({ action: 'submit', asRole: 'designer' }))).status).toBe(200);
    await page.getByTestId('reviews-group-in_review').getByTestId(`reviews-item-${third.id}`).click({ timeout: 10_000 });
    await page.locator(`[data-testid="review-page"][aria-label="Review of ${third.id}"] [data-testid="review-state"][data-state="in_review"]`).waitFor();

    // rita, in another session, asks for changes: omar's open page and list follow.
    const rationale = 'Say which postcodes work before we change the description.';
    expect((await rita(`/api/changes/${third.id}/actions`, json({ action: 'request_changes', asRole: 'rai_lead', rationale }))).status).toBe(200);
    await page.locator('[data-testid="review-state"][data-state="changes_requested"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('reviews-group-changes_requested').getByTestId(`reviews-item-${third.id}`).waitFor();
    expect(await page.evaluate(() => (window as { reviewsLiveMark?: boolean }).reviewsLiveMark)).toBe(true);
    expect(studio.pageProblems.filter((problem) => problem.startsWith('uncaught'))).toEqual([]);
  });

  it('shows dana, the author, Approve disabled with the reason, and the server’s own refusal when she asks anyway', async () => {
    const context = await studio.browser.newContext({ viewport: { width: 1400, height: 850 } });
    try {
      const page = await context.newPage();
      await studio.signIn(page, DEMO_ACCOUNTS.designer);
      await page.goto(studio.url);
      await page.getByTestId('status-connection').and(page.locator('[data-state="online"]')).waitFor({ timeout: 30_000 });
      await page.getByTestId('activity-reviews').click();
      await page.getByTestId(`reviews-item-${id}`).click();
      await page.locator('[data-testid="review-state"][data-state="approved"]').waitFor();
      await page.getByTestId('review-rationale').fill('my own change looks good');
      for (const verb of ['approve', 'request_changes', 'reject']) {
        const button = page.getByTestId(`review-${verb}`);
        expect(await button.isDisabled()).toBe(true);
        expect(await button.getAttribute('title')).toBe(DESIGNER_REFUSAL);
      }
      expect(await page.getByTestId('review-approve-reason').textContent()).toBe(`Approve: ${DESIGNER_REFUSAL}`);
      // The server decides regardless: a forced request is refused, and it says why
      const refused = await page.evaluate(async (change) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const response = await fetch(`/api/changes/${change}/actions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-colloquy-csrf': session.csrfToken },
          body: JSON.stringify({ action: 'approve', asRole: 'designer', rationale: 'mine' }),
        });
        return { status: response.status, body: (await response.json()) as { error: string } };
      }, id);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/designer/);
      await keepScreenshot(page, 'studio-review-author');
    } finally {
      await context.close();
    }
  });
});
