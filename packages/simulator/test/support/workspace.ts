/**
 * Builders for simulator tests: real workspaces validated by @colloquy/core
 * from inline YAML, a tiny recognizer that maps exact utterances to intents
 * (so these tests exercise the runner and not the lexical model), and turn
 * results built by hand for the comparison tests.
 */
import { formatDiagnostic, validateWorkspace, type Workspace } from '@colloquy/core';
import type { TraceEvent, TurnResult } from '@colloquy/engine';
import type { NluFunction, Recognition } from '@colloquy/nlu';

/** Strips the indentation common to all non-blank lines, so YAML can be written indented in a test. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Validates the files and fails the test on any error diagnostic. */
export function loadWorkspace(files: Readonly<Record<string, string>>): Workspace {
  const result = validateWorkspace(Object.entries(files).map(([path, content]) => ({ path, content })));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the test workspace has errors:\n${errors.map(formatDiagnostic).join('\n')}`);
  return result.workspace;
}

/** Knows exact utterances (case and surrounding space ignored); anything else is out of scope, blank text is `empty`. */
export function exactNlu(utterances: Readonly<Record<string, string>>): NluFunction {
  const known = new Map(Object.entries(utterances).map(([text, intent]) => [text.trim().toLowerCase(), intent]));
  return (text: string): Recognition => {
    const key = text.trim().toLowerCase();
    if (key === '') return { intent: null, confidence: 0, ranking: [], slots: {}, rejected: 'empty' };
    const intent = known.get(key);
    if (intent === undefined) return { intent: null, confidence: 0.1, ranking: [], slots: {}, rejected: 'out_of_scope' };
    return { intent, confidence: 1, ranking: [{ intent, score: 1 }], slots: {} };
  };
}

/** A turn result with sensible empty defaults; tests set only what they compare. */
export function turnResult(fields: Partial<TurnResult> = {}): TurnResult {
  return { turn: 1, utterance: '', messages: [], fallback: false, slots: {}, actions: [], status: 'idle', events: [], ...fields };
}

/** A trace made of the given events, each preceded by nothing else: enough for coverage, which only reads event types. */
export function trace(...events: TraceEvent[]): TraceEvent[] {
  return [{ type: 'turn_started', turn: 1, utterance: '' }, ...events];
}

/** 1-based line and column where `needle` first occurs in `text` (searching from `after`, if given). */
export function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const from = after === '' ? 0 : text.indexOf(after);
  if (from < 0) throw new Error(`\`${after}\` is not in the text`);
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`\`${needle}\` is not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
