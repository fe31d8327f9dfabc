/**
 * The Reviews view's model on governance's real rules: groups by state, the
 * review buttons' reasons for each person and situation (the author, a role
 * that may not review, missing or failing evidence, a state that allows no
 * review), approvals required / given / ignored, the evidence in words, the
 * validation of a change laid over the example workspace, and a change's
 * simulation followed by the Simulate tab's runner.
 */
import { approvalStatus, DEFAULT_APPROVAL_RULES, evidenceVerdict, requiredApprovals, type Approval, type EvidenceSummary } from '@colloquy/governance';
import type { SimulationReport } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';
import { SimulationRunner } from '../../../src/features/simulate/headless.ts';
import {
  approvalsView,
  changeSimulations,
  evidenceView,
  conflictsSentence,
  groupByState,
  lifecycleControls,
  overlay,
  rationaleProblem,
  reviewControls,
  validateChange,
  type ChangeDetails,
  type ChangeState,
  type ChangesApi,
  type EvidenceRun,
} from '../../../src/features/reviews/headless.ts';
import { MemorySimulationsApi } from '../../support/MemorySimulationsApi.ts';
import { readExampleWorkspace } from '../simulate/support.ts';

const HASH = 'c0ffee';
const FLOW = 'flows/card_lost.flow.yaml';
const REQUIRED = requiredApprovals(DEFAULT_APPROVAL_RULES, [{ path: FLOW, kind: 'flow', risk: 'low', topics: [] }]);
const GATES = { minGeneratedPassRate: 80 };
const PASSING: EvidenceSummary = { contentHash: HASH, reportHash: 'r1', scriptedFailed: 0, policyErrors: 0, generatedPassRate: 91.4 };

/** A change's details as the server builds them, with governance's own approvalStatus and evidenceVerdict. */
/** How the evidence was run, as the server reports it (`evidence.run`). */
const RUN: EvidenceRun = { generators: ['noise', 'blank'], perIntent: 3, seed: 'colloquy', recognizer: 'lexical', model: null, flowsWithOwnSettings: [] };

function details(options: { state?: ChangeState; approvals?: Approval[]; evidence?: EvidenceSummary | null; run?: EvidenceRun } = {}): ChangeDetails {
  const approvals = options.approvals ?? [];
  const evidence = options.evidence === undefined ? PASSING : options.evidence;
  return {
    id: 'CR-1',
    title: 'Friendlier card-lost greeting',
    author: 'dana',
    created: '2026-11-23T10:00:00.000Z',
    state: options.state ?? 'in_review',
    contentHash: HASH,
    files: [{ path: FLOW, status: 'modified' }],
    required: REQUIRED,
    approval: approvalStatus(REQUIRED, approvals, { author: 'dana', contentHash: HASH }),
    approvals,
    conflicts: [],
    evidence: evidence ? { ...evidence, verdict: evidenceVerdict(evidence, HASH, GATES), minGeneratedPassRate: GATES.minGeneratedPassRate, run: options.run ?? RUN } : null,
    baseMoved: false,
  };
}

const omar = { name: 'omar', roles: ['ops_manager'] };
const refusals = (controls: ReturnType<typeof reviewControls>) => Object.fromEntries(controls.controls.map((c) => [c.verb, c.refusal]));

describe('the list of change requests', () => {
  it('groups by state, what needs a reviewer first, and leaves out empty groups', () => {
    const list = (['draft', 'in_review', 'approved', 'in_review'] as const).map((state, i) => ({ id: `CR-${i + 1}`, title: 't', author: 'dana', created: '', state }));
    expect(groupByState(list).map((g) => [g.label, g.changes.map((c) => c.id)])).toEqual([
      ['In review', ['CR-2', 'CR-4']],
      ['Approved', ['CR-3']],
      ['Drafts', ['CR-1']],
    ]);
    expect(groupByState([])).toEqual([]);
  });
});

describe('the review buttons', () => {
  it('lets an operations manager approve, request changes or reject a change in review with passing evidence', () => {
    const controls = reviewControls(omar, details());
    expect(controls.asRole).toBe('ops_manager');
    expect(refusals(controls)).toEqual({ approve: undefined, request_changes: undefined, reject: undefined });
  });

  it('gives the author governance’s sentence for their role, and the author rule when they hold a reviewer role', () => {
    expect(refusals(reviewControls({ name: 'dana', roles: ['designer'] }, details()))).toEqual({
      approve: 'Your role (designer) may not review change requests; that needs one of the roles ops_manager, rai_lead.',
      request_changes: 'Your role (designer) may not review change requests; that needs one of the roles ops_manager, rai_lead.',
      reject: 'Your role (designer) may not review change requests; that needs one of the roles ops_manager, rai_lead.',
    });
    const both = refusals(reviewControls({ name: 'dana', roles: ['designer', 'ops_manager'] }, details()));
    expect(both.approve).toBe('The author of a change cannot approve it, whatever roles they hold.');
    expect(both.reject).toBe('The author of a change cannot reject it, whatever roles they hold.');
  });

  it('says why approving waits: no evidence, or evidence that fails the gates (rejecting stays possible)', () => {
    expect(refusals(reviewControls(omar, details({ evidence: null }))).approve).toBe(
      "The evidence does not allow approval: no simulation report of this content with the workspace's evidence settings (agent.yaml approval.evidence): run the change's simulation.",
    );
    const failing = refusals(reviewControls(omar, details({ evidence: { ...PASSING, generatedPassRate: 50, scriptedFailed: 2 } })));
    expect(failing.approve).toBe("The evidence does not allow approval: 2 scripted tests failed; generated cases pass at 50%, under the workspace's gate of 80%.");
    expect(failing.reject).toBeUndefined();
  });

  it('refuses every review outside review, and a second approval by the same person', () => {
    const draft = refusals(reviewControls(omar, details({ state: 'draft' })));
    expect(draft.approve).toBe('Only a change request in review can be approved; this one is draft.');
    expect(draft.reject).toMatch(/^[A-Z].*\.$/);
    const given = [{ account: 'omar', role: 'ops_manager' as const, contentHash: HASH, rationale: 'fine' }];
    expect(refusals(reviewControls({ name: 'omar', roles: ['ops_manager', 'rai_lead'] }, details({ approvals: given }))).approve).toBe('Omar has already approved this version of the change.');
  });

  it('refuses a viewer, an admin and nobody signed in', () => {
    expect(refusals(reviewControls({ name: 'vic', roles: ['viewer'] }, details())).approve).toBe('Your role (viewer) may not review change requests; that needs one of the roles ops_manager, rai_lead.');
    expect(refusals(reviewControls({ name: 'ada', roles: ['admin'] }, details())).approve).toMatch(/^Your role \(admin\) may not review/);
    expect(refusals(reviewControls(undefined, details())).approve).toBe('Sign in first.');
  });

  it('acts in the reviewer role the change still needs', () => {
    const rita = { name: 'rita', roles: ['ops_manager', 'rai_lead'] };
    const highRisk = { ...details(), required: [...REQUIRED, { role: 'rai_lead' as const, count: 1, because: ['a high-risk flow'] }] };
    const withStatus = { ...highRisk, approval: approvalStatus(highRisk.required, [{ account: 'omar', role: 'ops_manager', contentHash: HASH, rationale: 'ok' }], { author: 'dana', contentHash: HASH }) };
    expect(reviewControls(rita, withStatus).asRole).toBe('rai_lead');
    expect(reviewControls(rita, withStatus, 'ops_manager').asRole).toBe('ops_manager');
  });

  it('needs a written rationale', () => {
    expect(rationaleProblem('  ')).toBe('Write why: the audit log keeps your rationale with the decision.');
    expect(rationaleProblem('x'.repeat(10_001))).toBe('At most 10,000 characters.');
    expect(rationaleProblem('Reads better; evidence passes.')).toBeUndefined();
  });
});

describe('the change request’s own moves', () => {
  const dana = { name: 'dana', roles: ['designer'] };
  const moves = (account: Parameters<typeof lifecycleControls>[0], change: ChangeDetails) => Object.fromEntries(lifecycleControls(account, change).map((c) => [c.verb, c.refusal ?? 'open']));
  const approved = [{ account: 'omar', role: 'ops_manager' as const, contentHash: HASH, rationale: 'fine' }];

  it('offers the author submit and withdraw on a draft, with governance’s sentence where the state refuses', () => {
    expect(moves(dana, details({ state: 'draft' }))).toEqual({ submit: 'open', withdraw: 'open' });
    const inReview = moves(dana, details());
    expect(inReview.withdraw).toBe('open');
    expect(inReview.submit).toMatch(/^[A-Z].*in review.*\.$/);
    expect(lifecycleControls(dana, details({ state: 'draft' })).map((c) => c.asRole)).toEqual(['designer', 'designer']);
  });

  it('offers another designer submit but not withdraw (the author’s alone), and nothing to a viewer, an admin or nobody', () => {
    expect(moves({ name: 'dora', roles: ['designer'] }, details({ state: 'draft' }))).toEqual({ submit: 'open' });
    expect(lifecycleControls({ name: 'vic', roles: ['viewer'] }, details())).toEqual([]);
    expect(lifecycleControls({ name: 'ada', roles: ['admin'] }, details())).toEqual([]);
    expect(lifecycleControls(undefined, details())).toEqual([]);
  });

  it('offers an operations manager publish, disabled until the approvals are complete', () => {
    expect(moves(omar, details())).toEqual({ publish: 'The approvals it needs are not complete for its current content.' });
    expect(moves({ name: 'rita', roles: ['rai_lead'] }, details())).toEqual({});
    expect(moves(omar, details({ state: 'approved', approvals: approved }))).toEqual({ publish: 'open' });
    expect(lifecycleControls(omar, details({ state: 'approved', approvals: approved }))[0]!.asRole).toBe('ops_manager');
    expect(moves(omar, details({ state: 'published', approvals: approved })).publish).toMatch(/^[A-Z].*published.*\.$/);
  });

  it('keeps publish disabled over the conflicts the server names', () => {
    const conflicted = { ...details({ state: 'approved', approvals: approved }), conflicts: ['flows/a.flow.yaml', 'agent.yaml'] };
    expect(moves(omar, conflicted).publish).toBe('The published version of flows/a.flow.yaml, agent.yaml changed since this change request first touched them: publishing would overwrite that.');
    expect(conflictsSentence(['x.yaml'])).toMatch(/first touched it:/);
  });
});

describe('approvals and evidence', () => {
  it('lists the approvals required, given with their rationale, and those ignored with why', () => {
    const approvals: Approval[] = [
      { account: 'rita', role: 'rai_lead', contentHash: 'old', rationale: 'earlier' },
      { account: 'omar', role: 'ops_manager', contentHash: HASH, rationale: 'Greeting only; evidence passes.' },
    ];
    const view = approvalsView(details({ approvals }));
    expect(view.satisfied).toBe(true);
    expect(view.rows).toEqual([{ role: 'ops_manager', required: 1, given: [{ account: 'omar', rationale: 'Greeting only; evidence passes.' }], because: REQUIRED[0]!.because, complete: true }]);
    expect(view.ignored).toEqual([{ account: 'rita', role: 'rai_lead', reason: 'given for an earlier version of the change' }]);
  });

  it('puts the evidence’s figures against the gates, with the verdict’s reasons', () => {
    const good = evidenceView(details());
    expect(good.allowsApproval).toBe(true);
    expect(good.lines.map((l) => [l.label, l.value, l.ok])).toEqual([
      ['Generated cases passing', '91.4% (gate 80%)', true],
      ['Scripted tests failing', '0', true],
      ['Policy results at error level', '0', true],
      ['Of this content', 'yes', true],
    ]);
    const stale = evidenceView(details({ evidence: { ...PASSING, contentHash: 'older' } }));
    expect(stale.allowsApproval).toBe(false);
    expect(stale.reasons).toEqual(['The simulation report is of other content than the change now holds: run it again.']);
    expect(evidenceView(details({ evidence: null })).reasons).toEqual(['No simulation of this content yet: run one (the report becomes the evidence).']);
  });

  it('says how the evidence was run, so approvers see what the figures are of', () => {
    expect(evidenceView(details()).run).toEqual([
      { label: 'Generators', value: 'noise, blank' },
      { label: 'Cases per intent', value: '3' },
      { label: 'Seed', value: 'colloquy' },
      { label: 'Recognizer', value: 'lexical' },
    ]);
    const model = evidenceView(details({ run: { ...RUN, recognizer: 'use', model: 'use-lite', flowsWithOwnSettings: ['card_lost', 'transfer_money'] } })).run;
    expect(model.slice(3)).toEqual([
      { label: 'Recognizer', value: 'use (use-lite)' },
      { label: 'Flows with their own settings', value: 'card_lost, transfer_money' },
    ]);
    expect(evidenceView(details({ evidence: null })).run).toEqual([]);
  });
});

describe('validation of the change’s content', () => {
  const published = readExampleWorkspace();
  const original = published.get(FLOW)!;

  it('lays the change over the published files (deletions included)', () => {
    const files = overlay(published, [
      { path: FLOW, status: 'modified', before: original, after: 'x' },
      { path: 'flows/new.flow.yaml', status: 'added', before: null, after: 'y' },
      { path: 'README.md', status: 'deleted', before: published.get('README.md') ?? '', after: null },
    ]);
    expect([files.get(FLOW), files.get('flows/new.flow.yaml'), files.has('README.md')]).toEqual(['x', 'y', false]);
    expect(published.get(FLOW)).toBe(original);
  });

  it('finds nothing in a valid edit, and the problem in a broken one', () => {
    const edited = original.replace("I'm sorry to hear that.", "I'm so sorry to hear that.");
    expect(edited).not.toBe(original);
    const fine = validateChange(published, [{ path: FLOW, status: 'modified', before: original, after: edited }]);
    expect([fine.errors, fine.inChange.filter((d) => d.severity === 'error')]).toEqual([0, []]);
    const broken = validateChange(published, [{ path: FLOW, status: 'modified', before: original, after: `${original}\n  : [unclosed` }]);
    expect(broken.errors).toBeGreaterThan(0);
    expect(broken.inChange.every((d) => d.file === FLOW)).toBe(true);
  });

  it('shows a problem the change causes in a file it does not touch, and not the ones already there', () => {
    const deleted = validateChange(published, [{ path: FLOW, status: 'deleted', before: original, after: null }]);
    // card_lost's tests (and any reference to it) now point at nothing
    expect(deleted.introducedElsewhere.length).toBeGreaterThan(0);
    expect(deleted.introducedElsewhere.every((d) => d.file !== FLOW)).toBe(true);
  });
});

describe('a change’s simulation, followed by the Simulate tab’s runner', () => {
  it('starts on the change’s route and follows progress and the report on the runs’ own', async () => {
    const runs = new MemorySimulationsApi();
    const started: string[] = [];
    const changes = {
      simulate: async (id: string, request: object) => {
        started.push(`${id} ${JSON.stringify(request)}`);
        return runs.start(request);
      },
    } as unknown as ChangesApi;
    const runner = new SimulationRunner(changeSimulations(runs, changes, 'CR-7'));
    await runner.start({ perIntent: 5 });
    expect(started).toEqual(['CR-7 {"perIntent":5}']);
    const report = { format: 'colloquy.simulation-report', version: 2, reportHash: 'abc' } as unknown as SimulationReport;
    runs.update('run-1', { state: 'running', done: 3, total: 10, phase: 'simulating' });
    expect(runner.state).toMatchObject({ kind: 'active', id: 'run-1', done: 3 });
    runs.update('run-1', { state: 'done', done: 10, total: 10 }, { report });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runner.state).toEqual({ kind: 'finished', id: 'run-1', report });
    runner.dispose();
  });
});
