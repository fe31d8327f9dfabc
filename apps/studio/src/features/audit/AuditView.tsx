/**
 * The Audit view (side bar): the audit log as a timeline, newest first,
 * filtered by actor, action, change request and time range, a page at a time;
 * each record expands to its hashes, files, evidence, rationale and details.
 * "Verify" fetches the log's own bytes and checks them here in the browser
 * (logVerification.ts); "Export bundle" downloads a change request's evidence
 * bundle, which `colloquy audit verify --bundle` checks anywhere. The server
 * decides who may read and export; the buttons only say in advance.
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { refusalFor } from '../../state/permissions.ts';
import { useStore } from '../../state/useStore.ts';
import { AuditApi, type AuditPage, type Fetch } from './auditApi.ts';
import { AUDIT_ACTIONS, EMPTY_FILTER, filterQuery, recordDetails, recordRow, type AuditFilterForm } from './auditTimeline.ts';
import { verifyFetchedLog, type VerificationSummary } from './logVerification.ts';
import './audit.css';

export interface AuditViewProps {
  readonly store: WorkbenchStore;
  /** The session's fetch (CSRF header, 401 → signed out). */
  readonly fetch: Fetch;
}

export default function AuditView(props: AuditViewProps): JSX.Element {
  const api = new AuditApi(props.fetch);
  const state = useStore(props.store);
  const account = createMemo(() => state().account);
  const readRefusal = createMemo(() => refusalFor(account(), 'audit.read'));
  const exportRefusal = createMemo(() => refusalFor(account(), 'audit.export'));

  const [form, setForm] = createSignal<AuditFilterForm>(EMPTY_FILTER);
  const [page, setPage] = createSignal<AuditPage>();
  const [shown, setShown] = createSignal<AuditPage['records']>([]);
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [expanded, setExpanded] = createSignal<ReadonlySet<number>>(new Set());
  const [verification, setVerification] = createSignal<VerificationSummary | { readonly error: string }>();
  const [verifying, setVerifying] = createSignal(false);
  const [trustedKey, setTrustedKey] = createSignal('');
  const [exportChange, setExportChange] = createSignal('');
  const [exportResult, setExportResult] = createSignal<{ readonly ok: boolean; readonly message: string }>();

  const load = async (more: boolean) => {
    const after = more ? (page()?.next ?? undefined) : undefined;
    const query = filterQuery(form(), after !== undefined ? { after } : {});
    if ('error' in query) return setError(query.error);
    setLoading(true);
    const result = await api.records(query.query);
    setLoading(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setPage(result.value);
    setShown((records) => (more ? [...records, ...result.value.records] : result.value.records));
    if (!more) setExpanded(new Set<number>());
  };
  const field = (name: keyof AuditFilterForm) => (event: { currentTarget: { value: string } }) => setForm((f) => ({ ...f, [name]: event.currentTarget.value }));
  const toggle = (seq: number) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });

  const verify = async () => {
    setVerifying(true);
    const raw = await api.log();
    setVerification(raw.ok ? verifyFetchedLog(raw.value, trustedKey()) : { error: raw.error });
    setVerifying(false);
  };

  const exportBundle = async () => {
    const change = (exportChange().trim() || form().change.trim()).toUpperCase();
    if (!/^CR-[0-9]{1,9}$/.test(change)) return setExportResult({ ok: false, message: 'Name the change request to export, like CR-12.' });
    const result = await api.exportBundle(change);
    if (!result.ok) return setExportResult({ ok: false, message: result.error });
    download(result.value.bytes, result.value.filename);
    setExportResult({ ok: true, message: `${result.value.filename} saved (SHA-256 ${result.value.sha256.slice(0, 16)}…, recorded in the log as audit.exported).` });
  };

  if (!readRefusal()) void load(false);

  return (
    <div class="view audit" data-testid="audit-view">
      <div class="view-title">Audit log</div>
      <Show when={!readRefusal()} fallback={<div class="empty" data-testid="audit-refused">{readRefusal()}</div>}>
        <form
          class="audit-filters"
          onSubmit={(event) => {
            event.preventDefault();
            void load(false);
          }}
        >
          <label>
            Actor <input value={form().actor} onInput={field('actor')} placeholder="any account" data-testid="audit-filter-actor" />
          </label>
          <label>
            Action
            <select value={form().action} onChange={field('action')} data-testid="audit-filter-action">
              <option value="">any action</option>
              <For each={AUDIT_ACTIONS}>{(action) => <option value={action}>{action}</option>}</For>
            </select>
          </label>
          <label>
            Change <input value={form().change} onInput={field('change')} placeholder="CR-12" data-testid="audit-filter-change" />
          </label>
          <label>
            From <input type="datetime-local" step="1" value={form().from} onInput={field('from')} data-testid="audit-filter-from" />
          </label>
          <label>
            To <input type="datetime-local" step="1" value={form().to} onInput={field('to')} data-testid="audit-filter-to" />
          </label>
          <div class="audit-actions">
            <button type="submit" data-testid="audit-apply">Apply</button>
            <button
              type="button"
              onClick={() => {
                setForm(EMPTY_FILTER);
                void load(false);
              }}
            >
              Clear
            </button>
          </div>
        </form>

        <section class="audit-verify">
          <div class="audit-actions">
            <button onClick={() => void verify()} disabled={verifying()} data-testid="audit-verify">
              {verifying() ? 'Verifying…' : 'Verify'}
            </button>
            <input class="audit-key" value={trustedKey()} onInput={(e) => setTrustedKey(e.currentTarget.value)} placeholder="trusted public key (optional, hex)" aria-label="Trusted public key" data-testid="audit-trusted-key" />
          </div>
          <Show when={verification()}>{(v) => <VerificationResult result={v()} />}</Show>
        </section>

        <section class="audit-export">
          <div class="audit-actions">
            <input value={exportChange()} onInput={(e) => setExportChange(e.currentTarget.value)} placeholder="CR-12" aria-label="Change request to export" data-testid="audit-export-change" />
            <button onClick={() => void exportBundle()} disabled={!!exportRefusal()} title={exportRefusal() ?? 'Download this change request’s evidence bundle'} data-testid="audit-export">
              Export bundle
            </button>
          </div>
          <Show when={exportResult()}>
            {(r) => (
              <div classList={{ 'audit-note': true, 'audit-bad': !r().ok }} role="status" data-testid="audit-export-result">
                {r().message}
              </div>
            )}
          </Show>
        </section>

        <Show when={error()}>
          <div class="audit-note audit-bad" role="alert" data-testid="audit-error">
            {error()}
          </div>
        </Show>
        <Show when={page()}>
          {(p) => (
            <div class="audit-count" role="status" data-testid="audit-count">
              {p().matched} of {p().size} record{p().size === 1 ? '' : 's'} match
              {p().unreadable.length ? `; ${p().unreadable.length} line(s) are not records (verify the log)` : ''}
            </div>
          )}
        </Show>
        <ol class="audit-timeline" data-testid="audit-timeline">
          <For each={shown()}>
            {(record) => {
              const row = recordRow(record);
              const open = () => expanded().has(record.seq);
              return (
                <li class="audit-record" data-testid={`audit-record-${record.seq}`} data-action={record.action}>
                  <button class="audit-row" aria-expanded={open()} onClick={() => toggle(record.seq)} data-testid="audit-record-toggle">
                    <span class="audit-seq">#{row.seq}</span>
                    <span class="audit-action">{row.action}</span>
                    <Show when={row.change}>
                      <span class="badge">{row.change}</span>
                    </Show>
                    <span class="audit-who">{row.who}</span>
                    <time class="audit-time" dateTime={row.time}>
                      {row.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}
                    </time>
                    <Show when={row.summary}>
                      <span class="audit-summary">{row.summary}</span>
                    </Show>
                  </button>
                  <Show when={open()}>
                    <RecordDetailsView record={record} />
                  </Show>
                </li>
              );
            }}
          </For>
        </ol>
        <Show when={page()?.next !== null && page() !== undefined}>
          <button class="audit-more" onClick={() => void load(true)} disabled={loading()} data-testid="audit-more">
            Older records
          </button>
        </Show>
        <Show when={page() && shown().length === 0}>
          <div class="empty">No record matches.</div>
        </Show>
      </Show>
    </div>
  );
}

function RecordDetailsView(props: { record: Parameters<typeof recordDetails>[0] }): JSX.Element {
  const d = recordDetails(props.record);
  const rows = (title: string, list: readonly { label: string; value: string }[], testId: string) => (
    <Show when={list.length > 0}>
      <h4>{title}</h4>
      <dl class="audit-dl" data-testid={testId}>
        <For each={list}>
          {(row) => (
            <>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </>
          )}
        </For>
      </dl>
    </Show>
  );
  return (
    <div class="audit-details" data-testid="audit-record-details">
      {rows('Hashes', d.hashes, 'audit-record-hashes')}
      <Show when={d.rationale}>
        <h4>Rationale</h4>
        <p class="audit-rationale">{d.rationale}</p>
      </Show>
      <Show when={d.files.length > 0}>
        <h4>Files</h4>
        <table class="audit-files" data-testid="audit-record-files">
          <thead>
            <tr>
              <th>Path</th>
              <th>Before (SHA-256)</th>
              <th>After (SHA-256)</th>
            </tr>
          </thead>
          <tbody>
            <For each={d.files}>
              {(file) => (
                <tr>
                  <td>{file.path}</td>
                  <td>{file.before}</td>
                  <td>{file.after}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      {rows('Evidence', d.evidence, 'audit-record-evidence')}
      {rows('Details', d.details, 'audit-record-data')}
    </div>
  );
}

function VerificationResult(props: { result: VerificationSummary | { readonly error: string } }): JSX.Element {
  return (
    <Show
      when={'ok' in props.result ? (props.result as VerificationSummary) : undefined}
      fallback={
        <div class="audit-note audit-bad" role="alert" data-testid="audit-verification" data-ok="error">
          {(props.result as { error: string }).error}
        </div>
      }
    >
      {(v) => (
        <div classList={{ 'audit-verification': true, 'audit-bad': !v().ok }} role="status" data-testid="audit-verification" data-ok={String(v().ok)}>
          <p data-testid="audit-verification-headline">{v().headline}</p>
          <dl class="audit-dl">
            <dt>Records</dt>
            <dd data-testid="audit-verification-records">{v().records}</dd>
            <dt>Root</dt>
            <dd data-testid="audit-verification-root">{v().root}</dd>
            <dt>Key</dt>
            <dd>
              {v().key ?? '(no checkpoint yet)'} ({v().keySource === 'given' ? 'the one you gave' : v().keySource === 'log' ? 'the log’s own: give a saved one to be sure' : v().keySource})
            </dd>
            <Show when={v().latest}>
              {(latest) => (
                <>
                  <dt>Latest checkpoint</dt>
                  <dd>
                    {latest().size} records, signed {latest().time}
                  </dd>
                </>
              )}
            </Show>
            <Show when={v().tornTail > 0}>
              <dt>Interrupted append</dt>
              <dd>{v().tornTail} bytes after the last record (not a record)</dd>
            </Show>
          </dl>
          <Show when={v().problems.length > 0}>
            <ul class="audit-problems" data-testid="audit-verification-problems">
              <For each={v().problems}>
                {(p) => (
                  <li data-record={p.record ?? ''}>
                    {p.record !== null ? <strong>Record {p.record}: </strong> : null}
                    {p.message}
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      )}
    </Show>
  );
}

/** Saves bytes as a file through the browser's download. */
function download(bytes: Uint8Array, filename: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
