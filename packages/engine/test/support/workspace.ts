/**
 * Builders for engine tests: real workspaces validated by @colloquy/core from
 * inline YAML, and a tiny deterministic recognizer that maps exact utterances
 * to intents, so that these tests exercise the engine and nothing else.
 */
import { SchemaValidator, formatDiagnostic, validateWorkspace, type Workspace } from '@colloquy/core';
import type { NluFunction, Recognition } from '@colloquy/nlu';
import { ConversationEngine, type ConversationEngineOptions, type Session, type SessionConfig, type TraceEvent, type TurnResult } from '../../src/index.ts';

/** Strips the indentation common to all non-blank lines, so YAML can be written indented in a test. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export interface LoadOptions {
  /** Error codes the test expects validation to report (a dead end, a loop) while the runtime still has to cope. */
  readonly allow?: readonly string[];
}

// Compiling the schemas is the slow part of validation; one validator serves every test in a file.
const schemas = new SchemaValidator();

/** Validates the files and fails the test on any error diagnostic that is not explicitly allowed. */
export function loadWorkspace(files: Readonly<Record<string, string>>, options: LoadOptions = {}): Workspace {
  const result = validateWorkspace(
    Object.entries(files).map(([path, content]) => ({ path, content })),
    { schemas },
  );
  const allowed = new Set(options.allow ?? []);
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !allowed.has(d.code));
  if (errors.length > 0) throw new Error(`the test workspace has errors:\n${errors.map(formatDiagnostic).join('\n')}`);
  return result.workspace;
}

/**
 * A recognizer that knows exact utterances (case and surrounding space
 * ignored). Anything else is out of scope; blank text is `empty`.
 */
export function exactNlu(utterances: Readonly<Record<string, string>>): NluFunction {
  const known = new Map(Object.entries(utterances).map(([text, intent]) => [normalise(text), intent]));
  return (text: string): Recognition => {
    const key = normalise(text);
    if (key === '') return { intent: null, confidence: 0, ranking: [], slots: {}, rejected: 'empty' };
    const intent = known.get(key);
    if (intent === undefined) return { intent: null, confidence: 0.1, ranking: [], slots: {}, rejected: 'out_of_scope' };
    return { intent, confidence: 1, ranking: [{ intent, score: 1 }], slots: {} };
  };
}

function normalise(text: string): string {
  return text.trim().toLowerCase();
}

/** Starts a session and says each utterance in turn; returns every turn's result. */
export function converse(
  engine: ConversationEngine,
  utterances: readonly string[],
  config?: SessionConfig,
): { session: Session; turns: TurnResult[] } {
  const session = engine.startSession(config);
  const turns = utterances.map((u) => session.turn(u));
  return { session, turns };
}

export function engineFor(
  files: Readonly<Record<string, string>>,
  utterances: Readonly<Record<string, string>>,
  options: LoadOptions & ConversationEngineOptions = {},
): ConversationEngine {
  return new ConversationEngine(loadWorkspace(files, options), exactNlu(utterances), options);
}

/** The events of one type, narrowed. */
export function eventsOf<T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T): Extract<TraceEvent, { type: T }>[] {
  return events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
}

/** 1-based line and column where `needle` first occurs in `text` (after `after`, if given). */
export function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const from = after === '' ? 0 : text.indexOf(after);
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`\`${needle}\` is not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
