/**
 * The Reviews view (activity bar): change requests listed by state, and the
 * review page of the one chosen. It fills the editor area while shown (a
 * review needs the width of two files side by side); the editor keeps its
 * tabs and unsaved text underneath.
 *
 * Loaded lazily by the shell the first time it is shown, and kept. The list
 * is asked for again when the view is shown, after a review action, and when
 * the events socket says a change request was created, edited or moved
 * (liveReviews.ts): then the open review page is asked for again too, so
 * another person's approval shows without a reload.
 */
import { For, Show, createEffect, createMemo, createResource, createSignal, on, onCleanup, type JSX } from 'solid-js';
import type { SimulationsApi } from '../../api/SimulationsApi.ts';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { useStore } from '../../state/useStore.ts';
import { HttpChangesApi, type ChangesApi } from './changesApi.ts';
import { followChangeRequests, type ServerEventSource } from './liveReviews.ts';
import { ReviewPage } from './ReviewPage.tsx';
import { STATE_LABEL, groupByState } from './reviewModel.ts';
import './reviews.css';

export interface ReviewsViewProps {
  readonly store: WorkbenchStore;
  readonly simulations: SimulationsApi;
  /** The session's fetch (CSRF header, a 401 signs out). */
  readonly fetcher: (input: string, init?: RequestInit) => Promise<Response>;
  /** Bumped each time the view is shown: the list is fetched again. */
  readonly shown: () => number;
  readonly dark: boolean;
  /** For tests and other hosts; default: the server's API through `fetcher`. */
  readonly changes?: ChangesApi;
  /** The events socket's messages: `change` events refresh the list and the open page. */
  readonly events?: ServerEventSource;
}

export default function ReviewsView(props: ReviewsViewProps): JSX.Element {
  const state = useStore(props.store);
  const changes = props.changes ?? new HttpChangesApi('', props.fetcher);
  const [list, { refetch }] = createResource(() => changes.list());
  createEffect(on(props.shown, () => void refetch(), { defer: true }));
  const [selected, setSelected] = createSignal<string>();
  /** Bumped when the events say the open change request moved; `content`: its files too. */
  const [pageUpdates, setPageUpdates] = createSignal({ count: 0, content: false });
  const updatePage = (content: boolean) => setPageUpdates((last) => ({ count: last.count + 1, content }));
  if (props.events) {
    onCleanup(
      followChangeRequests(props.events, {
        list: () => void refetch(),
        change: (id, content) => selected() === id && updatePage(content),
        all: () => {
          void refetch();
          if (selected()) updatePage(true);
        },
      }),
    );
  }
  const groups = createMemo(() => {
    const answer = list();
    return answer?.ok ? groupByState(answer.changes) : [];
  });
  const account = createMemo(() => state().account);
  // The published workspace as saved (the file routes write it directly; new buffers are not on disk).
  const buffers = createMemo(() => state().files);
  const publishedFiles = createMemo(() => new Map([...buffers()].flatMap(([path, file]) => (file.savedContent === undefined || file.isNew ? [] : [[path, file.savedContent] as const]))));

  return (
    <div class="cq-reviews" data-testid="reviews-view">
      <nav class="cq-reviews__list" aria-label="Change requests">
        <div class="view-title">
          Reviews
          <button type="button" class="cq-reviews__refresh" title="Refresh" aria-label="Refresh the list" onClick={() => void refetch()}>
            ↻
          </button>
        </div>
        <Show when={list()?.ok === false && list()} keyed>
          {(refused) => <p class="cq-review__error" data-testid="reviews-error">{refused.ok ? '' : refused.error}</p>}
        </Show>
        <Show when={list()?.ok && groups().length === 0}>
          <p class="cq-review__muted">No change requests yet. A designer opens one (POST /api/changes) to propose an edit.</p>
        </Show>
        <For each={groups()}>
          {(group) => (
            <section data-testid={`reviews-group-${group.state}`}>
              <h3>
                {group.label} <span class="cq-review__muted">({group.changes.length})</span>
              </h3>
              <ul>
                <For each={group.changes}>
                  {(change) => (
                    <li>
                      <button
                        type="button"
                        classList={{ active: selected() === change.id }}
                        aria-current={selected() === change.id ? 'true' : undefined}
                        data-testid={`reviews-item-${change.id}`}
                        onClick={() => setSelected(change.id)}
                      >
                        <strong>{change.id}</strong> {change.title}
                        <span class="cq-review__muted">
                          {' '}
                          by {change.author} · {STATE_LABEL[change.state]}
                        </span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </nav>
      <div class="cq-reviews__page">
        <Show when={selected()} keyed fallback={<p class="cq-review__muted cq-reviews__hint">Choose a change request to review it.</p>}>
          {(id) => (
            <ReviewPage id={id} updates={pageUpdates} changes={changes} simulations={props.simulations} account={account} publishedFiles={publishedFiles} dark={props.dark} onChanged={() => void refetch()} />
          )}
        </Show>
      </div>
    </div>
  );
}
