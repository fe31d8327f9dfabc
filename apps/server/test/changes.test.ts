/**
 * Change requests over HTTP, on a real server with real files, real worker
 * threads, a real audit log and a real git repository: the whole life of a
 * change (open, edit, simulate, submit, approve with evidence, publish), every
 * refusal the rules make (answered with its status and recorded in the audit
 * log before the answer), an edit after approval, out-of-band edits, and
 * `colloquy audit verify` accepting the log at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditRecord } from '@colloquy/governance';
import { workspaceHash } from '@colloquy/simulator';
import { readWorkspace } from '@colloquy/core/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChangeRequestStore } from '../src/changes/ChangeRequestStore.ts';
import { createServer } from '../src/index.ts';
import { versionOf } from '../src/workspace/version.ts';
import { approvalYaml } from './support/approvalYaml.ts';
import { FIXTURE, startTestServer, TEST_ACCOUNTS, TEST_HASHING, type TestServer } from './support/testServer.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** A small, quick run: the evidence does not need to be large to be evidence. */
const RUN = { generators: ['noise', 'wording', 'out_of_scope'], perIntent: 3, seed: 'changes-test' };
/** Bounded waits: a worker thread starts in 1–3 s on the shared machine, and a small run takes as long again. */
const WAIT_MS = 60_000;

const OPENING_HOURS = 'flows/opening_hours.flow.yaml';
const CLOSE_ACCOUNT = 'flows/close_account.flow.yaml';
const HIGH_RISK_FLOW = `kind: flow
version: 1
id: close_account
title: Close an account
risk: high
intents:
  close_account:
    examples: ["close my account", "I want to close my account", "shut down my account please"]
start: handover
nodes:
  handover:
    say: "I'll pass you to the team who can close it."
    handoff: { queue: general, reason: closing an account }
`;
const HOURS_TEST = `kind: test
version: 1
id: hours
flow: opening_hours
tests:
  - id: asks_hours
    turns:
      - user: "when are you open"
        expect: { intent: ask_opening_hours, bot: "9 to 5" }
`;

/** Dora designs and is an operations manager too: the author who must never approve their own change. */
const ACCOUNTS = [...TEST_ACCOUNTS, { name: 'dora', roles: ['designer', 'ops_manager'] as const }];

let source: string;
beforeAll(() => {
  // The fixture workspace with a scripted test and a gate the small runs pass (80 %).
  source = mkdtempSync(join(tmpdir(), 'colloquy-changes-source-'));
  cpSync(FIXTURE, source, { recursive: true });
  appendFileSync(join(source, 'agent.yaml'), approvalYaml(0.8, RUN));
  mkdirSync(join(source, 'tests'));
  writeFileSync(join(source, 'tests', 'hours.test.yaml'), HOURS_TEST);
});
afterAll(() => rmSync(source, { recursive: true, force: true }));

function hoursFlow(say: string): string {
  return readFileSync(join(FIXTURE, OPENING_HOURS), 'utf8').replace('Our branches are open 9 to 5, Monday to Friday.', say);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Details = {
  id: string;
  state: string;
  contentHash: string;
  files: { path: string; status: string }[];
  required: { role: string; count: number }[];
  approval: { satisfied: boolean; roles: { role: string; given: string[] }[]; ignored: { account: string; reason: string }[] };
  conflicts: string[];
  evidence: null | { contentHash: string; reportHash: string; scriptedFailed: number; generatedPassRate: number; verdict: { ok: boolean; reasons?: string[] } };
  baseMoved: boolean;
};

describe('change requests (real server, real files, real audit log)', { timeout: 180_000 }, () => {
  const servers: TestServer[] = [];
  const start = async () => {
    const t = await startTestServer({ copyOf: source, accounts: ACCOUNTS });
    servers.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((t) => t.close()));
  });

  const open = async (t: TestServer, title: string, as = 'dana') => {
    const created = await t.api<{ id: string; state: string; author: string }>('/api/changes', { method: 'POST', json: { title }, as });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const put = (t: TestServer, id: string, path: string, content: string, as = 'dana') => t.api(`/api/changes/${id}/files`, { method: 'PUT', json: { path, content }, as });
  const act = (t: TestServer, id: string, action: string, as: string, asRole: string, rationale?: string) =>
    t.api<{ state: string; error?: string; commit?: string; conflicts?: string[] }>(`/api/changes/${id}/actions`, { method: 'POST', json: { action, asRole, ...(rationale !== undefined ? { rationale } : {}) }, as });
  const details = async (t: TestServer, id: string) => (await t.api<Details>(`/api/changes/${id}`, { as: 'omar' })).body;
  /** Runs a simulation of the change and waits until its evidence is stored (and, with `diff`, the behaviour diff is ready). */
  const simulate = async (t: TestServer, id: string, diff = true) => {
    const started = await t.api<{ id: string; state: string }>(`/api/changes/${id}/simulations`, { method: 'POST', json: RUN });
    expect(started.status).toBe(202);
    const contentHash = (await details(t, id)).contentHash;
    const evidence = await waitFor(`the evidence of ${id}`, async () => {
      const status = (await t.api<{ state: string; error?: string }>(`/api/simulations/${started.body.id}`)).body;
      if (status.state === 'failed' || status.state === 'cancelled') throw new Error(`the simulation ${status.state}: ${status.error}`);
      const now = await details(t, id);
      return now.evidence?.contentHash === contentHash ? now.evidence : undefined;
    });
    if (diff) await waitFor(`the behaviour diff of ${id}`, async () => ((await t.api(`/api/changes/${id}/behaviour-diff`)).status === 200 ? true : undefined));
    return { run: started.body.id, evidence };
  };
  /** The records after `from`, as `action status reason`-ish lines for compact assertions. */
  const recordsSince = (t: TestServer, from: number) => t.auditRecords().slice(from);
  const lastRefusal = (t: TestServer) => t.auditRecords().findLast((r) => r.action === 'auth.denied' || r.action === 'change.refused')!;

  it('lives a whole life: open, edit, simulate, submit, approve with evidence (a high-risk change waits for the responsible-AI lead), publish atomically and commit to git', async () => {
    const t = await start();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: t.root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@example.org', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@example.org' } });
    git('init', '-q');
    git('add', 'agent.yaml', 'flows', 'tests');
    git('commit', '-q', '-m', 'the published workspace');
    const publishedBefore = readFileSync(join(t.root, OPENING_HOURS), 'utf8');

    // Given a designer's change request with an edit and a new high-risk flow
    const id = await open(t, 'Friendlier opening hours, and closing accounts');
    expect(id).toBe('CR-1');
    const newHours = hoursFlow('We are open 9 to 5, Monday to Friday. See you soon!');
    expect((await put(t, id, OPENING_HOURS, newHours)).status).toBe(200);
    expect((await put(t, id, CLOSE_ACCOUNT, HIGH_RISK_FLOW)).status).toBe(200);

    // The published workspace is untouched; the change's view has its own files.
    expect(readFileSync(join(t.root, OPENING_HOURS), 'utf8')).toBe(publishedBefore);
    expect(existsSync(join(t.root, CLOSE_ACCOUNT))).toBe(false);
    expect((await t.api(`/api/changes/${id}/files?path=${encodeURIComponent(OPENING_HOURS)}`, { as: 'vic' })).body).toEqual({ path: OPENING_HOURS, content: newHours });
    expect((await t.api(`/api/changes/${id}/files?path=agent.yaml`)).body).toEqual({ path: 'agent.yaml', content: readFileSync(join(t.root, 'agent.yaml'), 'utf8') });
    expect((await t.api(`/api/changes/${id}/files?path=flows/none.flow.yaml`)).body).toEqual({ path: 'flows/none.flow.yaml', content: null });
    expect((await t.api<unknown[]>(`/api/changes/${id}/diff`)).body).toEqual([
      { path: CLOSE_ACCOUNT, status: 'added', before: null, after: HIGH_RISK_FLOW },
      { path: OPENING_HOURS, status: 'modified', before: publishedBefore, after: newHours },
    ]);
    let d = await details(t, id);
    expect(d).toMatchObject({ id, state: 'draft', author: 'dana', evidence: null, conflicts: [], baseMoved: false });
    expect(d.files).toEqual([
      { path: CLOSE_ACCOUNT, status: 'added' },
      { path: OPENING_HOURS, status: 'modified' },
    ]);
    expect(d.required.map((r) => `${r.role}:${r.count}`)).toEqual(['ops_manager:1', 'rai_lead:1']);
    expect((await t.api<{ id: string; state: string }[]>('/api/changes', { as: 'vic' })).body).toEqual([{ id, title: 'Friendlier opening hours, and closing accounts', author: 'dana', created: expect.any(String), state: 'draft' }]);

    // When the designer submits and simulates it
    expect((await act(t, id, 'submit', 'dana', 'designer')).body.state).toBe('in_review');
    const { evidence } = await simulate(t, id);
    d = await details(t, id);
    // The evidence is the report of exactly the change's content: the simulator's workspaceHash of the overlay.
    const overlay = (await readWorkspace(t.root)).filter((f) => f.path !== OPENING_HOURS);
    expect(d.contentHash).toBe(workspaceHash([...overlay, { path: OPENING_HOURS, content: newHours }, { path: CLOSE_ACCOUNT, content: HIGH_RISK_FLOW }]));
    expect(evidence).toMatchObject({ contentHash: d.contentHash, scriptedFailed: 0, verdict: { ok: true } });
    const stored = JSON.parse(readFileSync(join(t.root, '.colloquy', 'evidence', `${evidence.reportHash}.json`), 'utf8')) as { run: { workspaceHash: string } };
    expect(stored.run.workspaceHash).toBe(d.contentHash);
    const diff = (await t.api<{ diff: { current: { workspaceHash: string }; baseline: { workspaceHash: string }; added: string[] } }>(`/api/changes/${id}/behaviour-diff`, { as: 'rita' })).body.diff;
    expect(diff.current.workspaceHash).toBe(d.contentHash);
    expect(diff.baseline.workspaceHash).toBe(workspaceHash(await readWorkspace(t.root)));
    expect(diff.added.some((c) => c.includes('close_account'))).toBe(true);

    // Then the operations manager approves, but a high-risk change waits for the responsible-AI lead
    const omar = await act(t, id, 'approve', 'omar', 'ops_manager', 'Clearer wording; the simulation passes.');
    expect(omar.status).toBe(200);
    expect(omar.body.state).toBe('in_review');
    expect((await act(t, id, 'publish', 'omar', 'ops_manager')).status).toBe(409);
    expect(lastRefusal(t)).toMatchObject({ action: 'change.refused', change: id, details: { action: 'publish', status: 409 } });
    const rita = await act(t, id, 'approve', 'rita', 'rai_lead', 'Account closure goes to a person, as it must.');
    expect(rita.body.state).toBe('approved');
    d = await details(t, id);
    expect(d.approval.satisfied).toBe(true);
    expect(d.approval.roles.map((r) => `${r.role}:${r.given.join(',')}`)).toEqual(['ops_manager:omar', 'rai_lead:rita']);

    // And publishing puts both files in place at once and commits exactly them
    const before = t.auditRecords().length;
    const published = await act(t, id, 'publish', 'omar', 'ops_manager');
    expect(published.status).toBe(200);
    expect(published.body.state).toBe('published');
    expect(readFileSync(join(t.root, OPENING_HOURS), 'utf8')).toBe(newHours);
    expect(readFileSync(join(t.root, CLOSE_ACCOUNT), 'utf8')).toBe(HIGH_RISK_FLOW);
    expect(readdirSync(join(t.root, '.colloquy'))).not.toContain('publish');
    expect(git('rev-parse', 'HEAD').trim()).toBe(published.body.commit);
    expect(git('show', '--name-status', '--format=%an%n%(trailers)', 'HEAD').trim().split('\n')).toEqual([
      'dana',
      'Change-Request: CR-1',
      'Author: dana',
      'Approved-by: omar (ops_manager)',
      'Approved-by: rita (rai_lead)',
      'Published-by: omar (ops_manager)',
      `Content-Hash: ${d.contentHash}`,
      '',
      '',
      `A\t${CLOSE_ACCOUNT}`,
      `M\t${OPENING_HOURS}`,
    ]);
    expect(git('status', '--porcelain', '--', 'flows')).toBe('');
    const [record] = recordsSince(t, before).filter((r) => r.action === 'change.published');
    expect(record).toMatchObject({
      actor: { account: 'omar', role: 'ops_manager' },
      change: id,
      files: [
        { path: CLOSE_ACCOUNT, before: null, after: versionOf(HIGH_RISK_FLOW) },
        { path: OPENING_HOURS, before: versionOf(publishedBefore), after: versionOf(newHours) },
      ],
      evidence: { reportHash: evidence.reportHash, workspaceHash: d.contentHash, recognizer: 'lexical', seed: RUN.seed },
      details: { git: { commit: published.body.commit } },
    });

    // Nothing more can happen to it; and the server's own publish is not an out-of-band change.
    expect((await act(t, id, 'withdraw', 'dana', 'designer')).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const lifecycle = t.auditRecords().filter((r) => r.change === id).map((r) => r.action);
    expect(lifecycle).toEqual([
      'change.created',
      'change.edited',
      'change.edited',
      'change.submitted',
      'simulation.evidence',
      'change.approved',
      'change.refused',
      'change.approved',
      'change.published',
      'change.refused',
    ]);
    expect(t.auditRecords().filter((r) => r.action === 'workspace.out_of_band')).toEqual([]);
    const approvals = t.auditRecords().filter((r) => r.action === 'change.approved');
    expect(approvals.map((r) => [r.actor.account, r.actor.role, r.rationale, r.evidence?.reportHash])).toEqual([
      ['omar', 'ops_manager', 'Clearer wording; the simulation passes.', evidence.reportHash],
      ['rita', 'rai_lead', 'Account closure goes to a person, as it must.', evidence.reportHash],
    ]);

    // colloquy audit verify accepts the log the server wrote.
    await t.server.close();
    const verify = spawnSync(process.execPath, [join(REPO, 'apps/cli/bin/colloquy.mjs'), 'audit', 'verify', t.root], { cwd: REPO, encoding: 'utf8' });
    expect(verify.stderr).toBe('');
    expect(verify.status, verify.stdout).toBe(0);
  });

  it('refuses what the rules refuse, with the right status, and records each refusal before answering', async () => {
    const t = await start();
    // Everyone signs in first (each sign-in is a record of its own).
    for (const { name } of ACCOUNTS) await t.signIn(name);
    const id = await open(t, 'Shorter hours', 'dora');
    expect((await put(t, id, OPENING_HOURS, hoursFlow('Open 9 to 5.'), 'dora')).status).toBe(200);

    const refusals: [string, () => Promise<{ status: number; body: { error?: string } }>, number, RegExp, Partial<AuditRecord>][] = [
      // A viewer writing: the route needs change.edit (the server's guard), and a review action as a viewer (decide).
      ['viewer writing', () => put(t, id, OPENING_HOURS, 'x: 1\n', 'vic'), 403, /viewer/i, { action: 'auth.denied', actor: { account: 'vic', role: null } }],
      ['viewer opening', () => t.api('/api/changes', { method: 'POST', json: { title: 'mine' }, as: 'vic' }), 403, /viewer/i, { action: 'auth.denied' }],
      ['viewer submitting', () => act(t, id, 'submit', 'vic', 'viewer'), 403, /a viewer cannot submit/i, { action: 'auth.denied', change: id, details: { action: 'submit', status: 403 } as never }],
      // Illegal transitions.
      ['approving a draft', () => act(t, id, 'approve', 'omar', 'ops_manager', 'fine'), 409, /only a change request in review can be approved; this one is draft/i, { action: 'change.refused', change: id }],
      ['publishing a draft', () => act(t, id, 'publish', 'omar', 'ops_manager'), 409, /approvals it needs are not complete/i, { action: 'change.refused', change: id }],
      ['rejecting a draft', () => act(t, id, 'reject', 'omar', 'ops_manager', 'no'), 409, /cannot be rejected/i, { action: 'change.refused' }],
      ['someone else withdrawing', () => act(t, id, 'withdraw', 'dana', 'designer'), 403, /only the author/i, { action: 'auth.denied' }],
      ['a role not held', () => act(t, id, 'submit', 'dana', 'rai_lead'), 403, /does not hold the role rai_lead/i, { action: 'auth.denied', actor: { account: 'dana', role: null } }],
    ];
    const check = async (name: string, request: () => Promise<{ status: number; body: { error?: string } }>, status: number, message: RegExp, recorded: Partial<AuditRecord>) => {
      const before = t.auditRecords().length;
      const answer = await request();
      expect(answer.status, name).toBe(status);
      expect(answer.body.error, name).toMatch(message);
      // Recorded, and on disk by the time the answer came.
      const added = recordsSince(t, before);
      expect(added, name).toHaveLength(1);
      expect(added[0], name).toMatchObject(recorded);
      expect(added[0]!.details, name).toMatchObject({ status });
    };
    for (const [name, request, status, message, recorded] of refusals) await check(name, request, status, message, recorded);

    expect((await act(t, id, 'submit', 'dora', 'designer')).body.state).toBe('in_review');
    const more: typeof refusals = [
      ['submitting twice', () => act(t, id, 'submit', 'dora', 'designer'), 409, /cannot be submitted/i, { action: 'change.refused' }],
      // The author, though an operations manager too, never approves their own change.
      ['author approving', () => act(t, id, 'approve', 'dora', 'ops_manager', 'looks fine to me'), 403, /the author of a change cannot approve it/i, { action: 'auth.denied', actor: { account: 'dora', role: 'ops_manager' } }],
      ['designer approving', () => act(t, id, 'approve', 'dana', 'designer', 'fine'), 403, /a designer cannot approve/i, { action: 'auth.denied' }],
      ['admin approving', () => act(t, id, 'approve', 'ada', 'admin', 'fine'), 403, /an admin cannot approve/i, { action: 'auth.denied' }],
      ['approving without a rationale', () => act(t, id, 'approve', 'omar', 'ops_manager', '  '), 422, /needs a rationale/i, { action: 'change.refused' }],
      ['approving without evidence', () => act(t, id, 'approve', 'omar', 'ops_manager', 'fine'), 422, /no simulation report/i, { action: 'change.refused', actor: { account: 'omar', role: 'ops_manager' } }],
    ];
    for (const [name, request, status, message, recorded] of more) await check(name, request, status, message, recorded);

    // Evidence that fails the gates: the scripted test expects "9 to 5" and the change says "10 to 4".
    expect((await put(t, id, OPENING_HOURS, hoursFlow('Open 10 to 4.'), 'dora')).status).toBe(200);
    const failing = await simulate(t, id, false);
    expect(failing.evidence).toMatchObject({ scriptedFailed: 1, verdict: { ok: false } });
    await check('approving on failing evidence', () => act(t, id, 'approve', 'omar', 'ops_manager', 'fine'), 422, /1 scripted test failed/i, { action: 'change.refused' });

    // Stale evidence: a passing report, then an edit: the report is of other content now.
    expect((await put(t, id, OPENING_HOURS, hoursFlow('Open 9 to 5 on weekdays.'), 'dora')).status).toBe(200);
    await simulate(t, id, false);
    expect((await put(t, id, OPENING_HOURS, hoursFlow('Open 9 to 5 on weekdays!'), 'dora')).status).toBe(200);
    await check('approving on stale evidence', () => act(t, id, 'approve', 'omar', 'ops_manager', 'fine'), 422, /no simulation report of this content with the workspace's evidence settings/i, { action: 'change.refused' });
    expect((await details(t, id)).evidence).toBeNull();

    // Publishing over someone else's edit of the same file (here an out-of-band one) is a conflict naming the file.
    await simulate(t, id, false);
    expect((await act(t, id, 'approve', 'omar', 'ops_manager', 'Fine now.')).body.state).toBe('approved');
    writeFileSync(join(t.root, OPENING_HOURS), hoursFlow('Edited by hand on the server.'));
    await waitFor('the conflict', async () => ((await details(t, id)).conflicts.length > 0 ? true : undefined));
    const conflict = await act(t, id, 'publish', 'omar', 'ops_manager');
    expect(conflict.status).toBe(409);
    expect(conflict.body.conflicts).toEqual([OPENING_HOURS]);
    expect(conflict.body.error).toMatch(/opening_hours\.flow\.yaml/);
    expect(lastRefusal(t)).toMatchObject({ action: 'change.refused', change: id, details: { action: 'publish', status: 409, conflicts: [OPENING_HOURS] } });
    expect(readFileSync(join(t.root, OPENING_HOURS), 'utf8')).toBe(hoursFlow('Edited by hand on the server.'));
    expect((await details(t, id)).state).toBe('approved');

    // Unauthenticated: 401 from the guard, recorded too.
    const before = t.auditRecords().length;
    expect((await t.api(`/api/changes/${id}`, { as: null })).status).toBe(401);
    expect(recordsSince(t, before)).toMatchObject([{ action: 'auth.denied', details: { status: 401 } }]);
    // Unknown change requests and bad paths.
    expect((await t.api('/api/changes/CR-99')).status).toBe(404);
    expect((await t.api('/api/changes/..%2Fetc')).status).toBe(404);
    expect((await put(t, id, '../outside.yaml', 'x: 1\n', 'dora')).status).toBe(400);
    expect((await put(t, id, '.colloquy/audit/log.yaml', 'x: 1\n', 'dora')).status).toBe(400);
  });

  it('an edit after approval sends the change back to review, and the approval no longer counts', async () => {
    const t = await start();
    const id = await open(t, 'Weekend hours');
    await put(t, id, OPENING_HOURS, hoursFlow('Open 9 to 5, and Saturdays 10 to 2.'));
    await act(t, id, 'submit', 'dana', 'designer');
    await simulate(t, id, false);
    expect((await act(t, id, 'approve', 'omar', 'ops_manager', 'Saturday hours are right.')).body.state).toBe('approved');

    const before = t.auditRecords().length;
    const edited = await put(t, id, OPENING_HOURS, hoursFlow('Open 9 to 5, and Saturdays 10 to 3.'));
    expect(edited.status).toBe(200);
    expect(edited.body['state']).toBe('in_review');
    expect(recordsSince(t, before).map((r) => r.action)).toEqual(['change.edited', 'change.returned_to_review']);
    const d = await details(t, id);
    expect(d.state).toBe('in_review');
    expect(d.approval.satisfied).toBe(false);
    expect(d.approval.ignored).toEqual([{ account: 'omar', role: 'ops_manager', reason: 'given for an earlier version of the change' }]);
    expect((await act(t, id, 'publish', 'omar', 'ops_manager')).status).toBe(409);

    // Approving the new content needs new evidence.
    await simulate(t, id, false);
    expect((await act(t, id, 'approve', 'omar', 'ops_manager', 'Three is right.')).body.state).toBe('approved');
    expect((await act(t, id, 'publish', 'omar', 'ops_manager')).body.state).toBe('published');
    expect(readFileSync(join(t.root, OPENING_HOURS), 'utf8')).toBe(hoursFlow('Open 9 to 5, and Saturdays 10 to 3.'));

    // Deleting a file in a change: the change's view has none, the diff shows it, the published file stays.
    const other = await open(t, 'No hours test');
    const testFile = 'tests/hours.test.yaml';
    expect((await t.api(`/api/changes/${other}/files?path=${testFile}`, { method: 'DELETE' })).status).toBe(200);
    expect((await t.api(`/api/changes/${other}/files?path=${testFile}`)).body).toEqual({ path: testFile, content: null });
    expect((await t.api(`/api/changes/${other}/diff`)).body).toEqual([{ path: testFile, status: 'deleted', before: HOURS_TEST, after: null }]);
    expect(t.auditRecords().at(-1)).toMatchObject({ action: 'change.edited', change: other, files: [{ path: testFile, before: versionOf(HOURS_TEST), after: null }] });
    expect((await t.api(`/api/changes/${other}/files?path=${testFile}`, { method: 'DELETE' })).status).toBe(404);
    expect(readFileSync(join(t.root, testFile), 'utf8')).toBe(HOURS_TEST);
  });

  it('records edits made outside Colloquy, while running and while it was stopped, and sends approved changes they move back to review', async () => {
    const t = await start();
    // An approved change of another file: an out-of-band edit of the published workspace changes its content.
    const id = await open(t, 'A closing flow');
    await put(t, id, CLOSE_ACCOUNT, HIGH_RISK_FLOW);
    await act(t, id, 'submit', 'dana', 'designer');
    await simulate(t, id, false);
    await act(t, id, 'approve', 'omar', 'ops_manager', 'fine');
    expect((await act(t, id, 'approve', 'rita', 'rai_lead', 'handed over, fine')).body.state).toBe('approved');

    const before = readFileSync(join(t.root, OPENING_HOURS));
    const after = hoursFlow('Edited in a text editor.');
    writeFileSync(join(t.root, OPENING_HOURS), after);
    const record = await waitFor('the out-of-band record', async () => t.auditRecords().find((r) => r.action === 'workspace.out_of_band'));
    expect(record).toMatchObject({ actor: { account: null, role: null }, files: [{ path: OPENING_HOURS, before: versionOf(before), after: versionOf(after) }], details: { detected: 'by the file watcher' } });
    const returned = await waitFor('the return to review', async () => t.auditRecords().find((r) => r.action === 'change.returned_to_review'));
    expect(returned).toMatchObject({ change: id, actor: { account: null } });
    expect((await details(t, id)).state).toBe('in_review');
    expect((await details(t, id)).baseMoved).toBe(true);
  });

  it('records at start-up a publish the last process made but did not record, and does not take its files for out-of-band edits', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'colloquy-unrecorded-'));
    const root = join(folder, 'workspace');
    cpSync(source, root, { recursive: true });
    const options = { root, port: 0, studioDir: join(folder, 'no-studio'), log: () => undefined, passwordHashing: TEST_HASHING };
    try {
      await (await createServer(options)).close();
      // A process that stopped right after publishing: the files are in place, the change marked published, nothing recorded.
      const store = new ChangeRequestStore(root);
      let meta = await store.create('dana', 'Closing accounts');
      meta = await store.write(meta, CLOSE_ACCOUNT, HIGH_RISK_FLOW);
      meta = await store.update(meta, { state: 'approved', approvals: [{ account: 'omar', role: 'ops_manager', contentHash: 'h', rationale: 'fine' }] });
      await store.publish(meta);
      expect(readFileSync(join(root, CLOSE_ACCOUNT), 'utf8')).toBe(HIGH_RISK_FLOW);

      await (await createServer(options)).close();
      await (await createServer(options)).close();
      const records = readFileSync(join(root, '.colloquy', 'audit', 'log.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord);
      expect(records.filter((r) => r.action === 'change.published')).toMatchObject([
        { change: meta.id, actor: { account: null }, files: [{ path: CLOSE_ACCOUNT, before: null, after: versionOf(HIGH_RISK_FLOW) }], details: { recovered: expect.stringMatching(/stopped after publishing/) } },
      ]);
      expect(records.filter((r) => r.action === 'workspace.out_of_band')).toEqual([]);
      expect((await store.get(meta.id))!.publication).toEqual({ record: records.find((r) => r.action === 'change.published')!.seq, commit: null });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('compares the workspace with the last published version at start-up', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'colloquy-oob-'));
    const root = join(folder, 'workspace');
    cpSync(source, root, { recursive: true });
    const options = { root, port: 0, studioDir: join(folder, 'no-studio'), log: () => undefined, passwordHashing: TEST_HASHING };
    try {
      // First start: the workspace as it is becomes the published version.
      await (await createServer(options)).close();
      expect(JSON.parse(readFileSync(join(root, '.colloquy', 'published.json'), 'utf8')).files[OPENING_HOURS]).toBe(versionOf(readFileSync(join(root, OPENING_HOURS))));
      // While stopped: one file edited, one added, one deleted.
      const oldHours = readFileSync(join(root, OPENING_HOURS));
      const oldTest = readFileSync(join(root, 'tests', 'hours.test.yaml'));
      writeFileSync(join(root, OPENING_HOURS), hoursFlow('git pull changed this'));
      writeFileSync(join(root, CLOSE_ACCOUNT), HIGH_RISK_FLOW);
      rmSync(join(root, 'tests', 'hours.test.yaml'));
      await (await createServer(options)).close();
      // Once only: a third start finds nothing new.
      await (await createServer(options)).close();
      const records = readFileSync(join(root, '.colloquy', 'audit', 'log.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord);
      expect(records.filter((r) => r.action === 'workspace.out_of_band')).toMatchObject([
        {
          details: { detected: 'at start-up' },
          files: [
            { path: CLOSE_ACCOUNT, before: null, after: versionOf(HIGH_RISK_FLOW) },
            { path: OPENING_HOURS, before: versionOf(oldHours), after: versionOf(hoursFlow('git pull changed this')) },
            { path: 'tests/hours.test.yaml', before: versionOf(oldTest), after: null },
          ],
        },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
