/**
 * The Audit view's timeline as plain data: the filter form to the query the
 * server takes (`GET /api/audit/records`), and a record to what its row and
 * its expanded details show. The details recompute the record's leaf hash
 * (RFC 6962, pure SHA-256) from the record itself: records are stored as
 * canonical JSON, so the parsed record gives back its exact line, and the hash
 * shown is the one the Merkle tree and the next record's `prev` hold.
 */
import { canonicalJson, pureSha256, toHex, TreeHasher, type AuditRecord, type JsonValue } from '@colloquy/governance';

export { AUDIT_ACTIONS } from '@colloquy/governance';

/** The form as typed: every field text, empty meaning "any". `from`/`to` are `datetime-local` values (the browser's time zone). */
export interface AuditFilterForm {
  readonly actor: string;
  readonly action: string;
  readonly change: string;
  readonly from: string;
  readonly to: string;
}

export const EMPTY_FILTER: AuditFilterForm = { actor: '', action: '', change: '', from: '', to: '' };
export const PAGE_SIZE = 50;

/** The query string of one page, or the sentence saying which field is wrong. */
export function filterQuery(form: AuditFilterForm, page: { readonly limit?: number; readonly after?: number } = {}): { readonly query: string } | { readonly error: string } {
  const params = new URLSearchParams();
  const actor = form.actor.trim();
  if (actor) params.set('actor', actor);
  if (form.action) params.set('action', form.action);
  const change = form.change.trim().toUpperCase();
  if (change) {
    if (!/^CR-[0-9]{1,9}$/.test(change)) return { error: `“${form.change.trim()}” is not a change request: they are named like CR-12.` };
    params.set('change', change);
  }
  for (const name of ['from', 'to'] as const) {
    const value = form[name].trim();
    if (!value) continue;
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) return { error: `“${value}” is not a time (${name}).` };
    params.set(name, time.toISOString());
  }
  if (form.from.trim() && form.to.trim() && new Date(form.from) >= new Date(form.to)) return { error: 'The time range ends before it starts: “to” must be after “from”.' };
  params.set('limit', String(page.limit ?? PAGE_SIZE));
  if (page.after !== undefined) params.set('after', String(page.after));
  return { query: `?${params.toString()}` };
}

/** One row of the timeline, collapsed. */
export interface RecordRow {
  readonly seq: number;
  readonly time: string;
  readonly action: string;
  /** `rita (rai_lead)`, `rita` when no role was acting, or who it was when nobody was signed in. */
  readonly who: string;
  readonly change: string | undefined;
  /** The rationale, or a short line from the details (a refusal's reason and path, a failed sign-in's account). */
  readonly summary: string;
}

export function recordRow(record: AuditRecord): RecordRow {
  return { seq: record.seq, time: record.time, action: record.action, who: who(record), change: record.change, summary: summaryOf(record) };
}

export interface DetailRow {
  readonly label: string;
  readonly value: string;
}

/** What an expanded record shows, section by section (a section without rows is left out). */
export interface RecordDetails {
  readonly hashes: readonly DetailRow[];
  readonly files: readonly { readonly path: string; readonly before: string; readonly after: string }[];
  readonly evidence: readonly DetailRow[];
  readonly rationale: string | undefined;
  readonly details: readonly DetailRow[];
}

const hasher = new TreeHasher(pureSha256);

export function recordDetails(record: AuditRecord): RecordDetails {
  const line = new TextEncoder().encode(canonicalJson(record));
  const evidence = record.evidence;
  return {
    hashes: [
      { label: 'Record', value: `${record.seq}` },
      { label: 'Leaf hash', value: toHex(hasher.hashLeaf(line)) },
      { label: 'Previous leaf', value: record.prev },
    ],
    files: (record.files ?? []).map((file) => ({ path: file.path, before: file.before ?? '(none: created)', after: file.after ?? '(none: deleted)' })),
    evidence: evidence
      ? [
          { label: 'Report', value: evidence.reportHash },
          { label: 'Workspace', value: evidence.workspaceHash },
          { label: 'Recognizer', value: evidence.recognizer },
          { label: 'Model', value: evidence.model ?? '(none)' },
          { label: 'Weights', value: evidence.weightsHash ?? '(none)' },
          { label: 'Seed', value: evidence.seed },
          ...Object.entries(evidence.passRates)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([name, rate]) => ({ label: `Pass rate, ${name}`, value: `${rate}%` })),
        ]
      : [],
    rationale: record.rationale,
    details: Object.entries(record.details ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([label, value]) => ({ label, value: text(value) })),
  };
}

function who(record: AuditRecord): string {
  const { account, role } = record.actor;
  if (account === null) {
    const tried = record.details?.['account'];
    if (record.action === 'auth.login_failed' && typeof tried === 'string') return `nobody signed in (tried ${tried})`;
    return record.action.startsWith('auth.') ? 'nobody signed in' : 'the server';
  }
  return role ? `${account} (${role})` : account;
}

function summaryOf(record: AuditRecord): string {
  if (record.rationale) return record.rationale;
  const d = record.details ?? {};
  if (record.action === 'auth.denied') return [d['status'], d['method'], d['path'], d['reason'] && `(${text(d['reason'])})`].filter(Boolean).map(text).join(' ');
  if (record.action === 'auth.login_failed') return text(d['reason'] ?? '');
  if (record.files?.length) return record.files.map((f) => f.path).join(', ');
  if (typeof d['title'] === 'string') return d['title'];
  return '';
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
