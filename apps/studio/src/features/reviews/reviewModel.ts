/**
 * What the Reviews view shows, computed without the DOM (tested in Node):
 * change requests grouped by state, the review buttons and the change's own
 * moves (submit, withdraw, publish) with why each is disabled, the approvals required and given, the evidence in words, and
 * the validation of the change's content.
 *
 * Nothing here decides anything: the disabled reasons are governance's own
 * rules (`permissionRefusal` through the studio's permissions module, and
 * `decide`), applied to what the server last said, so a button is greyed
 * exactly when the server would refuse it. The server still decides each
 * request, and its answer is shown as it is.
 */
import { validateWorkspace, type Diagnostic } from '@colloquy/core';
import { decide, isRole, rolesFor, type Permission, type Role } from '@colloquy/governance';
import { refusalFor, type Account } from '../../state/permissions.ts';
import type { ChangeDetails, ChangeState, ChangeSummary, EvidenceRun, FileDiff, LifecycleVerb, ReviewVerb } from './changesApi.ts';

/** The order of the list: what needs a reviewer first, what is over last. */
export const STATE_ORDER: readonly ChangeState[] = ['in_review', 'changes_requested', 'approved', 'draft', 'published', 'rejected', 'withdrawn'];

export const STATE_LABEL: Readonly<Record<ChangeState, string>> = {
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  draft: 'Drafts',
  published: 'Published',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

export interface StateGroup {
  readonly state: ChangeState;
  readonly label: string;
  readonly changes: readonly ChangeSummary[];
}

/** Non-empty groups in STATE_ORDER, each in the server's order (oldest first). */
export function groupByState(changes: readonly ChangeSummary[]): StateGroup[] {
  return STATE_ORDER.map((state) => ({ state, label: STATE_LABEL[state], changes: changes.filter((c) => c.state === state) })).filter((g) => g.changes.length > 0);
}

export const REVIEW_VERBS: readonly ReviewVerb[] = ['approve', 'request_changes', 'reject'];

export const VERB_LABEL: Readonly<Record<ReviewVerb, string>> = { approve: 'Approve', request_changes: 'Request changes', reject: 'Reject' };

export interface ReviewControl {
  readonly verb: ReviewVerb;
  /** Why the account may not take this action now; undefined when the server would hear it (given a rationale). */
  readonly refusal: string | undefined;
}

export interface ReviewControls {
  /** The reviewer roles the account holds, in ROLES order; the first that the change still needs is `asRole`. */
  readonly roles: readonly Role[];
  readonly asRole: Role | undefined;
  readonly controls: readonly ReviewControl[];
}

/** A placeholder rationale: the rationale is checked in the form, the rest of the rules here. */
const SOME_RATIONALE = 'rationale';

/**
 * The review buttons for `account` on `change` acting in `asRole` (default: the first reviewer role it
 * holds that the change still needs, else its first reviewer role), each with governance's reason
 * when it would be refused.
 */
export function reviewControls(account: Account | undefined, change: ChangeDetails, asRole?: Role): ReviewControls {
  const held = (account?.roles ?? []).filter(isRole);
  const roles = rolesFor(held, 'change.review');
  const roleRefusal = refusalFor(account, 'change.review');
  if (!account || roleRefusal || roles.length === 0) {
    const refusal = roleRefusal ?? 'Sign in first.';
    return { roles, asRole: undefined, controls: REVIEW_VERBS.map((verb) => ({ verb, refusal })) };
  }
  const stillNeeded = change.approval.roles.filter((r) => r.given.length < r.required).map((r) => r.role as Role);
  const role = asRole && roles.includes(asRole) ? asRole : (roles.find((r) => stillNeeded.includes(r)) ?? roles[0]!);
  const evidence = change.evidence ?? undefined;
  const controls = REVIEW_VERBS.map((verb) => {
    const decision = decide(
      { account: account.name, roles: held },
      { author: change.author, state: change.state, contentHash: change.contentHash, approvals: change.approvals },
      { action: verb, asRole: role, rationale: SOME_RATIONALE, ...(evidence ? { evidence } : {}) },
      { required: change.required, gates: { minGeneratedPassRate: change.evidence?.minGeneratedPassRate ?? 0 } },
    );
    return { verb, refusal: decision.ok ? undefined : sentence(decision.reason) };
  });
  return { roles, asRole: role, controls };
}

export const LIFECYCLE_VERBS: readonly LifecycleVerb[] = ['submit', 'withdraw', 'publish'];

export const LIFECYCLE_LABEL: Readonly<Record<LifecycleVerb, string>> = { submit: 'Submit for review', withdraw: 'Withdraw', publish: 'Publish' };

export interface LifecycleControl {
  readonly verb: LifecycleVerb;
  /** The role the request is sent in (the first role the account holds that may take the action). */
  readonly asRole: Role;
  /** Why the server would refuse it now; undefined when it would hear it. */
  readonly refusal: string | undefined;
}

/** Who may take each move at all: submit and publish by permission, withdraw by the author alone (governance's rule). */
const LIFECYCLE_PERMISSION: Readonly<Record<LifecycleVerb, Permission | undefined>> = { submit: 'change.submit', withdraw: undefined, publish: 'change.publish' };

/**
 * The change request's own moves for `account` on `change`: submit for a role that may submit
 * (a designer), withdraw for its author, publish for an operations manager. A move is listed only
 * for someone who may ever take it; listed moves carry governance's `decide`
 * sentence when the state, the approvals or the server's named conflicts would refuse them now.
 */
export function lifecycleControls(account: Account | undefined, change: ChangeDetails): LifecycleControl[] {
  if (!account) return [];
  const held = account.roles.filter(isRole);
  const controls: LifecycleControl[] = [];
  for (const verb of LIFECYCLE_VERBS) {
    const permission = LIFECYCLE_PERMISSION[verb];
    if (permission ? refusalFor(account, permission) !== undefined : account.name !== change.author) continue;
    const asRole = permission ? rolesFor(held, permission)[0] : held[0];
    if (!asRole) continue;
    const decision = decide(
      { account: account.name, roles: held },
      { author: change.author, state: change.state, contentHash: change.contentHash, approvals: change.approvals },
      { action: verb, asRole },
      { required: change.required, gates: { minGeneratedPassRate: change.evidence?.minGeneratedPassRate ?? 0 } },
    );
    let refusal = decision.ok ? undefined : sentence(decision.reason);
    if (!refusal && verb === 'publish' && change.conflicts.length > 0) refusal = conflictsSentence(change.conflicts);
    controls.push({ verb, asRole, refusal });
  }
  return controls;
}

/** The server's conflicts in a sentence: files the published workspace changed since the change first touched them. */
export function conflictsSentence(conflicts: readonly string[]): string {
  return `The published version of ${conflicts.join(', ')} changed since this change request first touched ${conflicts.length === 1 ? 'it' : 'them'}: publishing would overwrite that.`;
}

/** Why the form may not be sent yet: a rationale is required (the audit log keeps it). */
export function rationaleProblem(rationale: string): string | undefined {
  if (rationale.trim() === '') return 'Write why: the audit log keeps your rationale with the decision.';
  if (rationale.length > 10_000) return 'At most 10,000 characters.';
  return undefined;
}

/** Governance's clause as a sentence: capital first letter, full stop. */
export function sentence(reason: string): string {
  const text = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export interface ApprovalRow {
  readonly role: string;
  readonly required: number;
  readonly given: readonly { readonly account: string; readonly rationale: string }[];
  readonly because: readonly string[];
  readonly complete: boolean;
}

export interface ApprovalsView {
  readonly satisfied: boolean;
  readonly rows: readonly ApprovalRow[];
  readonly ignored: readonly { readonly account: string; readonly role: string; readonly reason: string }[];
}

/** Approvals required per role, who gave them (with their rationale), and those that do not count with why. */
export function approvalsView(change: ChangeDetails): ApprovalsView {
  const rationaleOf = (account: string, role: string) =>
    change.approvals.find((a) => a.account === account && a.role === role && a.contentHash === change.contentHash)?.rationale ?? '';
  return {
    satisfied: change.approval.satisfied,
    rows: change.approval.roles.map((r) => ({
      role: r.role,
      required: r.required,
      given: r.given.map((account) => ({ account, rationale: rationaleOf(account, r.role) })),
      because: r.because,
      complete: r.given.length >= r.required,
    })),
    ignored: change.approval.ignored,
  };
}

export interface EvidenceView {
  /** Whether the evidence would allow an approval, and if not why (governance's verdict, as the server gave it). */
  readonly allowsApproval: boolean;
  readonly reasons: readonly string[];
  readonly lines: readonly { readonly label: string; readonly value: string; readonly ok: boolean }[];
  /** How the report was run (generators, cases per intent, seed, recognizer): what the figures are of. */
  readonly run: readonly { readonly label: string; readonly value: string }[];
  readonly reportHash: string | undefined;
}

/** The evidence in words: the gates' figures against the workspace's thresholds. */
export function evidenceView(change: ChangeDetails): EvidenceView {
  const e = change.evidence;
  if (!e) return { allowsApproval: false, reasons: ['No simulation of this content yet: run one (the report becomes the evidence).'], lines: [], run: [], reportHash: undefined };
  const rate = e.generatedPassRate;
  return {
    allowsApproval: e.verdict.ok,
    reasons: e.verdict.ok ? [] : e.verdict.reasons.map(sentence),
    lines: [
      { label: 'Generated cases passing', value: rate === null ? 'none ran' : `${rate}% (gate ${e.minGeneratedPassRate}%)`, ok: rate !== null && rate >= e.minGeneratedPassRate },
      { label: 'Scripted tests failing', value: String(e.scriptedFailed), ok: e.scriptedFailed === 0 },
      { label: 'Policy results at error level', value: String(e.policyErrors), ok: e.policyErrors === 0 },
      { label: 'Of this content', value: e.contentHash === change.contentHash ? 'yes' : 'no: run it again', ok: e.contentHash === change.contentHash },
    ],
    run: evidenceRunLines(e.run),
    reportHash: e.reportHash,
  };
}

/** The run's settings in words, so approvers see what was run (a flow's own `simulate:` settings are named, not hidden). */
function evidenceRunLines(run: EvidenceRun): EvidenceView['run'] {
  return [
    { label: 'Generators', value: run.generators.length > 0 ? run.generators.join(', ') : 'none' },
    { label: 'Cases per intent', value: String(run.perIntent) },
    { label: 'Seed', value: run.seed },
    { label: 'Recognizer', value: run.model === null ? run.recognizer : `${run.recognizer} (${run.model})` },
    ...(run.flowsWithOwnSettings.length > 0 ? [{ label: 'Flows with their own settings', value: run.flowsWithOwnSettings.join(', ') }] : []),
  ];
}

export interface ChangeValidation {
  /** Diagnostics in files the change touches. */
  readonly inChange: readonly Diagnostic[];
  /** Diagnostics elsewhere in the workspace with the change laid over it that the published files do not have (a reference it broke). */
  readonly introducedElsewhere: readonly Diagnostic[];
  readonly errors: number;
  readonly warnings: number;
}

/** The published files with the change laid over them: what the change's simulation reads. */
export function overlay(published: ReadonlyMap<string, string>, diff: readonly FileDiff[]): Map<string, string> {
  const files = new Map(published);
  for (const file of diff) {
    if (file.after === null) files.delete(file.path);
    else files.set(file.path, file.after);
  }
  return files;
}

/**
 * Core's validation (and policy checks) of the change's content, in the browser. Only YAML files are
 * workspace files. Problems outside the changed files are shown when the published version does not
 * have them, so a reviewer sees what the change breaks, not what was already there.
 */
export function validateChange(published: ReadonlyMap<string, string>, diff: readonly FileDiff[]): ChangeValidation {
  const yaml = (files: ReadonlyMap<string, string>) => [...files].filter(([path]) => /\.ya?ml$/i.test(path)).map(([path, content]) => ({ path, content }));
  const after = validateWorkspace(yaml(overlay(published, diff))).diagnostics;
  const touched = new Set(diff.map((f) => f.path));
  const key = (d: Diagnostic) => `${d.file}\u0000${d.code}\u0000${d.message}`;
  const inChange = after.filter((d) => touched.has(d.file));
  const outside = after.filter((d) => !touched.has(d.file));
  let introducedElsewhere: Diagnostic[] = [];
  if (outside.length > 0) {
    const before = new Set(validateWorkspace(yaml(published)).diagnostics.map(key));
    introducedElsewhere = outside.filter((d) => !before.has(key(d)));
  }
  const shown = [...inChange, ...introducedElsewhere];
  return { inChange, introducedElsewhere, errors: shown.filter((d) => d.severity === 'error').length, warnings: shown.filter((d) => d.severity === 'warning').length };
}
