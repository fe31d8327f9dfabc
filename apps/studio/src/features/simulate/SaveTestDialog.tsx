/**
 * "Save as test": a modal <dialog> asking which test file (an existing one, or
 * a new path) and which test id, showing the YAML that will be added and any
 * warnings. Saving first runs the new test with the simulator on the current
 * text (`verifySavedTest`); when it does not pass the dialog says why and the
 * button becomes "Save anyway".
 *
 * Lifecycle: mounted while open; opens itself with `showModal()` (focus moves
 * in, Escape closes) and closes in `onCleanup`.
 */
import { For, Match, Show, Switch, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, onMount, type JSX } from 'solid-js';
import { checkTestId, conversationToTest, suggestTestTarget, verifySavedTest, type BotCheck, type SavedTestCheck, type SaveAsTestResult } from './conversationToTest.ts';
import type { TryItConversation } from './tryItSession.ts';
import { createIncrementalValidation, isTestFilePath, type WorkspaceFiles } from './workspaceSource.ts';

export type SavedTest = Extract<SaveAsTestResult, { ok: true }>;

export interface SaveTestDialogProps {
  readonly conversation: TryItConversation;
  readonly files: () => WorkspaceFiles;
  readonly onWriteFile: (path: string, text: string) => void;
  readonly onSaved: (saved: SavedTest) => void;
  readonly onClose: () => void;
}

const NEW_FILE = '';

export function SaveTestDialog(props: SaveTestDialogProps): JSX.Element {
  const uid = createUniqueId();
  // The current text, tests included (Try-it's own workspace leaves test edits aside), for suggestions and the check.
  const validation = createIncrementalValidation();
  const { workspace } = validation.validate(props.files());
  const suggestion = suggestTestTarget(props.conversation, workspace);
  const testFiles = [...props.files().keys()].filter(isTestFilePath).sort();
  const [choice, setChoice] = createSignal(testFiles.includes(suggestion.path) ? suggestion.path : NEW_FILE);
  const [newPath, setNewPath] = createSignal(testFiles.includes(suggestion.path) ? 'tests/try_it.test.yaml' : suggestion.path);
  const [testId, setTestId] = createSignal(suggestion.testId);
  const [title, setTitle] = createSignal('');
  const [bot, setBot] = createSignal<BotCheck>('phrase');
  const [check, setCheck] = createSignal<SavedTestCheck>();

  const path = () => (choice() === NEW_FILE ? newPath().trim() : choice());
  const idProblem = () => checkTestId(testId().trim());
  const result = createMemo((): SaveAsTestResult => {
    const existing = props.files().get(path());
    return conversationToTest({
      conversation: props.conversation,
      path: path(),
      ...(existing !== undefined ? { existingText: existing } : {}),
      testId: testId().trim(),
      ...(title().trim() !== '' ? { title: title().trim() } : {}),
      bot: bot(),
      workspace,
    });
  });
  createEffect(on(result, () => setCheck(undefined), { defer: true }));
  const added = () => {
    const r = result();
    if (!r.ok) return '';
    return r.created ? r.text : insertedText(props.files().get(r.path) ?? '', r.text);
  };

  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());
  onCleanup(() => {
    if (dialog?.open) dialog.close();
  });

  const save = (event: Event) => {
    event.preventDefault();
    const r = result();
    if (!r.ok) return;
    if (!check()) {
      const verdict = verifySavedTest(props.files(), r, validation);
      setCheck(verdict);
      if (verdict.status !== 'passed') return;
    }
    props.onWriteFile(r.path, r.text);
    props.onSaved(r);
    dialog?.close();
  };

  return (
    <dialog ref={dialog} class="cq-tryit__dialog" aria-labelledby={`${uid}-title`} onClose={() => props.onClose()}>
      <div class="cq-sim">
        <h2 id={`${uid}-title`}>Save the conversation as a test</h2>
        <form onSubmit={save}>
          <label for={`${uid}-file`}>Test file</label>
          <select id={`${uid}-file`} value={choice()} onChange={(e) => setChoice(e.currentTarget.value)}>
            {/* `selected` on each option: the select's own value is set before the listed options exist. */}
            <For each={testFiles}>
              {(file) => (
                <option value={file} selected={file === choice()}>
                  {file}
                </option>
              )}
            </For>
            <option value={NEW_FILE} selected={choice() === NEW_FILE}>
              New file…
            </option>
          </select>
          <Show when={choice() === NEW_FILE}>
            <label for={`${uid}-path`}>New file path</label>
            <input id={`${uid}-path`} type="text" value={newPath()} onInput={(e) => setNewPath(e.currentTarget.value)} />
          </Show>

          <label for={`${uid}-id`}>Test id</label>
          <input
            id={`${uid}-id`}
            data-testid="tryit-save-id"
            type="text"
            required
            value={testId()}
            aria-invalid={idProblem() ? 'true' : undefined}
            onInput={(e) => setTestId(e.currentTarget.value)}
          />
          <label for={`${uid}-title-input`}>Title (optional)</label>
          <input id={`${uid}-title-input`} type="text" maxLength={300} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
          <label for={`${uid}-bot`}>Check replies</label>
          <select id={`${uid}-bot`} value={bot()} onChange={(e) => setBot(e.currentTarget.value as BotCheck)}>
            <option value="phrase">by a key phrase of each message</option>
            <option value="full">by their whole text</option>
            <option value="none">not at all</option>
          </select>

          <div class="cq-tryit__wide">
            <Show
              when={result().ok ? (result() as SavedTest) : undefined}
              fallback={
                <p class="cq-sim__notice cq-sim__notice--error" role="alert">
                  {(result() as Extract<SaveAsTestResult, { ok: false }>).reason}
                </p>
              }
            >
              {(r) => (
                <>
                  <p class="cq-sim__muted">
                    {r().created ? 'A new file' : 'Added at the end of the file'}; the test will be {r().suite}/{r().test.id}.
                  </p>
                  <pre aria-label="YAML to add">{added()}</pre>
                  <Show when={r().warnings.length > 0}>
                    <ul class="cq-sim__notice">
                      <For each={r().warnings}>{(w) => <li>{w}</li>}</For>
                    </ul>
                  </Show>
                </>
              )}
            </Show>
            <Show when={check()}>{(c) => <CheckResult check={c()} />}</Show>
          </div>

          <div class="cq-tryit__wide cq-tryit__actions">
            <button type="button" onClick={() => dialog?.close()}>
              Cancel
            </button>
            <button type="submit" data-testid="tryit-save-confirm" disabled={!result().ok}>
              {check() && check()!.status !== 'passed' ? 'Save anyway' : 'Save'}
            </button>
          </div>
        </form>
      </div>
    </dialog>
  );
}

function CheckResult(props: { readonly check: SavedTestCheck }): JSX.Element {
  return (
    <div class={props.check.status === 'passed' ? 'cq-sim__notice' : 'cq-sim__notice cq-sim__notice--error'} role={props.check.status === 'passed' ? 'status' : 'alert'}>
      <Switch>
        <Match when={props.check.status === 'passed'}>The test passes on the current text.</Match>
        <Match when={props.check.status === 'failed' || props.check.status === 'error' ? (props.check as Extract<SavedTestCheck, { status: 'failed' | 'error' }>) : undefined}>
          {(c) => (
            <>
              On the current text this test {c().status === 'error' ? 'errors' : 'fails'} at turn {c().result.failure?.turn ?? '?'} (the flows may have changed since the
              conversation; Replay it first):
              <ul>
                <For each={c().result.failure?.mismatches ?? []}>{(m) => <li>{m.message}</li>}</For>
                <Show when={c().result.failure?.error}>{(e) => <li>{e()}</li>}</Show>
              </ul>
            </>
          )}
        </Match>
        <Match when={props.check.status === 'invalid' ? (props.check as Extract<SavedTestCheck, { status: 'invalid' }>) : undefined}>
          {(c) => (
            <>
              The new test has problems:
              <ul>
                <For each={c().problems}>{(p) => <li>{p}</li>}</For>
              </ul>
            </>
          )}
        </Match>
        <Match when={props.check.status === 'not-run' ? (props.check as Extract<SavedTestCheck, { status: 'not-run' }>) : undefined}>{(c) => <>{c().reason}</>}</Match>
      </Switch>
    </div>
  );
}

/** The text `after` has that `before` does not: the middle once the common start and end are taken off. */
function insertedText(before: string, after: string): string {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return after.slice(start, after.length - end).replace(/^\r?\n/, '');
}
