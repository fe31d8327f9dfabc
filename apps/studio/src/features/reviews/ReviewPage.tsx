/**
 * The review of one change request: each changed file in the diff editor,
 * the validation of the change's content, the simulation evidence (the
 * server's verdict, the report of a run started here, the behaviour diff
 * against the published version), the approvals required and given, and
 * approve / request changes / reject with a rationale; and the change
 * request's own moves (submit, withdraw, publish) for whoever may take them.
 *
 * The page only reflects the server: buttons are greyed with governance's
 * sentence (reviewModel.ts) and every refusal the server sends is shown word
 * for word. The simulation is followed by the Simulate tab's
 * `SimulationRunner` over `changeSimulations` (start on the change's route,
 * progress from the events socket).
 *
 * Lifecycle: made per change id (the view keys it); the runner and the
 * socket subscription go with it. When the view hears that this change
 * request moved (`updates`, from the events socket), the details are asked
 * for again, and the diff when its content changed.
 */
import { For, Show, createEffect, createMemo, createResource, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { formatBehaviourDiff } from '@colloquy/simulator';
import type { Role } from '@colloquy/governance';
import type { SimulationsApi } from '../../api/SimulationsApi.ts';
import type { Account } from '../../state/permissions.ts';
import { refusalFor } from '../../state/permissions.ts';
import { SimulationRunner, describeRun, isBusy, runProgress, type SimulationRunState } from '../simulate/headless.ts';
import { changeSimulations, type ChangesApi, type LifecycleVerb, type ReviewVerb } from './changesApi.ts';
import { FileDiffEditor } from './FileDiffEditor.tsx';
import { LIFECYCLE_LABEL, STATE_LABEL, VERB_LABEL, approvalsView, evidenceView, lifecycleControls, rationaleProblem, reviewControls, validateChange } from './reviewModel.ts';

export interface ReviewPageProps {
  readonly id: string;
  readonly changes: ChangesApi;
  readonly simulations: SimulationsApi;
  readonly account: () => Account | undefined;
  /** The published workspace's files as saved (path → text): what the change is laid over for validation. */
  readonly publishedFiles: () => ReadonlyMap<string, string>;
  readonly dark: boolean;
  /** Told after a review action the server accepted, so the list shows the new state. */
  readonly onChanged: () => void;
  /** Changes each time the server says this change request moved (someone else may have acted); `content`: its files changed. */
  readonly updates?: () => { readonly count: number; readonly content: boolean };
}

/** A table of label → value lines (the evidence, how it was run); a line that is not ok is marked. */
function LabelledValues(props: { readonly lines: readonly { label: string; value: string; ok?: boolean }[]; readonly caption?: string; readonly testId?: string }): JSX.Element {
  return (
    <table class="cq-review__table" aria-label={props.caption} data-testid={props.testId}>
      <Show when={props.caption}>
        <caption>{props.caption}</caption>
      </Show>
      <tbody>
        <For each={props.lines}>
          {(line) => (
            <tr classList={{ 'cq-review__bad': line.ok === false }}>
              <th scope="row">{line.label}</th>
              <td>{line.value}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

export function ReviewPage(props: ReviewPageProps): JSX.Element {
  const [details, { refetch: refetchDetails }] = createResource(() => props.id, (id) => props.changes.details(id));
  const [diff, { refetch: refetchDiff }] = createResource(() => props.id, (id) => props.changes.diff(id));
  const [behaviour, { refetch: refetchBehaviour }] = createResource(() => props.id, (id) => props.changes.behaviourDiff(id));
  const refresh = () => {
    // The diff is the change's own content, which nothing here alters: its editors stay as they are.
    void refetchDetails();
    void refetchBehaviour();
  };
  createEffect(
    on(
      () => props.updates?.(),
      (update) => {
        if (!update) return;
        refresh();
        if (update.content) void refetchDiff();
      },
      { defer: true },
    ),
  );

  // The change's simulation, followed like the Simulate tab's runs.
  const runner = new SimulationRunner(changeSimulations(props.simulations, props.changes, props.id));
  const [run, setRun] = createSignal<SimulationRunState>(runner.state);
  let disposed = false;
  onCleanup(runner.subscribe((state) => {
    setRun(state);
    if (state.kind === 'finished') void awaitEvidence(state.report.reportHash);
  }));
  // The published run for the behaviour diff may finish after the change's: look again then.
  onCleanup(props.simulations.subscribe((notice) => notice.type === 'simulation' && notice.state === 'done' && void refetchBehaviour()));
  onCleanup(() => {
    disposed = true;
    runner.dispose();
  });
  /**
   * The server stores a finished run as evidence just after saying it is done: ask for the details
   * until they name this report (a few times), so the verdict shown is the one on it.
   */
  const awaitEvidence = async (reportHash: string) => {
    for (let attempt = 0; attempt < 20 && !disposed; attempt++) {
      const answer = await refetchDetails();
      if (!answer?.ok || answer.details.evidence?.reportHash === reportHash) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!disposed) void refetchBehaviour();
  };
  const runRefusal = () => refusalFor(props.account(), 'simulation.run');

  const shown = () => {
    const d = details();
    return d?.ok ? d.details : undefined;
  };
  const files = () => {
    const d = diff();
    return d?.ok ? d.files : [];
  };
  const evidence = createMemo(() => (shown() ? evidenceView(shown()!) : undefined));
  const approvals = createMemo(() => (shown() ? approvalsView(shown()!) : undefined));
  const validation = createMemo(() => (diff()?.ok ? validateChange(props.publishedFiles(), files()) : undefined));

  const [rationale, setRationale] = createSignal('');
  const [asRole, setAsRole] = createSignal<Role>();
  const [sending, setSending] = createSignal(false);
  const [answer, setAnswer] = createSignal<{ readonly ok: boolean; readonly text: string; readonly conflicts?: readonly string[] }>();
  const controls = createMemo(() => {
    const change = shown();
    return change ? reviewControls(props.account(), change, asRole()) : undefined;
  });
  const act = async (verb: ReviewVerb) => {
    const role = controls()?.asRole;
    if (!role || rationaleProblem(rationale()) || sending()) return;
    setSending(true);
    setAnswer(undefined);
    const result = await props.changes.act(props.id, verb, role, rationale().trim());
    setSending(false);
    if (result.ok) {
      setAnswer({ ok: true, text: `${VERB_LABEL[verb]}: done. The change request is ${STATE_LABEL[result.change.state].toLowerCase()}.` });
      setRationale('');
      props.onChanged();
    } else setAnswer({ ok: false, text: result.error });
    refresh();
  };
  const moves = createMemo(() => {
    const change = shown();
    return change ? lifecycleControls(props.account(), change) : [];
  });
  const move = async (verb: LifecycleVerb, role: Role) => {
    if (sending()) return;
    setSending(true);
    setAnswer(undefined);
    const result = await props.changes.act(props.id, verb, role);
    setSending(false);
    if (result.ok) {
      setAnswer({ ok: true, text: `${LIFECYCLE_LABEL[verb]}: done. The change request is ${STATE_LABEL[result.change.state].toLowerCase()}.` });
      props.onChanged();
    } else setAnswer({ ok: false, text: result.error, ...(result.conflicts ? { conflicts: result.conflicts } : {}) });
    refresh();
  };

  return (
    <section class="cq-review" data-testid="review-page" aria-label={`Review of ${props.id}`}>
      <Show when={details()?.ok === false && details()} keyed>
        {(refused) => <p class="cq-review__error" data-testid="review-error">{refused.ok ? '' : refused.error}</p>}
      </Show>
      <Show when={shown()}>
        {(change) => (
          <>
            <header class="cq-review__header">
              <h2>
                {change().id}: {change().title}
              </h2>
              <p>
                by {change().author} · <span data-testid="review-state" data-state={change().state}>{STATE_LABEL[change().state]}</span> · content {change().contentHash.slice(0, 12)}
              </p>
              <Show when={change().baseMoved}>
                <p class="cq-review__warn">The published workspace changed since this change request was opened: its content is the change merged onto the new version.</p>
              </Show>
              <Show when={change().conflicts.length > 0}>
                <p class="cq-review__warn" data-testid="review-change-conflicts">Conflicts with the published workspace: {change().conflicts.join(', ')}</p>
              </Show>
            </header>

            <section class="cq-review__section" aria-label="Files">
              <h3>Files ({files().length})</h3>
              <Show when={diff()?.ok === false && diff()} keyed>
                {(refused) => <p class="cq-review__error">{refused.ok ? '' : refused.error}</p>}
              </Show>
              <For each={files()}>
                {(file) => (
                  <details open class="cq-review__file">
                    <summary>
                      {file.path} <span class="cq-review__muted">({file.status})</span>
                    </summary>
                    <FileDiffEditor changeId={props.id} file={file} dark={props.dark} />
                  </details>
                )}
              </For>
            </section>

            <section class="cq-review__section" aria-label="Validation" data-testid="review-validation">
              <h3>Validation and policies</h3>
              <Show when={validation()} fallback={<p class="cq-review__muted">Validating…</p>}>
                {(v) => (
                  <>
                    <p data-testid="review-validation-summary">
                      {v().errors === 0 && v().warnings === 0 ? 'No problems in the change’s content.' : `${v().errors} error${v().errors === 1 ? '' : 's'}, ${v().warnings} warning${v().warnings === 1 ? '' : 's'}.`}
                    </p>
                    <ul class="cq-review__list">
                      <For each={[...v().inChange, ...v().introducedElsewhere]}>
                        {(d) => (
                          <li classList={{ 'cq-review__bad': d.severity === 'error' }}>
                            {d.severity} {d.file}:{d.range.start.line}: {d.message}
                            {d.policy ? ` (policy ${d.policy})` : ''}
                          </li>
                        )}
                      </For>
                    </ul>
                  </>
                )}
              </Show>
            </section>

            <section class="cq-review__section" aria-label="Evidence" data-testid="review-evidence">
              <h3>Simulation evidence</h3>
              <Show when={evidence()}>
                  <>
                    <p data-testid="review-evidence-verdict" data-ok={evidence()!.allowsApproval ? 'true' : 'false'}>
                      {evidence()!.allowsApproval ? 'The evidence allows an approval.' : evidence()!.reasons.join(' ')}
                    </p>
                    <LabelledValues lines={evidence()!.lines} />
                    <Show when={evidence()!.run.length > 0}>
                      <LabelledValues lines={evidence()!.run} caption="How it was run" testId="review-evidence-run" />
                    </Show>
                    <Show when={evidence()!.reportHash}>
                      <p class="cq-review__muted">Report {evidence()!.reportHash}</p>
                    </Show>
                  </>
              </Show>
              <div class="cq-review__toolbar">
                <button type="button" data-testid="review-run-simulation" disabled={isBusy(run()) || runRefusal() !== undefined} title={runRefusal()} onClick={() => void runner.start({})}>
                  Run the change’s simulation
                </button>
                <Show when={isBusy(run())}>
                  <button type="button" onClick={() => runner.cancel()}>
                    Cancel
                  </button>
                  <Show when={runProgress(run())}>{(p) => <progress max={p().total} value={p().done} />}</Show>
                </Show>
                <span data-testid="review-simulation-status" role="status">
                  {describeRun(run())}
                </span>
              </div>
              <Show when={(() => { const r = run(); return r.kind === 'finished' ? r.report : undefined; })()}>
                {(report) => (
                  <p data-testid="review-report-summary">
                    This run: scripted {report().summary.scripted.passed} of {report().summary.scripted.total} passed, generated {report().summary.generated.passed} of {report().summary.generated.total} passed
                    {report().summary.generated.rate === null ? '' : ` (${report().summary.generated.rate}%)`}; report {report().reportHash.slice(0, 12)}.
                  </p>
                )}
              </Show>
              <h4>Behaviour against the published version</h4>
              <Show
                when={behaviour()?.ok && behaviour()}
                keyed
                fallback={<p class="cq-review__muted" data-testid="review-behaviour-pending">{behaviour()?.ok === false ? (behaviour() as { error: string }).error : 'Loading…'}</p>}
              >
                {(found) => (
                  <Show when={found.ok && found.diff} keyed>
                    {(d) => (
                      <div data-testid="review-behaviour-diff">
                        <p>
                          {d.changed.length === 0 ? 'No case or test behaves differently.' : `${d.changed.length} case${d.changed.length === 1 ? '' : 's'} behave differently: `}
                          {d.changed.length === 0 ? '' : Object.entries(d.counts).filter(([, n]) => n > 0).map(([kind, n]) => `${n} ${kind}`).join(', ')}
                        </p>
                        <pre class="cq-review__pre">{formatBehaviourDiff(d).trim()}</pre>
                      </div>
                    )}
                  </Show>
                )}
              </Show>
            </section>

            <section class="cq-review__section" aria-label="Approvals" data-testid="review-approvals">
              <h3>Approvals {approvals()!.satisfied ? '(complete)' : '(not complete)'}</h3>
              <ul class="cq-review__list">
                <For each={approvals()!.rows}>
                  {(row) => (
                    <li data-testid={`review-approval-${row.role}`}>
                      <strong>{row.role}</strong>: {row.given.length} of {row.required} {row.complete ? '✓' : ''}
                      <span class="cq-review__muted"> ({row.because.join('; ')})</span>
                      <For each={row.given}>{(g) => <div class="cq-review__given">{g.account}: “{g.rationale}”</div>}</For>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={approvals()!.ignored.length > 0}>
                <p>Not counted:</p>
                <ul class="cq-review__list" data-testid="review-approvals-ignored">
                  <For each={approvals()!.ignored}>
                    {(i) => (
                      <li>
                        {i.account} ({i.role}): {i.reason}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>

            <Show when={moves().length > 0}>
              <section class="cq-review__section" aria-label="Change request" data-testid="review-lifecycle">
                <h3>The change request</h3>
                <div class="cq-review__toolbar">
                  <For each={moves()}>
                    {(m) => (
                      <button type="button" data-testid={`review-${m.verb}`} disabled={sending() || m.refusal !== undefined} title={m.refusal ?? `${LIFECYCLE_LABEL[m.verb]} as ${m.asRole}`} onClick={() => void move(m.verb, m.asRole)}>
                        {LIFECYCLE_LABEL[m.verb]}
                      </button>
                    )}
                  </For>
                </div>
                <ul class="cq-review__list">
                  <For each={moves().filter((m) => m.refusal !== undefined)}>
                    {(m) => (
                      <li data-testid={`review-${m.verb}-reason`}>
                        {LIFECYCLE_LABEL[m.verb]}: {m.refusal}
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </Show>

            <section class="cq-review__section cq-review__decide" aria-label="Decision">
              <h3>Your decision</h3>
              <Show when={(controls()?.roles.length ?? 0) > 1}>
                <label>
                  Acting as{' '}
                  <select data-testid="review-as-role" onChange={(e) => setAsRole(e.currentTarget.value as Role)}>
                    <For each={controls()?.roles ?? []}>{(role) => <option value={role} selected={role === controls()?.asRole}>{role}</option>}</For>
                  </select>
                </label>
              </Show>
              <label class="cq-review__rationale">
                Rationale (required; the audit log keeps it)
                <textarea data-testid="review-rationale" rows={3} maxLength={10_000} value={rationale()} onInput={(e) => setRationale(e.currentTarget.value)} />
              </label>
              <div class="cq-review__toolbar">
                <For each={controls()?.controls ?? []}>
                  {(control) => {
                    const why = () => control.refusal ?? rationaleProblem(rationale());
                    return (
                      <button type="button" data-testid={`review-${control.verb}`} disabled={sending() || why() !== undefined} title={why() ?? `${VERB_LABEL[control.verb]} as ${controls()?.asRole}`} onClick={() => void act(control.verb)}>
                        {VERB_LABEL[control.verb]}
                      </button>
                    );
                  }}
                </For>
              </div>
              <ul class="cq-review__list" data-testid="review-refusals">
                <For each={(controls()?.controls ?? []).filter((c) => c.refusal !== undefined)}>
                  {(c) => (
                    <li data-testid={`review-${c.verb}-reason`}>
                      {VERB_LABEL[c.verb]}: {c.refusal}
                    </li>
                  )}
                </For>
              </ul>
              <Show when={answer()}>
                {(a) => (
                  <p data-testid={a().ok ? 'review-answer' : 'review-error'} classList={{ 'cq-review__error': !a().ok }} role="status">
                    {a().text}
                  </p>
                )}
              </Show>
              <Show when={answer()?.conflicts}>
                {(conflicts) => (
                  <ul class="cq-review__list" data-testid="review-conflicts">
                    <For each={conflicts()}>{(path) => <li>{path}</li>}</For>
                  </ul>
                )}
              </Show>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}
