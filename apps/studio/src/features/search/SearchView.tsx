/** Search across every buffer (unsaved edits included); results grouped by file; click reveals. */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { useStore } from '../../state/useStore.ts';
import { searchBuffers } from './search.ts';

export function SearchView(props: { store: WorkbenchStore; focusSignal: () => number }): JSX.Element {
  const state = useStore(props.store);
  const [query, setQuery] = createSignal('');
  const [caseSensitive, setCaseSensitive] = createSignal(false);
  const files = createMemo(() => state().files);
  const result = createMemo(() => {
    files();
    return searchBuffers(props.store.buffers(), query(), { caseSensitive: caseSensitive() });
  });
  let input!: HTMLInputElement;
  createMemo(() => {
    if (props.focusSignal() > 0) queueMicrotask(() => input?.focus());
  });
  return (
    <div class="view search">
      <div class="view-title">Search</div>
      <div class="search-box">
        <input ref={input} type="search" placeholder="Search" aria-label="Search in files" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="search-input" />
        <label class="search-case" title="Match case">
          <input type="checkbox" checked={caseSensitive()} onChange={(e) => setCaseSensitive(e.currentTarget.checked)} /> Aa
        </label>
      </div>
      <Show when={query()}>
        <div class="search-summary" role="status">
          {result().total} result{result().total === 1 ? '' : 's'} in {result().files.length} file{result().files.length === 1 ? '' : 's'}
          {result().truncated ? ' (showing the first ones)' : ''}
        </div>
      </Show>
      <div class="search-results">
        <For each={result().files}>
          {(file) => (
            <div class="search-file">
              <div class="search-file-name" title={file.path}>{file.path} <span class="badge">{file.matches.length}</span></div>
              <For each={file.matches}>
                {(m) => (
                  <button
                    class="search-match"
                    data-testid="search-match"
                    onClick={() =>
                      props.store.reveal(file.path, {
                        start: { line: m.line, column: m.column, offset: 0 },
                        end: { line: m.line, column: m.column + m.length, offset: 0 },
                      })
                    }
                  >
                    <span class="line-no">{m.line}</span>
                    {m.preview.slice(0, m.previewStart)}
                    <mark>{m.preview.slice(m.previewStart, m.previewStart + m.length)}</mark>
                    {m.preview.slice(m.previewStart + m.length)}
                  </button>
                )}
              </For>
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
