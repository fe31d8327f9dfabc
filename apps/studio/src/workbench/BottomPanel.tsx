/** The bottom panel: Problems (grouped by file; click reveals), Output (the log), Trace. */
import { createMemo, For, Match, Show, Switch, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../state/WorkbenchStore.ts';
import { useStore } from '../state/useStore.ts';
import { groupProblems } from '../state/problems.ts';

export type PanelTab = 'problems' | 'output' | 'trace';

const TITLES: Record<PanelTab, string> = { problems: 'Problems', output: 'Output', trace: 'Trace' };

export function BottomPanel(props: { store: WorkbenchStore; tab: PanelTab; onTab: (tab: PanelTab) => void }): JSX.Element {
  const state = useStore(props.store);
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
                        <button class={`problem-row sev-${d.severity}`} data-testid="problem-row" data-code={d.code} onClick={() => props.store.reveal(d.file, d.range)} title={d.hint ?? d.message}>
                          <span class="sev-icon" aria-label={d.severity}>{d.severity === 'error' ? '✖' : d.severity === 'warning' ? '⚠' : 'ℹ'}</span>
                          <span class="problem-message">{d.message}</span>
                          <span class="problem-code">{d.code}</span>
                          <span class="problem-pos">[Ln {d.range.start.line}, Col {d.range.start.column}]</span>
                        </button>
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
            <div class="empty">Start a conversation in Test &amp; Simulate to see its trace here.</div>
          </Match>
        </Switch>
      </div>
    </section>
  );
}
