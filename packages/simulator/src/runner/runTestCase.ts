/**
 * Runs one scripted test: a fresh session, the greeting (turn 0, never
 * checked), then each turn compared with its `expect:`. The test stops at its
 * first failing turn. Whatever the engine throws (it should not) becomes an
 * `error` result for this test only, so one broken conversation never hides
 * the rest of the run.
 */
import type { LoadedFile } from '@colloquy/core';
import type { Session, SessionConfig, TraceEvent, TurnResult } from '@colloquy/engine';
import { compareTurn } from '../compare/compareTurn.ts';
import type { Mismatch, TestCaseResult, TestFailure } from '../report.ts';
import { keyLocation, valueLocation } from '../sourceLocation.ts';
import { sessionConfigFor } from './sessionConfig.ts';
import { TranscriptBuilder, lastTurnEvents } from './transcript.ts';

export type StartSession = (config: SessionConfig) => Session;

export interface TestCaseRun {
  readonly result: TestCaseResult;
  /** The whole session trace (greeting included), for coverage. */
  readonly trace: readonly TraceEvent[];
}

export function runTestCase(startSession: StartSession, file: LoadedFile<'test'>, testIndex: number, today: string): TestCaseRun {
  const test = file.data.tests[testIndex]!;
  const testPath = ['tests', testIndex];
  const base = {
    suite: file.data.id,
    test: test.id,
    ...(test.title !== undefined ? { title: test.title } : {}),
    location: valueLocation(file, testPath),
    turns: test.turns.length,
  };
  const transcript = new TranscriptBuilder();

  const started = attempt(() => {
    const session = startSession(sessionConfigFor(file.data, test, today));
    return { session, opening: session.open() };
  });
  if (!started.ok) {
    const failure: TestFailure = { location: base.location, mismatches: [], error: started.error, transcript: [], events: [] };
    return { result: { ...base, status: 'error', failure }, trace: [] };
  }
  const { session } = started.value;
  transcript.bot(started.value.opening);

  for (let turnIndex = 0; turnIndex < test.turns.length; turnIndex++) {
    const turn = test.turns[turnIndex]!;
    const turnPath = [...testPath, 'turns', turnIndex];
    const where = { turnIndex, turn: turnIndex + 1, utterance: turn.user, location: valueLocation(file, turnPath) };
    transcript.user(turnIndex + 1, turn.user);
    const answered = attempt<TurnResult>(() => session.turn(turn.user));
    if (!answered.ok) {
      const events = lastTurnEvents(safeTrace(session));
      transcript.botFromEvents(turnIndex + 1, events);
      const failure: TestFailure = { ...where, mismatches: [], error: answered.error, transcript: transcript.toArray(), events };
      return { result: { ...base, status: 'error', failure }, trace: safeTrace(session) };
    }
    const result = answered.value;
    transcript.bot(result);
    const mismatches: Mismatch[] = compareTurn(turn.expect, result).map(({ path, ...mismatch }) => ({
      ...mismatch,
      location: keyLocation(file, [...turnPath, ...path]),
    }));
    if (mismatches.length > 0) {
      const failure: TestFailure = { ...where, mismatches, transcript: transcript.toArray(), events: result.events };
      return { result: { ...base, status: 'failed', failure }, trace: session.trace };
    }
  }
  return { result: { ...base, status: 'passed' }, trace: session.trace };
}

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Calls into the engine, turning an exception into its message (no stack: paths and line numbers would make reports differ between machines). */
function attempt<T>(run: () => T): Attempt<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    // The class name helps when it is specific (`TypeError`, `RangeError`); plain `Error` adds nothing.
    if (error.message === '') return error.name;
    return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  }
  return `thrown value: ${String(error)}`;
}

/** The session's trace, or none if reading it fails too. */
function safeTrace(session: Session): readonly TraceEvent[] {
  try {
    return session.trace;
  } catch {
    return [];
  }
}
