/**
 * The report as a person reads it in a terminal: a line per test, the first
 * failing turn of each failing test with its diff and the end of the
 * conversation, the summary, and coverage with everything never reached as
 * `file:line:column` so terminals and editors can jump to it.
 */
import { COVERAGE_CATEGORIES, type CoverageCategory, type CoverageCategoryName, type CoverageCounts } from '../coverage/coverageTypes.ts';
import type { TestCaseResult, TestRunReport } from '../report.ts';
import { formatLocation } from '../sourceLocation.ts';
import { failureDetails, failurePlace, transcriptLines } from './failureText.ts';
import { printableLine } from './printable.ts';

export interface FormatTestReportOptions {
  /** ANSI colours, for a terminal. */
  readonly color: boolean;
  /** How many transcript lines a failure shows (the end of the conversation). Default 12: enough to see how the failing turn came about. */
  readonly transcriptLines?: number;
}

const DEFAULT_TRANSCRIPT_LINES = 12;

interface Style {
  pass(text: string): string;
  fail(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function styleFor(color: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { pass: wrap(32, 39), fail: wrap(31, 39), warn: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

export function formatTestReport(report: TestRunReport, options: FormatTestReportOptions): string {
  const style = styleFor(options.color);
  const transcriptLimit = options.transcriptLines ?? DEFAULT_TRANSCRIPT_LINES;
  const out: string[] = [];
  for (const suite of report.suites) {
    out.push(`${style.bold(printableLine(suite.suite))} ${style.dim(suite.file)}`);
    for (const test of suite.tests) out.push(...formatTest(test, style, transcriptLimit));
    out.push('');
  }
  if (report.suites.length === 0) out.push('No tests ran.', '');
  out.push(...formatCoverage(report, style), '');
  out.push(formatSummary(report, style));
  return `${out.join('\n')}\n`;
}

function formatTest(test: TestCaseResult, style: Style, transcriptLimit: number): string[] {
  const name = printableLine(test.test);
  switch (test.status) {
    case 'passed':
      return [`  ${style.pass('✓')} ${name}`];
    case 'failed':
    case 'error': {
      const failure = test.failure!;
      const mark = test.status === 'failed' ? style.fail('✗') : style.warn('!');
      const lines = [`  ${mark} ${name}${test.status === 'error' ? style.warn(' (error)') : ''}`];
      lines.push(`      ${printableLine(failurePlace(failure))}`);
      for (const detail of failureDetails(failure)) lines.push(`        ${(test.status === 'failed' ? style.fail : style.warn)(printableLine(detail))}`);
      if (failure.transcript.length > 0) {
        lines.push(`      ${style.dim('conversation:')}`);
        for (const line of transcriptLines(failure.transcript, transcriptLimit)) lines.push(`        ${style.dim(printableLine(line))}`);
      }
      return lines;
    }
    default: {
      const unreachable: never = test.status;
      throw new Error(`unknown test status ${String(unreachable)}`);
    }
  }
}

function formatSummary(report: TestRunReport, style: Style): string {
  const { passed, failed, errors } = report.summary;
  const parts = [style.pass(`${passed} passed`), failed > 0 ? style.fail(`${failed} failed`) : `${failed} failed`];
  if (errors > 0) parts.push(style.warn(`${errors} ${errors === 1 ? 'error' : 'errors'}`));
  return parts.join(', ');
}

function formatCoverage(report: TestRunReport, style: Style): string[] {
  const { coverage } = report;
  const rows: [string, CoverageCounts][] = COVERAGE_CATEGORIES.map((name) => [name, coverage[name]]);
  rows.push(['overall', coverage.overall]);
  const out = [style.bold('Coverage'), ...table(['', 'covered', 'total', '%'], rows.map(([name, c]) => [name, String(c.covered), String(c.total), c.percent.toFixed(1)]))];
  const groupRows = flowGroupRows(coverage);
  if (groupRows.length > 0) out.push('', style.bold('Coverage by flow'), ...table(['flow', 'intents', 'nodes', 'transitions'], groupRows));
  if (coverage.rules.groups.length > 0) {
    out.push('', style.bold('Coverage by rules table'), ...table(['table', 'rows'], coverage.rules.groups.map((g) => [g.id, `${g.covered}/${g.total}`])));
  }
  const missed = COVERAGE_CATEGORIES.filter((name) => coverage[name].missed.length > 0);
  if (missed.length > 0) {
    out.push('', style.bold('Never reached'));
    for (const name of missed) out.push(`  ${name}`, ...missedLines(coverage[name], style));
  }
  return out;
}

function missedLines(category: CoverageCategory, style: Style): string[] {
  return category.missed.map((item) => {
    const note = item.note === undefined ? '' : style.dim(`: ${item.note}`);
    return `    ${style.dim(formatLocation(item.location))}  ${printableLine(item.label)}${note}`;
  });
}

/** One row per flow: intents, nodes and transitions as covered/total. */
function flowGroupRows(coverage: { readonly [C in CoverageCategoryName]: CoverageCategory }): string[][] {
  const cells = (category: CoverageCategory): Map<string, string> => new Map(category.groups.map((g) => [g.id, `${g.covered}/${g.total}`]));
  const intents = cells(coverage.intents);
  const nodes = cells(coverage.nodes);
  const transitions = cells(coverage.transitions);
  return coverage.nodes.groups.map((g) => [g.id, intents.get(g.id) ?? '-', nodes.get(g.id) ?? '-', transitions.get(g.id) ?? '-']);
}

/** Left-aligned first column, right-aligned numbers, two-space indent. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all.map(
    (row) =>
      `  ${row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd()}`,
  );
}
