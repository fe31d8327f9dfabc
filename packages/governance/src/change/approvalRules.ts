/**
 * Which approvals a change needs, and whether it has them.
 *
 * Rules come from agent.yaml (DEFAULT_APPROVAL_RULES when it says nothing):
 * each names a condition on the change's files and the approvals it then
 * requires per role. A change needs, per role, the most any applicable rule
 * asks for.
 *
 * Counting, where separation of duties is enforced:
 * - the author's approvals never count, whatever roles they hold;
 * - an approval counts only for the content it was given for (its content
 *   hash): an edit after it voids it;
 * - a person counts once per change, in the role they approved in: someone who
 *   is both operations manager and responsible-AI lead cannot give both
 *   approvals a high-risk change needs;
 * - an approval without a written rationale does not count.
 */
import type { Role } from '../roles/roles.ts';

/** The roles rules can require. */
export type ReviewerRole = Extract<Role, 'ops_manager' | 'rai_lead'>;

/**
 * A condition on a change: any change, one touching a flow of a given risk, a policy file, or a
 * sensitive-topic intent; or, as agent.yaml's rules name them, a file of a given kind or a flow
 * serving an intent of a given topic.
 */
export type ApprovalCondition =
  | 'any'
  | 'policy'
  | 'sensitive_intent'
  | { readonly risk: 'low' | 'medium' | 'high' }
  | { readonly kind: ChangedFile['kind'] }
  | { readonly topic: string };

export interface ApprovalRule {
  readonly name: string;
  readonly when: ApprovalCondition;
  readonly require: Readonly<Partial<Record<ReviewerRole, number>>>;
}

/** The default: any change needs an operations manager; high-risk flows, policies and sensitive topics a responsible-AI lead too. */
export const DEFAULT_APPROVAL_RULES: readonly ApprovalRule[] = [
  { name: 'every change', when: 'any', require: { ops_manager: 1 } },
  { name: 'a high-risk flow', when: { risk: 'high' }, require: { rai_lead: 1 } },
  { name: 'a policy', when: 'policy', require: { rai_lead: 1 } },
  { name: 'a sensitive-topic intent', when: 'sensitive_intent', require: { rai_lead: 1 } },
];

/** What the rules need to know about one changed file (the server works it out from the workspace). */
export interface ChangedFile {
  readonly path: string;
  readonly kind: 'flow' | 'rules' | 'policy' | 'test' | 'agent' | 'other';
  /** A flow's `risk`. */
  readonly risk?: 'low' | 'medium' | 'high';
  /** Whether the file adds, removes or changes an intent of a sensitive topic (complaint, bereavement, vulnerability, retention…). */
  readonly sensitiveIntent?: boolean;
  /** The topics of the intents the file's change concerns (for `{ topic }` conditions). */
  readonly topics?: readonly string[];
}

export interface Requirement {
  readonly role: ReviewerRole;
  readonly count: number;
  /** The rules that asked for it, e.g. `a high-risk flow (flows/close-account.flow.yaml)`. */
  readonly because: readonly string[];
}

export function requiredApprovals(rules: readonly ApprovalRule[], files: readonly ChangedFile[]): Requirement[] {
  const needs = new Map<ReviewerRole, { count: number; because: string[] }>();
  for (const rule of rules) {
    const matching = files.filter((file) => applies(rule.when, file));
    if (rule.when !== 'any' && matching.length === 0) continue;
    const reason = rule.when === 'any' ? rule.name : `${rule.name} (${matching.map((f) => f.path).join(', ')})`;
    for (const [role, count] of Object.entries(rule.require) as [ReviewerRole, number][]) {
      if (count <= 0) continue;
      const need = needs.get(role) ?? { count: 0, because: [] };
      need.count = Math.max(need.count, count);
      need.because.push(reason);
      needs.set(role, need);
    }
  }
  return (['ops_manager', 'rai_lead'] as const).filter((role) => needs.has(role)).map((role) => ({ role, ...needs.get(role)! }));
}

function applies(condition: ApprovalCondition, file: ChangedFile): boolean {
  if (condition === 'any') return true;
  if (condition === 'policy') return file.kind === 'policy';
  if (condition === 'sensitive_intent') return file.sensitiveIntent === true;
  if ('kind' in condition) return file.kind === condition.kind;
  if ('topic' in condition) return file.topics?.includes(condition.topic) === true;
  return file.kind === 'flow' && file.risk === condition.risk;
}

export interface Approval {
  readonly account: string;
  /** The role it was given in. */
  readonly role: ReviewerRole;
  /** The content hash of the change when it was given. */
  readonly contentHash: string;
  readonly rationale: string;
}

export interface ApprovalStatus {
  readonly satisfied: boolean;
  readonly roles: readonly { readonly role: ReviewerRole; readonly required: number; readonly given: readonly string[]; readonly because: readonly string[] }[];
  /** Approvals that do not count, each with why. */
  readonly ignored: readonly { readonly account: string; readonly role: ReviewerRole; readonly reason: string }[];
}

export function approvalStatus(required: readonly Requirement[], approvals: readonly Approval[], change: { readonly author: string; readonly contentHash: string }): ApprovalStatus {
  const ignored: { account: string; role: ReviewerRole; reason: string }[] = [];
  const counted = new Map<string, ReviewerRole>();
  for (const approval of approvals) {
    const reason =
      approval.account === change.author
        ? 'the author of a change cannot approve it'
        : approval.contentHash !== change.contentHash
          ? 'given for an earlier version of the change'
          : approval.rationale.trim() === ''
            ? 'no rationale was written'
            : counted.has(approval.account) && counted.get(approval.account) !== approval.role
              ? `one person approves once per change (already counted as ${counted.get(approval.account)})`
              : undefined;
    if (reason) ignored.push({ account: approval.account, role: approval.role, reason });
    else counted.set(approval.account, approval.role);
  }
  const roles = required.map((need) => ({
    role: need.role,
    required: need.count,
    given: [...counted].filter(([, role]) => role === need.role).map(([account]) => account),
    because: need.because,
  }));
  return { satisfied: roles.every((r) => r.given.length >= r.required), roles, ignored };
}
