/**
 * The Try-it panel: chat with the assistant on the editor's current text,
 * with the trace of each turn beside the conversation (what was recognised,
 * the node path, slots, rule rows, actions, handoff or end), session settings
 * (context variables, action outcomes, date) and "Save as test".
 *
 * Everything that can be decided without a DOM is in `tryItSession.ts`,
 * `sessionControls.ts` and `conversationToTest.ts` (tested in Node); this file
 * wires events to them and draws. With a `model` (agent.yaml names one the
 * studio runs), each utterance is recognised by it before the turn; while it
 * cannot answer, the lexical recognizer does. Lifecycle: owns one Try-it
 * session and a retry timer (cleared in `onCleanup`); the save dialog owns its
 * <dialog>; the model belongs to the shell.
 */
import { For, Show, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, onMount, type JSX } from 'solid-js';
import type { Range, Workspace } from '@colloquy/core';
import { DEFAULT_TODAY, type SourceRef } from '@colloquy/engine';
import { formatContextValue, parseContextValue } from '@colloquy/simulator';
import { replayDifferences, type TryItReplayRequest } from './caseReplay.ts';
import { RefusalNotice } from './RefusalNotice.tsx';
import { SaveTestDialog, type SavedTest } from './SaveTestDialog.tsx';
import { TurnTrace } from './TurnTrace.tsx';
import { actionControls, contextControls, type ContextControl } from './sessionControls.ts';
import {
  DEFAULT_TRY_IT_CONFIG,
  createTryItSession,
  type ModelRecognitions,
  type TryItConfig,
  type TryItConversation,
  type TryItModel,
  type TryItStart,
  type TryItTurn,
} from './tryItSession.ts';
import { rangeAtLineColumn, type Refusal, type WorkspaceFiles } from './workspaceSource.ts';
import './simulate.css';

export interface TryItPanelProps {
  /** The editor's buffers: workspace path → text, saved or not. Read reactively. */
  readonly files: () => WorkspaceFiles;
  /** Show a place in a file (a trace step's YAML, the saved test). */
  readonly onReveal: (path: string, range: Range) => void;
  /** Write a file's whole new text (the shell makes it an undoable command); a path not in `files` is a new file. */
  readonly onWriteFile: (path: string, text: string) => void;
  /** Told whenever the turn the trace shows changes (the latest, or the one picked), e.g. for a Trace panel. */
  readonly onShownTurn?: (turn: TryItTurn | undefined) => void;
  /**
   * Conversations asked for from outside (a simulation's failing case): each new `seq` starts a
   * new conversation on the current text with the default settings, says the utterances and shows
   * the trace of `showTurn`; a notice says what was replayed and where it went otherwise than the run.
   */
  readonly replayRequest?: () => TryItReplayRequest | undefined;
  /** The model recognizer agent.yaml names, when the studio runs it (it says when it cannot answer yet). */
  readonly model?: TryItModel;
}

/** After an edit, how long to wait before trying again to start a conversation the errors stopped. */
const RETRY_MS = 300;

export function TryItPanel(props: TryItPanelProps): JSX.Element {
  const uid = createUniqueId();
  const session = createTryItSession();
  const [conversation, setConversation] = createSignal<TryItConversation>();
  const [workspace, setWorkspace] = createSignal<Workspace>();
  const [refusal, setRefusal] = createSignal<Refusal>();
  const [selectedTurn, setSelectedTurn] = createSignal<number>();
  const [draft, setDraft] = createSignal('');
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal<SavedTest>();
  /** A model is recognising what was just said: the turn follows its answer. */
  const [recognising, setRecognising] = createSignal(false);
  /** Bumped by anything that starts a conversation, so an answer that arrives after it is not said into the new one. */
  let epoch = 0;
  const recognise = async (files: WorkspaceFiles | undefined, texts: readonly string[]): Promise<ModelRecognitions | undefined> => {
    if (!props.model || !files || texts.length === 0) return undefined;
    setRecognising(true);
    try {
      return await props.model.recognize(files, texts);
    } finally {
      setRecognising(false);
    }
  };

  const apply = (result: TryItStart) => {
    epoch++;
    if (result.ok) {
      setConversation(result.conversation);
      setWorkspace(result.workspace);
      setRefusal(undefined);
      setSelectedTurn(undefined);
    } else setRefusal({ reason: result.reason, errors: result.errors });
  };
  const [replayed, setReplayed] = createSignal<{ readonly request: TryItReplayRequest; readonly differences: readonly string[] }>();
  const restart = (config?: TryItConfig) => {
    setReplayed(undefined);
    apply(session.start(props.files(), config ?? conversation()?.config ?? DEFAULT_TRY_IT_CONFIG));
  };
  const replay = async () => {
    const files = props.files();
    const at = epoch;
    const answers = await recognise(files, session.utterances());
    if (at === epoch) apply(session.replay(files, answers));
  };
  onMount(() => restart());

  let handledReplay = 0;
  createEffect(
    on(
      () => props.replayRequest?.(),
      async (request) => {
        if (!request || request.seq <= handledReplay) return;
        handledReplay = request.seq;
        const files = props.files();
        const answers = await recognise(files, request.utterances);
        if (request.seq !== handledReplay) return; // a newer request came while this one was recognised
        const result = session.play(files, request.utterances, DEFAULT_TRY_IT_CONFIG, answers);
        apply(result);
        if (!result.ok) return;
        setSelectedTurn(request.showTurn);
        setReplayed({ request, differences: replayDifferences(result.conversation, request) });
      },
    ),
  );

  // While errors keep Try-it from starting at all, try again shortly after each edit.
  let retry: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      props.files,
      () => {
        if (conversation()) return;
        clearTimeout(retry);
        retry = setTimeout(() => restart(), RETRY_MS);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(retry));

  const stale = createMemo(() => conversation() !== undefined && session.isStale(props.files()));
  const allTurns = createMemo(() => {
    const c = conversation();
    return c ? [c.opening, ...c.turns] : [];
  });
  const shownTurn = createMemo(() => {
    const turns = allTurns();
    const wanted = selectedTurn();
    return turns.find((t) => t.turn === wanted) ?? turns.at(-1);
  });
  createEffect(on(shownTurn, (turn) => props.onShownTurn?.(turn)));
  onCleanup(() => props.onShownTurn?.(undefined));
  const lastReply = createMemo(() => allTurns().at(-1)?.messages.join(' ') ?? '');

  const send = async (event: Event) => {
    event.preventDefault();
    const text = draft();
    if (text.trim() === '' || !conversation() || recognising()) return;
    setDraft('');
    const at = epoch;
    const answers = await recognise(session.files(), [text]);
    if (at !== epoch) {
      // Reset or a replay started another conversation meanwhile: keep the text for it.
      setDraft(text);
      return;
    }
    session.send(text, answers);
    setConversation(session.conversation());
    setSelectedTurn(undefined);
  };

  let transcript: HTMLOListElement | undefined;
  createEffect(
    on(
      () => conversation()?.messages.length,
      () => {
        if (transcript) transcript.scrollTop = transcript.scrollHeight;
      },
    ),
  );

  const reveal = (ref: SourceRef | undefined) => {
    if (!ref) return;
    props.onReveal(ref.file, rangeAtLineColumn(props.files().get(ref.file) ?? '', ref.line, ref.column));
  };

  return (
    <section class="cq-sim cq-tryit" aria-label="Try it">
      <div class="cq-sim__toolbar">
        <button type="button" data-testid="tryit-reset" onClick={() => restart()} title="Start a new conversation on the current text">
          Reset
        </button>
        <button
          type="button"
          data-testid="tryit-save-test"
          disabled={!conversation() || conversation()!.turns.length === 0}
          onClick={() => {
            setSaved(undefined);
            setSaving(true);
          }}
        >
          Save as test…
        </button>
        <span class="cq-sim__spacer" />
        <span class="cq-sim__muted">{describeConfig(conversation()?.config)}</span>
      </div>

      <Settings workspace={workspace()} onApply={(config) => restart(config)} />

      <Show when={refusal()}>
        {(r) => (
          <RefusalNotice refusal={r()} onReveal={props.onReveal}>
            <Show when={conversation()}> The conversation below still runs on the text it started on.</Show>
          </RefusalNotice>
        )}
      </Show>
      <Show when={stale() && !refusal()}>
        <div class="cq-sim__notice" role="status">
          The files have changed since this conversation started; it still runs on the earlier text.{' '}
          <button type="button" onClick={() => void replay()}>
            Replay on current text
          </button>
        </div>
      </Show>
      <Show when={replayed()}>
        {(r) => (
          <div class="cq-sim__notice" role="status" data-testid="tryit-replay-notice">
            Replayed the simulation's failing case {r().request.title} on the current text.
            <Show when={r().differences.length > 0} fallback={<> It went the way it did in the run.</>}>
              <ul>
                <For each={r().differences}>{(line) => <li>{line}</li>}</For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      <Show when={saved()}>
        {(s) => (
          <div class="cq-sim__notice" role="status">
            Added {s().suite}/{s().test.id} to{' '}
            <button type="button" class="cq-sim__link" data-testid="tryit-saved-link" onClick={() => props.onReveal(s().path, s().range)}>
              {s().path}
            </button>
            {s().created ? ', a new file' : ''}. Save the file to keep it.
          </div>
        )}
      </Show>

      <div class="cq-tryit__body">
        <div class="cq-tryit__chat">
          <ol class="cq-tryit__transcript" aria-label="Conversation" ref={transcript}>
            <For each={conversation()?.messages ?? []}>
              {(message) => (
                <li
                  class="cq-tryit__message"
                  data-testid="tryit-message"
                  data-role={message.role}
                  data-turn={message.turn}
                  data-selected={shownTurn()?.turn === message.turn ? '' : undefined}
                  onClick={() => setSelectedTurn(message.turn)}
                >
                  <span class="cq-sim-sr-only">{message.role === 'user' ? 'You: ' : 'Assistant: '}</span>
                  {message.text}
                </li>
              )}
            </For>
            <Show when={conversation()?.status === 'handed_off'}>
              <li class="cq-tryit__status">A person takes over from here. Reset starts a new conversation.</li>
            </Show>
          </ol>
          {/* Screen readers hear each reply once, not the whole transcript again. */}
          <div class="cq-sim-sr-only" aria-live="polite" aria-atomic="true">
            {lastReply()}
          </div>
          <form class="cq-tryit__composer" onSubmit={send}>
            <label class="cq-sim-sr-only" for={`${uid}-input`}>
              Your message
            </label>
            <input
              id={`${uid}-input`}
              data-testid="tryit-input"
              type="text"
              autocomplete="off"
              placeholder={conversation() ? 'Say something to the assistant…' : 'Fix the errors above to start'}
              disabled={!conversation()}
              value={draft()}
              onInput={(e) => setDraft(e.currentTarget.value)}
            />
            <button type="submit" data-testid="tryit-send" disabled={!conversation() || draft().trim() === '' || recognising()} aria-busy={recognising() ? 'true' : undefined}>
              {recognising() ? 'Recognising…' : 'Send'}
            </button>
          </form>
        </div>

        <aside class="cq-tryit__trace" data-testid="tryit-trace" aria-label="Trace">
          <Show when={shownTurn()} fallback={<p class="cq-sim__muted">The trace of each turn shows here.</p>}>
            {(turn) => (
              <>
                <label>
                  <span class="cq-sim-sr-only">Turn to show</span>
                  <select value={turn().turn} onChange={(e) => setSelectedTurn(Number(e.currentTarget.value))}>
                    {/* `selected` on the option: the select's own value is set before its options exist. */}
                    <For each={allTurns()}>
                      {(t) => (
                        <option value={t.turn} selected={t.turn === turn().turn}>
                          {turnLabel(t)}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
                <TurnTrace turn={turn()} reveal={reveal} />
              </>
            )}
          </Show>
        </aside>
      </div>

      <Show when={saving() && conversation()}>
        {(c) => (
          <SaveTestDialog
            conversation={c()}
            files={props.files}
            onWriteFile={props.onWriteFile}
            onSaved={setSaved}
            onClose={() => setSaving(false)}
          />
        )}
      </Show>
    </section>
  );
}

function turnLabel(turn: TryItTurn): string {
  if (turn.turn === 0) return 'Turn 0: greeting';
  const said = turn.utterance ?? '';
  return `Turn ${turn.turn}: “${said.length > 40 ? `${said.slice(0, 39)}…` : said}”`;
}

function describeConfig(config: TryItConfig | undefined): string {
  if (!config) return '';
  const parts = [
    ...Object.entries(config.context).map(([k, v]) => `${k}=${String(v)}`),
    ...Object.entries(config.actions).map(([k, v]) => `${k}→${v}`),
    ...(config.today !== DEFAULT_TODAY ? [config.today] : []),
  ];
  return parts.length === 0 ? 'Default settings' : parts.join(' · ');
}

/** Context variables, action outcomes and the date: a draft until "Restart with these settings". */
function Settings(props: { readonly workspace: Workspace | undefined; readonly onApply: (config: TryItConfig) => void }): JSX.Element {
  const uid = createUniqueId();
  const [contextInputs, setContextInputs] = createSignal<Record<string, string>>({});
  const [actionInputs, setActionInputs] = createSignal<Record<string, string>>({});
  const [today, setToday] = createSignal(DEFAULT_TODAY);
  const contexts = createMemo(() => (props.workspace ? contextControls(props.workspace) : []));
  const actions = createMemo(() => (props.workspace ? actionControls(props.workspace) : []));
  const parsed = createMemo(() => {
    const context: Record<string, string | number | boolean> = {};
    const errors: Record<string, string> = {};
    for (const control of contexts()) {
      const result = parseContextValue(contextInputs()[control.name] ?? '', control);
      if (!result.ok) errors[control.name] = result.reason;
      else if (result.value !== undefined) context[control.name] = result.value;
    }
    return { context, errors };
  });
  const dateOk = () => /^\d{4}-\d{2}-\d{2}$/.test(today());
  const config = (): TryItConfig | undefined => {
    const { context, errors } = parsed();
    if (Object.keys(errors).length > 0 || !dateOk()) return undefined;
    const chosen = Object.fromEntries(Object.entries(actionInputs()).filter(([, outcome]) => outcome !== ''));
    return { context, actions: chosen, today: today() };
  };
  const setContext = (name: string, value: string) => setContextInputs((all) => ({ ...all, [name]: value }));
  const contextField = (control: ContextControl, id: string) => {
    const value = () => contextInputs()[control.name] ?? '';
    const defaultText = `default${control.defaultValue !== undefined ? `: ${formatContextValue(control.defaultValue)}` : ' (none)'}`;
    if (control.type === 'boolean' || control.values) {
      const options = control.type === 'boolean' ? ['true', 'false'] : control.values!;
      return (
        <select id={id} value={value()} onChange={(e) => setContext(control.name, e.currentTarget.value)}>
          <option value="">{defaultText}</option>
          <For each={options}>{(option) => <option value={option}>{option}</option>}</For>
        </select>
      );
    }
    return (
      <input
        id={id}
        type="text"
        inputmode={control.type === 'number' ? 'decimal' : 'text'}
        placeholder={defaultText}
        value={value()}
        aria-invalid={parsed().errors[control.name] ? 'true' : undefined}
        aria-describedby={parsed().errors[control.name] ? `${id}-error` : undefined}
        onInput={(e) => setContext(control.name, e.currentTarget.value)}
      />
    );
  };
  return (
    <details class="cq-tryit__settings">
      <summary>Settings: context, actions, date</summary>
      <Show when={contexts().length > 0}>
        <fieldset>
          <legend>Context variables</legend>
          <For each={contexts()}>
            {(control, index) => {
              const id = `${uid}-context-${index()}`;
              return (
                <>
                  <label for={id} title={control.description}>
                    {control.name}
                  </label>
                  {contextField(control, id)}
                  <Show when={parsed().errors[control.name]}>
                    <span id={`${id}-error`} class="cq-tryit__field-error">
                      {parsed().errors[control.name]}
                    </span>
                  </Show>
                </>
              );
            }}
          </For>
        </fieldset>
      </Show>
      <Show when={actions().length > 0}>
        <fieldset>
          <legend>Action outcomes</legend>
          <For each={actions()}>
            {(action, index) => {
              const id = `${uid}-action-${index()}`;
              return (
                <>
                  <label for={id} title={action.description}>
                    {action.name}
                  </label>
                  <select id={id} value={actionInputs()[action.name] ?? ''} onChange={(e) => setActionInputs((all) => ({ ...all, [action.name]: e.currentTarget.value }))}>
                    <option value="">default: {action.defaultOutcome}</option>
                    <For each={action.outcomes}>{(outcome) => <option value={outcome}>{outcome}</option>}</For>
                  </select>
                </>
              );
            }}
          </For>
        </fieldset>
      </Show>
      <fieldset>
        <legend>Date</legend>
        <label for={`${uid}-today`}>Conversation date</label>
        <input id={`${uid}-today`} type="date" value={today()} onInput={(e) => setToday(e.currentTarget.value)} />
        <span class="cq-tryit__field-error" style={{ color: 'var(--cq-sim-muted)' }}>
          Saved tests run on {DEFAULT_TODAY}.
        </span>
      </fieldset>
      <button type="button" disabled={!config()} onClick={() => props.onApply(config()!)}>
        Restart with these settings
      </button>
    </details>
  );
}
