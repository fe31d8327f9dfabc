/**
 * Try-it: a conversation with the assistant on the editor's current text,
 * saved or not, through the same pieces as `colloquy chat` (core's validation,
 * the lexical recognizer, the conversation engine), with a readable trace of
 * every turn beside it. When agent.yaml names a model recognizer and the
 * studio has it loaded, the caller recognises each utterance with it first
 * and passes the answers in (`ModelRecognitions`): the engine is synchronous
 * (docs/decisions/0004), so it looks them up, and the lexical recognizer
 * answers anything they leave out. Each turn's trace says which one answered.
 *
 * Lifecycle: `createTryItSession()` holds an incremental validator and, once a
 * conversation starts, the engine built for the text it started on. `start`
 * begins a conversation (the greeting is turn 0); `send` adds a turn; `replay`
 * says the same things again on the current text. A conversation runs on the
 * text it started on until then: `isStale` says when the buffers have moved on.
 *
 * Test files play no part in a conversation, so their edits do not make it
 * stale (saving a conversation as a test does not interrupt it) and their
 * errors do not stop Try-it; `colloquy test` and the Test view report them.
 * Nothing here subscribes or times anything, so there is nothing to dispose.
 *
 * Deterministic, DOM-free and Node-free, like the engine: tested in Node.
 */
import type { Workspace } from '@colloquy/core';
import {
  ConversationEngine,
  DEFAULT_TODAY,
  describeTraceEvent,
  type ContextValue,
  type Session,
  type SessionStatus,
  type SourceRef,
  type TraceEvent,
  type TurnResult,
} from '@colloquy/engine';
import { lexicalNlu, type IntentScore, type Recognition, type SlotValue } from '@colloquy/nlu';
import {
  createIncrementalValidation,
  filesChanged,
  isTestFilePath,
  refusalFor,
  snapshotFiles,
  testFilePaths,
  type Refusal,
  type WorkspaceFiles,
} from './workspaceSource.ts';

/** What a conversation runs with: `colloquy chat --context/--action/--today`. */
export interface TryItConfig {
  /** Context variables the designer set; the others take their agent.yaml default. */
  readonly context: Readonly<Record<string, ContextValue>>;
  /** Action outcomes the designer picked; the others report their catalogue default. */
  readonly actions: Readonly<Record<string, string>>;
  /**
   * The conversation's date. Default 2026-01-01, the date scripted tests run on,
   * so that a conversation saved as a test replays the same way.
   */
  readonly today: string;
}

export const DEFAULT_TRY_IT_CONFIG: TryItConfig = { context: {}, actions: {}, today: DEFAULT_TODAY };

/** What a model recognizer made of the utterances of a turn (or of a replay), recognised before the engine runs. */
export interface ModelRecognitions {
  /** The recognizer that made them, as agent.yaml names it (`use`). */
  readonly recognizer: string;
  /** Utterance → its recognition. */
  readonly byText: ReadonlyMap<string, Recognition>;
}

/**
 * A model recognizer Try-it asks before each turn, when agent.yaml names one the studio can run
 * (the shell's, apps/studio/src/worker/TryItRecognizer.ts). It trains on `files`, the text the
 * conversation runs on; undefined means "not now" (still loading, or failed), and the lexical
 * recognizer answers instead.
 */
export interface TryItModel {
  recognize(files: WorkspaceFiles, texts: readonly string[]): Promise<ModelRecognitions | undefined>;
}

/** The recognizer Try-it runs when no model answers: the built-in one, as in `colloquy chat`. */
export const LEXICAL = 'lexical';

export interface TryItNodeStep {
  readonly flow: string;
  readonly node: string;
  readonly at?: SourceRef;
}

export interface TryItRuleRow {
  readonly table: string;
  /** 0-based, as in the trace and coverage ids. */
  readonly row: number;
  /** 1-based, as people count rows (and as the CLI trace prints them). */
  readonly rowNumber: number;
  readonly rowId?: string;
  readonly outputs: Readonly<Record<string, SlotValue>>;
  readonly at?: SourceRef;
}

/** One turn's trace, summarised for the trace pane. */
export interface TryItTrace {
  /** The recognizer's verdict, when the utterance went to it (idle, or an answer that was not one). */
  readonly recognized?: {
    readonly intent: string | null;
    readonly confidence: number;
    readonly ranking: readonly IntentScore[];
    /** Which recognizer answered: `lexical`, or the model's name (`use`) when a model recognised the utterance. */
    readonly recognizer: string;
  };
  /** Not understood (see `TurnResult.fallback`). */
  readonly fallback: boolean;
  /** Flows entered during the turn, in order (a digression shows as a second flow). */
  readonly flowsEntered: readonly string[];
  /** Every node entered, in order: the path the turn walked. */
  readonly path: readonly TryItNodeStep[];
  readonly transitions: readonly { readonly flow: string; readonly from: string; readonly to: string; readonly via: 'next' | 'route' | 'on_fail'; readonly key?: string; readonly at?: SourceRef }[];
  /** Where the conversation is after the turn (or where it finished). */
  readonly flow?: string;
  readonly node?: string;
  readonly status: SessionStatus;
  /** The slots of `flow` after the turn. */
  readonly slots: Readonly<Record<string, SlotValue>>;
  /** Slots filled during the turn, and how (an answer, or prefilled from the first message). */
  readonly filled: readonly { readonly flow: string; readonly slot: string; readonly value: SlotValue; readonly source: 'answer' | 'prefill'; readonly at?: SourceRef }[];
  /** Rules-table rows that fired. */
  readonly rules: readonly TryItRuleRow[];
  /** Decisions where no row matched, with the inputs the table saw. */
  readonly noMatch: readonly { readonly table: string; readonly inputs: Readonly<Record<string, unknown>>; readonly at?: SourceRef }[];
  readonly actions: readonly { readonly action: string; readonly outcome: string; readonly at?: SourceRef }[];
  readonly handoff?: { readonly queue: string; readonly reason?: string; readonly at?: SourceRef };
  readonly end?: { readonly flow: string; readonly node: string; readonly outcome: string; readonly at?: SourceRef };
  /** Problems the runtime met (dead ends, loops, missing tables): always worth showing. */
  readonly errors: readonly { readonly code: string; readonly message: string; readonly at?: SourceRef }[];
  /** Every event as one readable line (as `colloquy chat --trace` prints it), with its place in the YAML. */
  readonly lines: readonly { readonly type: TraceEvent['type']; readonly text: string; readonly at?: SourceRef }[];
}

export interface TryItTurn {
  /** 0 is the greeting; 1 the first thing the designer said. */
  readonly turn: number;
  /** What the designer said; absent for the greeting. */
  readonly utterance?: string;
  readonly messages: readonly string[];
  readonly trace: TryItTrace;
  /** The engine's result, as tests compare it (see `conversationToTest`). */
  readonly result: TurnResult;
}

export interface TryItMessage {
  readonly role: 'user' | 'bot';
  readonly text: string;
  readonly turn: number;
}

/** A conversation as plain data; each change makes a new object, so a UI can compare by reference. */
export interface TryItConversation {
  readonly config: TryItConfig;
  /** Turn 0: the greeting (no messages when agent.yaml has none). */
  readonly opening: TryItTurn;
  /** The designer's turns, in order. */
  readonly turns: readonly TryItTurn[];
  /** The transcript: the greeting, then each utterance and its replies. */
  readonly messages: readonly TryItMessage[];
  readonly status: SessionStatus;
}

export type TryItStart =
  | { readonly ok: true; readonly conversation: TryItConversation; readonly workspace: Workspace }
  | ({ readonly ok: false } & Refusal);

export interface TryItSession {
  /** Validates the current text and starts a new conversation on it; refuses (keeping any conversation) when the workspace has errors. */
  start(files: WorkspaceFiles, config?: TryItConfig): TryItStart;
  /**
   * One utterance; undefined when no conversation has started. The engine never throws on any text.
   * `model`: a model's recognitions to use instead of the lexical recognizer's.
   */
  send(utterance: string, model?: ModelRecognitions): TryItTurn | undefined;
  /** Starts again on the current text with the same settings and says the same things again; refuses like `start`. */
  replay(files: WorkspaceFiles, model?: ModelRecognitions): TryItStart;
  /** Starts a new conversation on `files` and says `utterances` in turn (a simulation's failing case); refuses like `start`. */
  play(files: WorkspaceFiles, utterances: readonly string[], config?: TryItConfig, model?: ModelRecognitions): TryItStart;
  /** The utterances `replay` would say again. */
  utterances(): readonly string[];
  conversation(): TryItConversation | undefined;
  /** The workspace the conversation runs on. */
  workspace(): Workspace | undefined;
  /** The text it runs on (its workspace files, test files left out): what a model recognizer trains on for it. */
  files(): WorkspaceFiles | undefined;
  /** True when the buffers differ from the text the conversation runs on. */
  isStale(files: WorkspaceFiles): boolean;
}

interface Built {
  readonly snapshot: WorkspaceFiles;
  readonly workspace: Workspace;
  readonly engine: ConversationEngine;
}

export function createTryItSession(): TryItSession {
  const validation = createIncrementalValidation();
  let built: Built | undefined;
  let session: Session | undefined;
  let current: TryItConversation | undefined;
  /** A model's answers for the turn being taken; the engine's recognizer looks here first. */
  let answers: ModelRecognitions | undefined;

  /** One engine per text: an unchanged workspace reuses the compiled engine, so Reset is instant. */
  const build = (files: WorkspaceFiles): Built | ({ ok: false } & Refusal) => {
    if (built && !filesChanged(built.snapshot, files, isTestFilePath)) return built;
    const { workspace, diagnostics } = validation.validate(files);
    const tests = testFilePaths(workspace);
    const refusal = refusalFor(
      diagnostics.filter((d) => !tests.has(d.file) && !isTestFilePath(d.file)),
      'try the assistant',
    );
    if (refusal) return { ok: false, ...refusal };
    // As `colloquy chat`: the lexical recognizer, called synchronously by the engine, unless a model answered first.
    try {
      const lexical = lexicalNlu(workspace);
      const engine = new ConversationEngine(workspace, (text) => answers?.byText.get(text) ?? lexical(text));
      built = { snapshot: snapshotFiles(files, isTestFilePath), workspace, engine };
      return built;
    } catch (error) {
      // A bug (the engine loads every workspace that validates), but the panel should say so, not break.
      return { ok: false, reason: `The assistant could not be built from this workspace: ${error instanceof Error ? error.message : String(error)}`, errors: [] };
    }
  };

  const start = (files: WorkspaceFiles, config: TryItConfig = current?.config ?? DEFAULT_TRY_IT_CONFIG): TryItStart => {
    const next = build(files);
    if ('ok' in next) return next;
    session = next.engine.startSession({ context: config.context, actions: config.actions, today: config.today });
    const opening = tryItTurn(session.open());
    current = {
      config,
      opening,
      turns: [],
      messages: opening.messages.map((text) => ({ role: 'bot' as const, text, turn: 0 })),
      status: session.status,
    };
    return { ok: true, conversation: current, workspace: next.workspace };
  };

  const send = (utterance: string, model?: ModelRecognitions): TryItTurn | undefined => {
    if (!session || !current) return undefined;
    answers = model;
    let result: TurnResult;
    try {
      result = session.turn(utterance);
    } finally {
      answers = undefined;
    }
    const turn = tryItTurn(result, model?.byText.has(utterance) ? model.recognizer : LEXICAL);
    current = {
      ...current,
      turns: [...current.turns, turn],
      messages: [
        ...current.messages,
        { role: 'user', text: utterance, turn: turn.turn },
        ...turn.messages.map((text) => ({ role: 'bot' as const, text, turn: turn.turn })),
      ],
      status: session.status,
    };
    return turn;
  };

  const play = (files: WorkspaceFiles, utterances: readonly string[], config?: TryItConfig, model?: ModelRecognitions): TryItStart => {
    const started = start(files, config);
    if (!started.ok) return started;
    for (const utterance of utterances) send(utterance, model);
    return { ...started, conversation: current! };
  };
  const utterances = () => (current?.turns ?? []).map((t) => t.utterance ?? '');

  return {
    start,
    send,
    replay: (files, model) => play(files, utterances(), current?.config ?? DEFAULT_TRY_IT_CONFIG, model),
    play,
    utterances,
    conversation: () => current,
    workspace: () => (current ? built?.workspace : undefined),
    files: () => (current ? built?.snapshot : undefined),
    isStale: (files) => built !== undefined && current !== undefined && filesChanged(built.snapshot, files, isTestFilePath),
  };
}

function tryItTurn(result: TurnResult, recognizer = LEXICAL): TryItTurn {
  return {
    turn: result.turn,
    ...(result.turn > 0 ? { utterance: result.utterance } : {}),
    messages: result.messages,
    trace: summariseTrace(result, recognizer),
    result,
  };
}

/** The trace pane's view of one turn: who recognised what (`recognizer` answered), the path walked, and what it did. */
export function summariseTrace(result: TurnResult, recognizer = LEXICAL): TryItTrace {
  let recognized: TryItTrace['recognized'];
  const flowsEntered: string[] = [];
  const path: TryItNodeStep[] = [];
  const transitions: TryItTrace['transitions'][number][] = [];
  const filled: TryItTrace['filled'][number][] = [];
  const rules: TryItRuleRow[] = [];
  const noMatch: TryItTrace['noMatch'][number][] = [];
  const actions: TryItTrace['actions'][number][] = [];
  const errors: TryItTrace['errors'][number][] = [];
  let handoff: TryItTrace['handoff'];
  let end: TryItTrace['end'];
  const at = (ref: SourceRef | undefined) => (ref ? { at: ref } : {});

  for (const event of result.events) {
    switch (event.type) {
      case 'recognized':
        recognized ??= { intent: event.intent, confidence: event.confidence, ranking: event.ranking, recognizer };
        break;
      case 'flow_entered':
        flowsEntered.push(event.flow);
        break;
      case 'node_entered':
        path.push({ flow: event.flow, node: event.node, ...at(event.at) });
        break;
      case 'transition':
        transitions.push({ flow: event.flow, from: event.from, to: event.to, via: event.via, ...(event.key !== undefined ? { key: event.key } : {}), ...at(event.at) });
        break;
      case 'slot_filled':
        filled.push({ flow: event.flow, slot: event.slot, value: event.value, source: event.source, ...at(event.at) });
        break;
      case 'rule_fired':
        rules.push({ table: event.table, row: event.row, rowNumber: event.row + 1, ...(event.rowId ? { rowId: event.rowId } : {}), outputs: event.outputs, ...at(event.at) });
        break;
      case 'rule_no_match':
        noMatch.push({ table: event.table, inputs: event.inputs, ...at(event.at) });
        break;
      case 'action':
        actions.push({ action: event.action, outcome: event.outcome, ...at(event.at) });
        break;
      case 'handoff':
        handoff = { queue: event.queue, ...(event.reason ? { reason: event.reason } : {}), ...at(event.at) };
        break;
      case 'end':
        end = { flow: event.flow, node: event.node, outcome: event.outcome, ...at(event.at) };
        break;
      case 'error':
        errors.push({ code: event.code, message: event.message, ...at(event.at) });
        break;
      case 'turn_started':
      case 'fallback':
      case 'message':
      case 'slot_rejected':
      case 'digression':
      case 'resumed':
        break;
      default: {
        const unreachable: never = event;
        throw new Error(`unknown trace event ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return {
    ...(recognized ? { recognized } : {}),
    fallback: result.fallback,
    flowsEntered,
    path,
    transitions,
    ...(result.flow !== undefined ? { flow: result.flow } : {}),
    ...(result.node !== undefined ? { node: result.node } : {}),
    status: result.status,
    slots: result.slots,
    filled,
    rules,
    noMatch,
    actions,
    ...(handoff ? { handoff } : {}),
    ...(end ? { end } : {}),
    errors,
    lines: result.events.map((event) => ({ type: event.type, text: describeTraceEvent(event), ...('at' in event && event.at ? { at: event.at } : {}) })),
  };
}
