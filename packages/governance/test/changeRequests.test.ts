import { describe, expect, it } from 'vitest';
import { approvalStatus, DEFAULT_APPROVAL_RULES, requiredApprovals, type ChangedFile } from '../src/change/approvalRules.ts';
import { CHANGE_EVENTS, CHANGE_STATES, FINAL_STATES, transition } from '../src/change/changeRequestStates.ts';
import type { EvidenceSummary } from '../src/change/evidenceGate.ts';
import { decide, type Actor, type ChangeSnapshot, type Decision } from '../src/change/reviewDecision.ts';
import { rolesFor, roleMay, ROLES } from '../src/roles/roles.ts';

const LOW: ChangedFile = { path: 'flows/opening-hours.flow.yaml', kind: 'flow', risk: 'low' };
const HIGH: ChangedFile = { path: 'flows/close-account.flow.yaml', kind: 'flow', risk: 'high' };
const POLICY: ChangedFile = { path: 'policies/vulnerable.policy.yaml', kind: 'policy' };
const SENSITIVE: ChangedFile = { path: 'flows/complaint.flow.yaml', kind: 'flow', risk: 'medium', sensitiveIntent: true };

const dana: Actor = { account: 'dana', roles: ['designer'] };
const omar: Actor = { account: 'omar', roles: ['ops_manager'] };
const rita: Actor = { account: 'rita', roles: ['rai_lead'] };
const both: Actor = { account: 'bo', roles: ['ops_manager', 'rai_lead'] };
const vic: Actor = { account: 'vic', roles: ['viewer'] };
const ada: Actor = { account: 'ada', roles: ['admin', 'designer'] };
const authorOps: Actor = { account: 'dana', roles: ['designer', 'ops_manager'] };

const gates = { minGeneratedPassRate: 85 };
const evidence = (contentHash: string, overrides: Partial<EvidenceSummary> = {}): EvidenceSummary => ({
  contentHash,
  reportHash: `report-of-${contentHash}`,
  scriptedFailed: 0,
  policyErrors: 0,
  generatedPassRate: 91.5,
  ...overrides,
});

function change(overrides: Partial<ChangeSnapshot> = {}): ChangeSnapshot {
  return { author: 'dana', state: 'in_review', contentHash: 'h1', approvals: [], ...overrides };
}

function refused(decision: Decision): { httpStatus: number; reason: string } {
  if (decision.ok) throw new Error(`expected a refusal, got ${decision.state}`);
  return decision;
}

describe('the state table', () => {
  it('allows exactly the documented moves and explains every refusal', () => {
    const allowed: Record<string, string> = {};
    for (const state of CHANGE_STATES)
      for (const event of CHANGE_EVENTS) {
        const moved = transition(state, event);
        if (moved.ok) allowed[`${state} ${event}`] = moved.state;
        else expect(moved.reason, `${state} ${event}`).toMatch(/cannot be|nothing more can happen/);
      }
    expect(allowed).toEqual({
      'draft edit': 'draft',
      'draft submit': 'in_review',
      'draft withdraw': 'withdrawn',
      'in_review edit': 'in_review',
      'in_review approvals_complete': 'approved',
      'in_review request_changes': 'changes_requested',
      'in_review reject': 'rejected',
      'in_review withdraw': 'withdrawn',
      'approved edit': 'in_review',
      'approved publish': 'published',
      'approved request_changes': 'changes_requested',
      'approved withdraw': 'withdrawn',
      'changes_requested edit': 'changes_requested',
      'changes_requested submit': 'in_review',
      'changes_requested withdraw': 'withdrawn',
    });
    for (const state of FINAL_STATES) expect(transition(state, 'edit')).toEqual({ ok: false, reason: expect.stringMatching(/nothing more can happen to it/) });
    expect(transition('draft', 'publish')).toEqual({ ok: false, reason: expect.stringMatching(/draft cannot be published \(only an approved change request can be published\)/) });
  });
});

describe('roles', () => {
  it('gives reviewing to operations managers and responsible-AI leads only, publishing to operations managers, accounts to admins', () => {
    expect(ROLES.filter((r) => roleMay(r, 'change.review'))).toEqual(['ops_manager', 'rai_lead']);
    expect(ROLES.filter((r) => roleMay(r, 'change.publish'))).toEqual(['ops_manager']);
    expect(ROLES.filter((r) => roleMay(r, 'accounts.manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => roleMay(r, 'change.edit'))).toEqual(['designer']);
    expect(ROLES.filter((r) => roleMay(r, 'audit.read'))).toEqual(['ops_manager', 'rai_lead']);
    expect(rolesFor(['admin', 'designer'], 'change.review')).toEqual([]);
  });
});

describe('approval rules', () => {
  it('needs an operations manager for any change, and a responsible-AI lead for high risk, policies and sensitive topics', () => {
    const roles = (files: ChangedFile[]) => requiredApprovals(DEFAULT_APPROVAL_RULES, files).map((r) => `${r.role}:${r.count}`);
    expect(roles([LOW])).toEqual(['ops_manager:1']);
    expect(roles([{ path: 'tests/x.test.yaml', kind: 'test' }])).toEqual(['ops_manager:1']);
    expect(roles([LOW, HIGH])).toEqual(['ops_manager:1', 'rai_lead:1']);
    expect(roles([POLICY])).toEqual(['ops_manager:1', 'rai_lead:1']);
    expect(roles([SENSITIVE])).toEqual(['ops_manager:1', 'rai_lead:1']);
    const [, rai] = requiredApprovals(DEFAULT_APPROVAL_RULES, [HIGH, POLICY]);
    expect(rai!.because).toEqual(['a high-risk flow (flows/close-account.flow.yaml)', 'a policy (policies/vulnerable.policy.yaml)']);
  });

  it('applies rules naming a file kind or an intent topic, as agent.yaml writes them', () => {
    const rules = [
      { name: 'every change', when: 'any' as const, require: { ops_manager: 1 } },
      { name: 'the agent file', when: { kind: 'agent' as const }, require: { rai_lead: 1 } },
      { name: 'complaints', when: { topic: 'complaint' }, require: { rai_lead: 1 } },
    ];
    const roles = (files: ChangedFile[]) => requiredApprovals(rules, files).map((r) => `${r.role}:${r.count} ${r.because.join('; ')}`);
    expect(roles([LOW])).toEqual(['ops_manager:1 every change']);
    expect(roles([{ path: 'agent.yaml', kind: 'agent' }])).toEqual(['ops_manager:1 every change', 'rai_lead:1 the agent file (agent.yaml)']);
    expect(roles([{ ...LOW, topics: ['retention'] }])).toEqual(['ops_manager:1 every change']);
    expect(roles([{ ...LOW, topics: ['retention', 'complaint'] }])).toEqual(['ops_manager:1 every change', `rai_lead:1 complaints (${LOW.path})`]);
  });

  it('takes the largest count any applicable rule asks for', () => {
    const rules = [...DEFAULT_APPROVAL_RULES, { name: 'two for policies', when: 'policy' as const, require: { ops_manager: 2 } }];
    expect(requiredApprovals(rules, [POLICY]).map((r) => `${r.role}:${r.count}`)).toEqual(['ops_manager:2', 'rai_lead:1']);
  });

  it('never counts the author, an approval of other content, one without rationale, or one person twice', () => {
    const required = requiredApprovals(DEFAULT_APPROVAL_RULES, [HIGH]);
    const status = approvalStatus(
      required,
      [
        { account: 'dana', role: 'ops_manager', contentHash: 'h2', rationale: 'mine, looks fine' },
        { account: 'omar', role: 'ops_manager', contentHash: 'h1', rationale: 'ok before the edit' },
        { account: 'olga', role: 'ops_manager', contentHash: 'h2', rationale: '  ' },
        { account: 'bo', role: 'ops_manager', contentHash: 'h2', rationale: 'fine' },
        { account: 'bo', role: 'rai_lead', contentHash: 'h2', rationale: 'also fine' },
      ],
      { author: 'dana', contentHash: 'h2' },
    );
    expect(status.satisfied).toBe(false);
    expect(status.roles.map((r) => [r.role, r.given])).toEqual([
      ['ops_manager', ['bo']],
      ['rai_lead', []],
    ]);
    expect(status.ignored.map((i) => `${i.account}: ${i.reason}`)).toEqual([
      'dana: the author of a change cannot approve it',
      'omar: given for an earlier version of the change',
      'olga: no rationale was written',
      'bo: one person approves once per change (already counted as ops_manager)',
    ]);
  });
});

describe('deciding requests: separation of duties and the evidence', () => {
  const lowRisk = { required: requiredApprovals(DEFAULT_APPROVAL_RULES, [LOW]), gates };
  const highRisk = { required: requiredApprovals(DEFAULT_APPROVAL_RULES, [HIGH]), gates };
  const approve = (rationale = 'clearer handover; simulation passes', contentHash = 'h1') => ({ action: 'approve' as const, rationale, evidence: evidence(contentHash) });

  it('refuses every role that may not act, with the status the server answers', () => {
    expect(refused(decide(authorOps, change(), { ...approve(), asRole: 'ops_manager' }, lowRisk))).toEqual({
      ok: false,
      httpStatus: 403,
      reason: 'the author of a change cannot approve it, whatever roles they hold',
    });
    expect(refused(decide(dana, change({ author: 'zoe' }), { ...approve(), asRole: 'designer' }, lowRisk)).reason).toBe('a designer cannot approve a change request');
    expect(refused(decide(vic, change({ state: 'draft' }), { action: 'edit', asRole: 'viewer' }, lowRisk)).reason).toBe('a viewer cannot edit a change request');
    expect(refused(decide(ada, change(), { ...approve(), asRole: 'admin' }, lowRisk)).reason).toBe('an admin cannot approve a change request');
    expect(refused(decide(dana, change({ author: 'zoe' }), { ...approve(), asRole: 'ops_manager' }, lowRisk)).reason).toBe('dana does not hold the role ops_manager');
    expect(refused(decide(rita, change({ state: 'approved' }), { action: 'publish', asRole: 'rai_lead' }, lowRisk)).httpStatus).toBe(403);
    expect(refused(decide(omar, change({ state: 'draft' }), { action: 'withdraw', asRole: 'ops_manager' }, lowRisk)).reason).toBe('only the author can withdraw a change request');
  });

  it('needs a rationale to approve, request changes or reject', () => {
    for (const action of ['approve', 'request_changes', 'reject'] as const) {
      const decision = refused(decide(omar, change(), { action, asRole: 'ops_manager', rationale: ' ', evidence: evidence('h1') }, lowRisk));
      expect(decision.httpStatus, action).toBe(422);
      expect(decision.reason, action).toMatch(/needs a rationale/);
    }
  });

  it('needs a passing simulation report of exactly this content to approve', () => {
    const reasons = (e: EvidenceSummary | undefined) => refused(decide(omar, change(), { action: 'approve', asRole: 'ops_manager', rationale: 'fine', ...(e ? { evidence: e } : {}) }, lowRisk)).reason;
    expect(reasons(undefined)).toMatch(/no simulation report/);
    expect(reasons(evidence('h0'))).toMatch(/report is of other content/);
    expect(reasons(evidence('h1', { scriptedFailed: 2 }))).toMatch(/2 scripted tests failed/);
    expect(reasons(evidence('h1', { policyErrors: 1 }))).toMatch(/1 policy result is at error level/);
    expect(reasons(evidence('h1', { generatedPassRate: 80 }))).toMatch(/generated cases pass at 80%, under the workspace's gate of 85%/);
  });

  it('a low-risk change: one operations manager approves it, and it can be published', () => {
    const approved = decide(omar, change(), { ...approve(), asRole: 'ops_manager' }, lowRisk);
    expect(approved).toMatchObject({ ok: true, state: 'approved', status: { satisfied: true } });
    const published = decide(omar, change({ state: 'approved', approvals: approved.ok ? approved.approvals : [] }), { action: 'publish', asRole: 'ops_manager' }, lowRisk);
    expect(published).toMatchObject({ ok: true, state: 'published' });
  });

  it('a high-risk change waits for the responsible-AI lead; one person holding both roles counts once', () => {
    const first = decide(both, change(), { ...approve(), asRole: 'ops_manager' }, highRisk);
    expect(first).toMatchObject({ ok: true, state: 'in_review', status: { satisfied: false } });
    const approvals = first.ok ? first.approvals : [];
    expect(refused(decide(both, change({ approvals }), { ...approve(), asRole: 'rai_lead' }, highRisk))).toMatchObject({ httpStatus: 409, reason: 'bo has already approved this version of the change' });
    expect(refused(decide(omar, change({ state: 'in_review', approvals }), { action: 'publish', asRole: 'ops_manager' }, highRisk)).httpStatus).toBe(409);
    const second = decide(rita, change({ approvals }), { ...approve('wording is safe for bereaved customers'), asRole: 'rai_lead' }, highRisk);
    expect(second).toMatchObject({ ok: true, state: 'approved', status: { satisfied: true } });
  });

  it('an edit after approval sends the change back to review, and the old approval no longer counts', () => {
    const approved = decide(omar, change(), { ...approve(), asRole: 'ops_manager' }, lowRisk);
    const approvals = approved.ok ? approved.approvals : [];
    const edited = decide(dana, change({ state: 'approved', approvals, contentHash: 'h2' }), { action: 'edit', asRole: 'designer' }, lowRisk);
    expect(edited).toMatchObject({ ok: true, state: 'in_review', status: { satisfied: false } });
    expect(refused(decide(omar, change({ state: 'approved', approvals, contentHash: 'h2' }), { action: 'publish', asRole: 'ops_manager' }, lowRisk)).reason).toMatch(/approvals it needs are not complete/);
    expect(decide(omar, change({ approvals, contentHash: 'h2' }), { ...approve('still fine', 'h2'), asRole: 'ops_manager' }, lowRisk)).toMatchObject({ ok: true, state: 'approved' });
  });

  it('illegal moves are refused with a clear message', () => {
    expect(refused(decide(omar, change({ state: 'draft' }), { ...approve(), asRole: 'ops_manager' }, lowRisk))).toMatchObject({ httpStatus: 409 });
    const rejected = decide(omar, change(), { action: 'reject', asRole: 'ops_manager', rationale: 'promises a refund we cannot give' }, lowRisk);
    expect(rejected).toMatchObject({ ok: true, state: 'rejected' });
    expect(refused(decide(dana, change({ state: 'rejected' }), { action: 'submit', asRole: 'designer' }, lowRisk)).reason).toMatch(/rejected: nothing more can happen to it/);
    expect(refused(decide(dana, change({ state: 'in_review' }), { action: 'submit', asRole: 'designer' }, lowRisk)).reason).toMatch(/only a draft, or one sent back for changes, can be submitted/);
  });
});
