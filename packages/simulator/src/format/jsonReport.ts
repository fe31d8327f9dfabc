/**
 * The report as plain JSON data, for tools and for hashing: only strings,
 * numbers, booleans, arrays and objects, keys always in the same order, no
 * `undefined`. The shape is versioned (`format`, `version`) so consumers can
 * tell when it changes.
 */
import type { TraceEvent } from '@colloquy/engine';
import { COVERAGE_CATEGORIES, type CoverageCategory, type CoverageCounts, type CoverageItem } from '../coverage/coverageTypes.ts';
import type { Mismatch, SourceLocation, SuiteResult, TestCaseResult, TestFailure, TestRunReport, TestSummary } from '../report.ts';

export const JSON_REPORT_FORMAT = 'colloquy.test-report';
export const JSON_REPORT_VERSION = 1;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface JsonReportOptions {
  /** Include measured durations (`durationMs`). Default false, so equal results give equal JSON. */
  readonly timings?: boolean;
}

export function toJsonReport(report: TestRunReport, options: JsonReportOptions = {}): JsonObject {
  const timings = options.timings === true;
  return object([
    ['format', JSON_REPORT_FORMAT],
    ['version', JSON_REPORT_VERSION],
    ['today', report.today],
    ['summary', summary(report.summary)],
    ['suites', report.suites.map((suite) => suiteJson(suite, timings))],
    ['coverage', coverageJson(report)],
    ['durationMs', timings ? report.durationMs : undefined],
  ]);
}

function suiteJson(suite: SuiteResult, timings: boolean): JsonObject {
  return object([
    ['suite', suite.suite],
    ['title', suite.title],
    ['file', suite.file],
    ['summary', summary(suite.summary)],
    ['tests', suite.tests.map((test) => testJson(test, timings))],
    ['durationMs', timings ? suite.durationMs : undefined],
  ]);
}

function testJson(test: TestCaseResult, timings: boolean): JsonObject {
  return object([
    ['suite', test.suite],
    ['test', test.test],
    ['title', test.title],
    ['status', test.status],
    ['location', location(test.location)],
    ['turns', test.turns],
    ['failure', test.failure ? failureJson(test.failure) : undefined],
    ['durationMs', timings ? test.durationMs : undefined],
  ]);
}

function failureJson(failure: TestFailure): JsonObject {
  return object([
    ['turnIndex', failure.turnIndex],
    ['turn', failure.turn],
    ['utterance', failure.utterance],
    ['location', location(failure.location)],
    ['error', failure.error],
    ['mismatches', failure.mismatches.map(mismatchJson)],
    ['transcript', failure.transcript.map((line) => object([['speaker', line.speaker], ['turn', line.turn], ['text', line.text]]))],
    ['events', failure.events.map(eventJson)],
  ]);
}

function mismatchJson(mismatch: Mismatch): JsonObject {
  return object([
    ['field', mismatch.field],
    ['key', mismatch.key],
    ['expected', mismatch.expected],
    ['actual', mismatch.actual],
    ['message', mismatch.message],
    ['location', location(mismatch.location)],
  ]);
}

function coverageJson(report: TestRunReport): JsonObject {
  const { coverage } = report;
  return object([['overall', counts(coverage.overall)], ...COVERAGE_CATEGORIES.map((name): [string, JsonValue] => [name, categoryJson(coverage[name])])]);
}

function categoryJson(category: CoverageCategory): JsonObject {
  return object([
    ...Object.entries(counts(category)),
    ['groups', category.groups.map((g) => object([['id', g.id], ['file', g.file], ['covered', g.covered], ['total', g.total], ['percent', g.percent]]))],
    ['missed', category.missed.map(itemJson)],
  ]);
}

function itemJson(item: CoverageItem): JsonObject {
  return object([
    ['id', item.id],
    ['label', item.label],
    ['group', item.group],
    ['location', location(item.location)],
    ['note', item.note],
  ]);
}

function counts(c: CoverageCounts): JsonObject {
  return object([['covered', c.covered], ['total', c.total], ['percent', c.percent]]);
}

function summary(s: TestSummary): JsonObject {
  return object([['total', s.total], ['passed', s.passed], ['failed', s.failed], ['errors', s.errors]]);
}

function location(l: SourceLocation): JsonObject {
  return object([['file', l.file], ['line', l.line], ['column', l.column]]);
}

/** Trace events keep the engine's key order (`type` first); `undefined` fields are dropped. */
function eventJson(event: TraceEvent): JsonValue {
  return plain(event);
}

/** A deep copy as JSON data: `undefined` object fields dropped, non-finite numbers as null (as `JSON.stringify` would). */
export function plain(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : plain(item)));
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined && typeof item !== 'function') out[key] = plain(item);
    return out;
  }
  return null;
}

/** An object from pairs in order, leaving out `undefined` values. */
function object(pairs: readonly (readonly [string, JsonValue | undefined])[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of pairs) if (value !== undefined) out[key] = value;
  return out;
}
