/**
 * An audit record: who did what, why, on what evidence and when. Each is one
 * line of the log, canonical JSON (keys sorted, no spaces), and those exact
 * bytes are the leaf of the Merkle tree. Besides the tree, each record carries
 * its position (`seq`) and the leaf hash of the one before (`prev`): the tree
 * proves that something changed, these two say where, for the common cases
 * (a record edited, removed, inserted or moved) without needing a checkpoint
 * at every record.
 */

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.denied',
  'account.created',
  'account.roles_changed',
  'account.disabled',
  'account.enabled',
  'account.password_reset',
  'change.created',
  'change.edited',
  'change.submitted',
  'change.approved',
  'change.changes_requested',
  'change.rejected',
  'change.withdrawn',
  'change.returned_to_review',
  'change.published',
  /** A request about a change request that the rules refused with 409 or 422 (403s are `auth.denied`). */
  'change.refused',
  'policy.edited',
  'simulation.evidence',
  'workspace.out_of_band',
  'audit.exported',
  'audit.recovered',
  /** Records older than the retention period moved to a sealed archive (details: `before`, `archive`, …); appended before they move. */
  'audit.pruned',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditActor {
  /** The account, or `null` when nobody is signed in (a failed login names the account tried in `details`). */
  readonly account: string | null;
  /** The role the account acted in, or `null` (signing in, the server itself). */
  readonly role: string | null;
}

export interface FileChange {
  readonly path: string;
  /** Hex SHA-256 of the content before, `null` when the file did not exist. */
  readonly before: string | null;
  /** After; `null` when the change deletes the file. */
  readonly after: string | null;
}

/** What a decision was based on: a simulation report of the exact content, summarised. */
export interface AuditEvidence {
  readonly reportHash: string;
  readonly workspaceHash: string;
  readonly recognizer: string;
  readonly model: string | null;
  readonly weightsHash: string | null;
  readonly seed: string;
  /** Pass rates in percent, e.g. `{ "scripted": 100, "generated": 91.2 }`. */
  readonly passRates: Readonly<Record<string, number>>;
}

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a caller says about an action; the log adds `seq`, `prev`, `time` and the version. */
export interface AuditEntry {
  readonly actor: AuditActor;
  readonly action: AuditAction;
  readonly change?: string;
  readonly files?: readonly FileChange[];
  readonly rationale?: string;
  readonly evidence?: AuditEvidence;
  readonly details?: { readonly [key: string]: JsonValue };
}

export interface AuditRecord extends AuditEntry {
  readonly v: 1;
  readonly seq: number;
  /** Hex leaf hash of record `seq - 1`; GENESIS_PREV for the first. */
  readonly prev: string;
  readonly time: string;
}

export const GENESIS_PREV = '0'.repeat(64);

/** Canonical JSON: object keys sorted, no insignificant space, so one record has one byte form. */
export function canonicalJson(value: JsonValue | AuditRecord): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('audit records hold finite numbers only');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item as JsonValue)).join(',')}]`;
  const entries = Object.entries(value as Record<string, JsonValue | undefined>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item as JsonValue)}`).join(',')}}`;
}

/** The line of a record (without its newline), as written and as hashed. */
export function recordLine(record: AuditRecord): string {
  return canonicalJson(record);
}
