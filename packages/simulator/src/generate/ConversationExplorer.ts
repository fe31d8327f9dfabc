/**
 * Dry runs for multi-turn cases: the real engine over the workspace, with a
 * recognizer that knows exactly the intent examples (and texts added with
 * `know`) and nothing else, and a customer who answers every question with
 * a valid value. It finds which answers bring a conversation to a given
 * question, so that a case's script reaches the question it is about with
 * the workspace's own routing (rules tables, action defaults, context
 * defaults) and not a guess from the graph.
 *
 * The dry run fixes only the script; what must happen is written as checks
 * by the generator and judged on the real run, with the recognizer under
 * test. Sessions use the same config as simulate's generated cases
 * (`{ today }`), so the same routing applies. Deterministic: answers are
 * tried in the order `choices` gives them, depth first.
 */
import type { SlotDefinition, Workspace } from '@colloquy/core';
import { ConversationEngine, type TurnResult } from '@colloquy/engine';
import type { NluFunction, Recognition } from '@colloquy/nlu';

/** An `ask` node, as a customer meets it. */
export interface Question {
  readonly flow: string;
  readonly node: string;
  /** The slot `fill` names; undefined for an `ask` without `fill`. */
  readonly slot: string | undefined;
  /** The slot's definition (`text` when `fill` names no declared slot, as the engine reads it). */
  readonly definition: SlotDefinition;
  /** Failed answers followed by the question again (the node's `retries`, default 2 as in the engine). */
  readonly retries: number;
  readonly onFail: string | undefined;
}

/** The engine's default when a node sets no `retries` (DEFAULT_RETRIES, docs/reference/runtime.md). */
const DEFAULT_RETRIES = 2;
const TEXT: SlotDefinition = { type: 'text' };

/** Every `ask` node of the workspace by `flow/node`, flows by path and nodes in file order. */
export function questionsOf(workspace: Workspace): Map<string, Question> {
  const questions = new Map<string, Question>();
  for (const file of workspace.flows) {
    const flow = file.data;
    for (const [id, node] of Object.entries(flow.nodes)) {
      if (node.ask === undefined) continue;
      const slot = node.fill;
      const definition = slot !== undefined && Object.hasOwn(flow.slots ?? {}, slot) ? flow.slots![slot]! : TEXT;
      questions.set(`${flow.id}/${id}`, { flow: flow.id, node: id, slot, definition, retries: node.retries ?? DEFAULT_RETRIES, onFail: node.on_fail });
    }
  }
  return questions;
}

/** Answers the explorer may give to a question, in the order to try them; empty when it cannot answer. */
export type AnswerChoices = (question: Question) => readonly string[];

/** What a search found: the answers after the opening, and the last turn (the one that met the goal). */
export interface Found {
  readonly answers: readonly string[];
  readonly last: TurnResult;
}

/** Most answers a search adds after the opening and the given answers: flows ask a handful of questions. */
export const MAX_SEARCH_DEPTH = 10;
/** Most conversations one search replays, so a flow with many enum branches stays cheap. */
export const MAX_SEARCH_REPLAYS = 200;

const UNKNOWN: Recognition = Object.freeze({ intent: null, confidence: 0, ranking: Object.freeze([]), slots: Object.freeze({}), rejected: 'out_of_scope' });
const EMPTY: Recognition = Object.freeze({ ...UNKNOWN, rejected: 'empty' });

export class ConversationExplorer {
  private readonly known = new Map<string, string>();
  private readonly engine: ConversationEngine;
  readonly questions: ReadonlyMap<string, Question>;

  /** Throws when the engine cannot load the workspace; the caller then makes no multi-turn case. */
  constructor(
    workspace: Workspace,
    private readonly today: string,
  ) {
    for (const file of workspace.flows) {
      for (const [intent, definition] of Object.entries(file.data.intents ?? {})) {
        for (const example of definition.examples) if (!this.known.has(key(example))) this.known.set(key(example), intent);
      }
    }
    const nlu: NluFunction = (text) => {
      const intent = this.known.get(key(text));
      if (intent === undefined) return text.trim() === '' ? EMPTY : UNKNOWN;
      return { intent, confidence: 1, ranking: [{ intent, score: 1 }], slots: {} };
    };
    this.engine = new ConversationEngine(workspace, nlu);
    this.questions = questionsOf(workspace);
  }

  /** Makes the dry runs' recognizer read `text` as `intent` (a first message with a value added to an example). */
  know(text: string, intent: string): void {
    this.known.set(key(text), intent);
  }

  /** The intent the dry runs' recognizer gives `text`, if any. */
  intentOf(text: string): string | undefined {
    return this.known.get(key(text));
  }

  /** The question the conversation waits at after `result`, if it waits at one. */
  waitingAt(result: TurnResult): Question | undefined {
    return result.status === 'waiting' && result.flow !== undefined && result.node !== undefined ? this.questions.get(`${result.flow}/${result.node}`) : undefined;
  }

  /** The turns of a conversation: the opening, then each answer while the assistant waits for one. */
  play(opening: string, answers: readonly string[]): TurnResult[] {
    const session = this.engine.startSession({ today: this.today });
    session.open();
    const turns = [session.turn(opening)];
    for (const answer of answers) {
      if (session.status !== 'waiting') break;
      turns.push(session.turn(answer));
    }
    return turns;
  }

  /**
   * Answers after `opening` and `given` (said first, whatever is asked)
   * that lead to a turn meeting `goal`, answering each question with its
   * `choices` in order, depth first; undefined when there are none within
   * MAX_SEARCH_DEPTH and MAX_SEARCH_REPLAYS. The goal is checked on the last
   * turn of `given` (the opening's when `given` is empty) and every turn
   * after it.
   */
  search(opening: string, goal: (turn: TurnResult) => boolean, choices: AnswerChoices, given: readonly string[] = []): Found | undefined {
    let replays = 0;
    const visit = (extra: readonly string[]): Found | undefined => {
      if (++replays > MAX_SEARCH_REPLAYS) return undefined;
      const answers = [...given, ...extra];
      const turns = this.play(opening, answers);
      // The conversation stopped waiting before every answer was said.
      if (turns.length !== answers.length + 1) return undefined;
      const last = turns[turns.length - 1]!;
      if (goal(last)) return { answers: extra, last };
      const question = this.waitingAt(last);
      if (!question || extra.length >= MAX_SEARCH_DEPTH) return undefined;
      for (const answer of choices(question)) {
        const found = visit([...extra, answer]);
        if (found) return found;
      }
      return undefined;
    };
    return visit([]);
  }
}

function key(text: string): string {
  return text.trim().toLowerCase();
}

