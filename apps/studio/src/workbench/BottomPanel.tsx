/**
 * The bottom panel: Problems (grouped by file; click reveals), Output (the log), Trace (the
 * Try-it turn on show in Test & Simulate, each YAML place a button that reveals it).
 */
import { createMemo, For, Match, Show, Switch, type JSX } from 'solid-js';
import type { SourceRef } from '@colloquy/engine';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { useStore } from '../state/useStore.ts';
import { diagnosticDocsUrl, groupProblems } from '../state/problems.ts';
// Straight from the modules, not the feature's index: the panel must not load the simulator.
import { TurnTrace } from '../features/simulate/TurnTrace.tsx';
import { rangeAtLineColumn, type TryItTurn } from '../features/simulate/headless.ts';

export type PanelTab = 'problems' | 'output' | 'trace';

const TITLES: Record<PanelTab, string> = { problems: 'Problems', output: 'Output', trace: 'Trace' };

export function BottomPanel(props: { store: WorkbenchStore; tab: PanelTab; onTab: (tab: PanelTab) => void; trace?: TryItTurn | undefined }): JSX.Element {
  const state = useStore(props.store);
  const revealRef = (ref: SourceRef | undefined) => {
    if (ref) props.store.reveal(ref.file, rangeAtLineColumn(props.store.file(ref.file)?.text ?? '', ref.line, ref.column));
  };
  const diagnostics = createMemo(() => state().diagnostics);
  const groups = createMemo(() => groupProblems(diagnostics()));
  return (
    <section class="panel" aria-label="Panel">
      <div class="panel-tabs" role="tablist">
        <For each={['problems', 'output', 'trace'] as PanelTab[]}>
          {(tab) => (
            <button role="tab" aria-selected={props.tab === tab} classList={{ active: props.tab === tab }} onClick={() => props.onTab(tab)} data-testid={`panel-tab-${tab}`}>
              {TITLES[tab]}
              <Show when={tab === 'problems' && diagnostics().length > 0}>
                <span class="badge">{diagnostics().length}</span>
              </Show>
            </button>
          )}
        </For>
      </div>
      <div class="panel-body" role="tabpanel">
        <Switch>
          <Match when={props.tab === 'problems'}>
            <Show when={groups().length > 0} fallback={<div class="empty">No problems have been detected in the workspace.</div>}>
              <For each={groups()}>
                {(group) => (
                  <div class="problem-group">
                    <div class="problem-file">
                      {group.file}
                      <span class="badge">{group.items.length}</span>
                    </div>
                    <For each={group.items}>
                      {(d) => (
                        <div class={`problem-row sev-${d.severity}`} data-testid="problem-row" data-code={d.code}>
                          <button class="problem-reveal" onClick={() => props.store.reveal(d.file, d.range)} title={d.hint ?? d.message}>
                            <span class="sev-icon" aria-label={d.severity}>{d.severity === 'error' ? '✖' : d.severity === 'warning' ? '⚠' : 'ℹ'}</span>
                            <span class="problem-message">{d.message}</span>
                            <span class="problem-pos">[Ln {d.range.start.line}, Col {d.range.start.column}]</span>
                          </button>
                          <a class="problem-code" href={diagnosticDocsUrl(d.code)} target="_blank" rel="noopener" title={`What ${d.code} means and how to fix it`} data-testid="problem-code">
                            {d.code}
                          </a>
                        </div>
                      )}
                    </For>
                  </div>
                )}
              </For>
            </Show>
          </Match>
          <Match when={props.tab === 'output'}>
            <pre class="output">{state().output.join('\n')}</pre>
          </Match>
          <Match when={props.tab === 'trace'}>
            <Show when={props.trace} fallback={<div class="empty">Start a conversation in Test &amp; Simulate (Try it) to see its trace here.</div>}>
              {(turn) => (
                <div class="cq-sim cq-tryit__trace panel-trace" data-testid="panel-trace">
                  <TurnTrace turn={turn()} reveal={revealRef} />
                </div>
              )}
            </Show>
          </Match>
        </Switch>
      </div>
    </section>
  );
}
