/**
 * Decides one request about a change request: may this person, in this role,
 * do this now? Every rule in one place, for the server to apply to whatever
 * a client sends (the studio greying a button is not a control). A refusal
 * carries the HTTP status the server answers with and a sentence for the
 * person.
 */
import { roleMay, type Permission, type Role } from '../roles/roles.ts';
import { approvalStatus, type Approval, type ApprovalStatus, type Requirement, type ReviewerRole } from './approvalRules.ts';
import { transition, type ChangeEvent, type ChangeState } from './changeRequestStates.ts';
import { evidenceVerdict, type EvidenceGates, type EvidenceSummary } from './evidenceGate.ts';

export const REVIEW_ACTIONS = ['edit', 'submit', 'approve', 'request_changes', 'reject', 'publish', 'withdraw'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface Actor {
  readonly account: string;
  readonly roles: readonly Role[];
}

export interface ChangeSnapshot {
  readonly author: string;
  readonly state: ChangeState;
  readonly contentHash: string;
  readonly approvals: readonly Approval[];
}

export interface ActionRequest {
  readonly action: ReviewAction;
  /** The role the person acts in; it must be one they hold. */
  readonly asRole: Role;
  readonly rationale?: string;
  /** For `approve`: the simulation report of this content. */
  readonly evidence?: EvidenceSummary;
}

export interface DecisionContext {
  readonly required: readonly Requirement[];
  readonly gates: EvidenceGates;
}

export type Decision =
  | { readonly ok: true; readonly state: ChangeState; readonly approvals: readonly Approval[]; readonly status: ApprovalStatus }
  | { readonly ok: false; readonly httpStatus: 403 | 409 | 422; readonly reason: string };

const PERMISSION: Readonly<Record<ReviewAction, Permission | undefined>> = {
  edit: 'change.edit',
  submit: 'change.submit',
  approve: 'change.review',
  request_changes: 'change.review',
  reject: 'change.review',
  publish: 'change.publish',
  // Withdrawing is the author's, whatever their role.
  withdraw: undefined,
};

const NEEDS_RATIONALE: readonly ReviewAction[] = ['approve', 'request_changes', 'reject'];

export function decide(actor: Actor, change: ChangeSnapshot, request: ActionRequest, context: DecisionContext): Decision {
  const { action, asRole } = request;
  const refuse = (httpStatus: 403 | 409 | 422, reason: string): Decision => ({ ok: false, httpStatus, reason });
  if (!actor.roles.includes(asRole)) return refuse(403, `${actor.account} does not hold the role ${asRole}`);
  const permission = PERMISSION[action];
  if (permission && !roleMay(asRole, permission)) return refuse(403, `${/^[aeiou]/.test(asRole) ? 'an' : 'a'} ${asRole} cannot ${describe(action)} a change request`);
  if (action === 'withdraw' && actor.account !== change.author) return refuse(403, 'only the author can withdraw a change request');
  if (permission === 'change.review' && actor.account === change.author) return refuse(403, `the author of a change cannot ${describe(action)} it, whatever roles they hold`);
  if (NEEDS_RATIONALE.includes(action) && !request.rationale?.trim()) return refuse(422, `write why: ${describe(action)} needs a rationale, which the audit log keeps`);

  let approvals = change.approvals;
  let event: ChangeEvent = action === 'approve' ? 'approvals_complete' : action;
  if (action === 'approve') {
    if (change.state !== 'in_review') {
      const state = change.state.replace('_', ' ');
      return refuse(409, change.state === 'approved' ? 'this version of the change request is already approved' : `only a change request in review can be approved; this one is ${state}`);
    }
    if (change.approvals.some((a) => a.account === actor.account && a.contentHash === change.contentHash)) return refuse(409, `${actor.account} has already approved this version of the change`);
    const verdict = evidenceVerdict(request.evidence, change.contentHash, context.gates);
    if (!verdict.ok) return refuse(422, `the evidence does not allow approval: ${verdict.reasons.join('; ')}`);
    approvals = [...approvals, { account: actor.account, role: asRole as ReviewerRole, contentHash: change.contentHash, rationale: request.rationale!.trim() }];
  }
  const status = approvalStatus(context.required, approvals, change);
  if (action === 'approve' && !status.satisfied) return { ok: true, state: 'in_review', approvals, status };
  if (action === 'publish' && !status.satisfied) return refuse(409, 'the approvals it needs are not complete for its current content');
  if (action === 'edit') event = 'edit';
  const moved = transition(change.state, event);
  if (!moved.ok) return refuse(409, moved.reason);
  return { ok: true, state: moved.state, approvals, status: approvalStatus(context.required, approvals, change) };
}

function describe(action: ReviewAction): string {
  return action === 'request_changes' ? 'request changes to' : action;
}
