/**
 * JUnit XML, the format CI systems (GitLab, Jenkins, GitHub Actions
 * reporters, Azure DevOps) read test results in: a `testsuite` per test file,
 * a `testcase` per test (classname = suite id, name = test id), a `failure`
 * with the diff for a failed test and an `error` for an engine error. `file`
 * and `line` on each testcase let CI annotate the test file.
 */
import type { SuiteResult, TestCaseResult, TestRunReport } from '../report.ts';
import { failureDetails, failureHeadline, failurePlace, transcriptLines } from './failureText.ts';
import { xmlAttribute, xmlText } from './xml.ts';

export interface JUnitXmlOptions {
  /**
   * Write measured durations as `time`. Default false: every `time` is 0, so
   * the same results give the same bytes (reports are hashed as evidence).
   */
  readonly timings?: boolean;
  /** The `name` of the root element. Default `colloquy`. */
  readonly name?: string;
}

export function toJUnitXml(report: TestRunReport, options: JUnitXmlOptions = {}): string {
  const time = (ms: number | undefined): string => (options.timings && ms !== undefined ? (ms / 1000).toFixed(3) : '0');
  const { total, failed, errors } = report.summary;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes([
      ['name', options.name ?? 'colloquy'],
      ['tests', total],
      ['failures', failed],
      ['errors', errors],
      ['time', time(report.durationMs)],
    ])}>`,
  ];
  for (const suite of report.suites) lines.push(...suiteElement(suite, time));
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function suiteElement(suite: SuiteResult, time: (ms: number | undefined) => string): string[] {
  const lines = [
    `  <testsuite${attributes([
      ['name', suite.suite],
      ['tests', suite.summary.total],
      ['failures', suite.summary.failed],
      ['errors', suite.summary.errors],
      ['skipped', 0],
      ['time', time(suite.durationMs)],
      ['file', suite.file],
    ])}>`,
  ];
  for (const test of suite.tests) lines.push(...testcaseElement(suite, test, time));
  lines.push('  </testsuite>');
  return lines;
}

function testcaseElement(suite: SuiteResult, test: TestCaseResult, time: (ms: number | undefined) => string): string[] {
  const open = `    <testcase${attributes([
    ['classname', test.suite],
    ['name', test.test],
    ['file', suite.file],
    ['line', test.location.line],
    ['time', time(test.durationMs)],
  ])}`;
  if (test.status === 'passed' || !test.failure) return [`${open}/>`];
  const failure = test.failure;
  const element = test.status === 'failed' ? 'failure' : 'error';
  const body = [
    failurePlace(failure),
    ...failureDetails(failure),
    ...(failure.transcript.length > 0 ? ['', 'conversation:', ...transcriptLines(failure.transcript)] : []),
  ].join('\n');
  return [
    `${open}>`,
    `      <${element}${attributes([
      ['message', failureHeadline(failure)],
      ['type', test.status === 'failed' ? 'expectation' : 'engine_error'],
    ])}>${xmlText(body)}</${element}>`,
    '    </testcase>',
  ];
}

function attributes(pairs: readonly (readonly [string, string | number])[]): string {
  return pairs.map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`).join('');
}
