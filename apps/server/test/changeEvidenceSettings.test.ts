/**
 * What a change request's simulation runs: the settings its request names,
 * the rest from the published agent.yaml's `approval.evidence` (chosen by the
 * workspace's owners), over any test file's `simulate:` block and whatever the
 * change itself writes into agent.yaml. Only a run with exactly the owners'
 * settings counts as evidence (details, approval, behaviour diff): a request
 * naming its own settings runs and is recorded, but judges nothing. The review
 * page shows the run's settings from the details' evidence (`evidence.run`).
 * The example workspace's evidence run passes its own gate, so an approver can
 * get approvable evidence from the studio.
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_WORKSPACE, FIXTURE, startTestServer, type TestServer } from './support/testServer.ts';

const WAIT_MS = 60_000;
const OWNERS_EVIDENCE = 'approval:\n  min_pass_rate: 0.5\n  evidence:\n    generators: [blank, noise]\n    per_intent: 1\n    seed: owners-seed\n';
/** A designer's own settings for the flow: the evidence run must not take them. */
const HOURS_TEST = `kind: test
version: 1
id: hours
flow: opening_hours
simulate: { generators: [wording], per_intent: 2, seed: designer-seed }
tests:
  - id: asks_hours
    turns:
      - user: "when are you open"
        expect: { intent: ask_opening_hours, bot: "9 to 5" }
`;

type ReportRun = { seed: string; perIntent: number; generators: string[]; flows: { flow: string; generators: string[]; perIntent: number; seed: string }[] };
type Run = { generators: string[]; perIntent: number; seed: string; recognizer: string; model: string | null; flowsWithOwnSettings: string[] };
type Details = { contentHash: string; evidence: null | { contentHash: string; reportHash: string; generatedPassRate: number; policyErrors: number; verdict: { ok: boolean; reasons?: string[] }; run: Run } };

let source: string;
beforeAll(() => {
  source = mkdtempSync(join(tmpdir(), 'colloquy-evidence-settings-'));
  cpSync(FIXTURE, source, { recursive: true });
  appendFileSync(join(source, 'agent.yaml'), OWNERS_EVIDENCE);
  mkdirSync(join(source, 'tests'));
  writeFileSync(join(source, 'tests', 'hours.test.yaml'), HOURS_TEST);
});
afterAll(() => rmSync(source, { recursive: true, force: true }));

describe("a change's simulation runs agent.yaml's approval.evidence (real server)", { timeout: 120_000 }, () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /**
   * Starts the change's simulation with `body` and waits until its report is stored and indexed (the index
   * file names it); returns the report's hash and `run` section.
   */
  const simulate = async (server: TestServer, id: string, body: object) => {
    const started = await server.api<{ id: string }>(`/api/changes/${id}/simulations`, { method: 'POST', json: body, as: 'dana' });
    expect(started.status).toBe(202);
    const until = performance.now() + WAIT_MS;
    for (;;) {
      const status = (await server.api<{ state: string; error?: string }>(`/api/simulations/${started.body.id}`)).body;
      if (status.state === 'failed' || status.state === 'cancelled') throw new Error(`the simulation ${status.state}: ${status.error}`);
      if (status.state === 'done') {
        const report = (await server.api<{ reportHash: string; run: ReportRun }>(`/api/simulations/${started.body.id}/report`)).body;
        const indexed = () => readFileSync(join(server.root, '.colloquy', 'changes', 'evidence-index.json'), 'utf8').includes(report.reportHash);
        while (!existsSync(join(server.root, '.colloquy', 'changes', 'evidence-index.json')) || !indexed()) {
          if (performance.now() > until) throw new Error(`timed out waiting for ${report.reportHash} to be indexed`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return report;
      }
      if (performance.now() > until) throw new Error(`timed out waiting for the simulation of ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const details = async (server: TestServer, id: string) => (await server.api<Details>(`/api/changes/${id}`, { as: 'omar' })).body;

  it("fills what the request does not name from the published agent.yaml, over test files' simulate blocks and the change's own agent.yaml", async () => {
    t = await startTestServer({ copyOf: source });
    const id = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'Pick my own evidence' }, as: 'dana' })).body.id;
    // The change tries to choose the run that judges it: its agent.yaml asks for another evidence run.
    const agent = (await t.api<{ content: string }>(`/api/changes/${id}/files?path=agent.yaml`)).body.content;
    const relaxed = agent.replace('generators: [blank, noise]', 'generators: [wording]').replace('seed: owners-seed', 'seed: lucky');
    expect(relaxed).not.toBe(agent);
    expect((await t.api(`/api/changes/${id}/files`, { method: 'PUT', json: { path: 'agent.yaml', content: relaxed }, as: 'dana' })).status).toBe(200);

    // A request naming its own settings runs first: those win for what it names, the rest are the owners'.
    const named = await simulate(t, id, { seed: 'asked', perIntent: 2 });
    expect(named.run).toMatchObject({ generators: ['noise', 'blank'], perIntent: 2, seed: 'asked' });
    expect(named.run.flows).toEqual([{ flow: 'opening_hours', generators: ['noise', 'blank'], perIntent: 2, seed: 'asked' }]);
    const namedRecord = t.auditRecords().findLast((r) => r.action === 'simulation.evidence' && r.change === id);
    expect(namedRecord?.details).toMatchObject({ of: 'change', settings: { seed: 'asked', perIntent: 2 } });
    // ...but it is no evidence: a change's author does not pick the run that judges it.
    expect((await details(t, id)).evidence).toBeNull();
    expect((await t.api(`/api/changes/${id}/actions`, { method: 'POST', json: { action: 'submit', asRole: 'designer' }, as: 'dana' })).status).toBe(200);
    const refused = await t.api<{ error: string }>(`/api/changes/${id}/actions`, { method: 'POST', json: { action: 'approve', asRole: 'ops_manager', rationale: 'looks fine' }, as: 'omar' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/no simulation report of this content with the workspace's evidence settings/);
    expect((await t.api(`/api/changes/${id}/behaviour-diff`, { as: 'omar' })).status).not.toBe(200);

    // An empty request (what the review page's Run sends): the owners' run, for every flow (the designer's simulate block loses on every setting).
    const owners = await simulate(t, id, {});
    expect(owners.run).toMatchObject({ generators: ['noise', 'blank'], perIntent: 1, seed: 'owners-seed', flows: [{ flow: 'opening_hours', generators: ['noise', 'blank'], perIntent: 1, seed: 'owners-seed' }] });
    const evidence = (await details(t, id)).evidence;
    expect(evidence?.reportHash).toBe(owners.reportHash);
    expect(evidence?.run).toEqual({ generators: ['noise', 'blank'], perIntent: 1, seed: 'owners-seed', recognizer: 'lexical', model: null, flowsWithOwnSettings: ['opening_hours'] });
    const record = t.auditRecords().findLast((r) => r.action === 'simulation.evidence' && r.change === id);
    expect(record?.details).toMatchObject({ of: 'change', settings: { seed: 'owners-seed', perIntent: 1, generators: ['noise', 'blank'] } });

    // Another run with other settings afterwards does not displace it.
    const later = await simulate(t, id, { seed: 'asked-again' });
    expect((await details(t, id)).evidence?.reportHash).toBe(owners.reportHash);
    expect(later.reportHash).not.toBe(owners.reportHash);
  });

  it("gives evidence that passes the example workspace's own gate from an empty request (what the studio's Run sends)", async () => {
    t = await startTestServer({ copyOf: EXAMPLE_WORKSPACE });
    const id = (await t.api<{ id: string }>('/api/changes', { method: 'POST', json: { title: 'Nothing yet' }, as: 'dana' })).body.id;
    await simulate(t, id, {});
    const { evidence } = await details(t, id);
    if (!evidence) throw new Error('no evidence after the run');
    expect(evidence.run).toMatchObject({ generators: ['noise', 'blank', 'sensitive', 'injection', 'multi_turn'], perIntent: 3, seed: 'colloquy' });
    expect({ policyErrors: evidence.policyErrors, verdict: evidence.verdict }).toEqual({ policyErrors: 0, verdict: { ok: true } });
    expect(evidence.generatedPassRate).toBeGreaterThanOrEqual(95);
  });
});
