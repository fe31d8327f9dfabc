/**
 * The simulation as JUnit XML for CI: a `testsuite` per scripted test file
 * (as `toJUnitXml` names them), then one `testsuite` per generator
 * (`generated.<name>`) with a `testcase` per generated case (classname the
 * generator, name the case id) and a `failure` giving the reasons and the
 * conversation. Every `time` is 0 so the bytes depend on the results only.
 */
import type { SimulationReport } from '../simulate/simulationReport.ts';
import { printableLine } from './printable.ts';
import { xmlAttribute, xmlText } from './xml.ts';

interface ScriptedSuiteJson {
  readonly suite: string;
  readonly file: string;
  readonly summary: { readonly total: number; readonly failed: number; readonly errors: number };
  readonly tests: readonly {
    readonly suite: string;
    readonly test: string;
    readonly status: 'passed' | 'failed' | 'error';
    readonly location: { readonly line: number };
    readonly failure?: { readonly error?: string; readonly turn?: number; readonly mismatches: readonly { readonly message: string }[] };
  }[];
}

export function simulationToJUnitXml(report: SimulationReport): string {
  const scriptedSuites = ((report.scripted['suites'] ?? []) as unknown as readonly ScriptedSuiteJson[]).flatMap(scriptedSuite);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="colloquy simulate" tests="${report.summary.scripted.total + report.summary.generated.total}" failures="${
      report.summary.scripted.failed + report.summary.generated.failed
    }" errors="0" time="0">`,
  ];
  lines.push(...scriptedSuites);
  const failing = new Map(report.failing.map((f) => [f.id, f]));
  for (const row of report.generated.byGenerator) {
    const cases = report.cases.filter((c) => c.id.startsWith(`${row.generator}/`));
    lines.push(`  <testsuite name="${xmlAttribute(`generated.${row.generator}`)}" tests="${row.total}" failures="${row.failed}" errors="0" skipped="0" time="0">`);
    for (const c of cases) {
      const open = `    <testcase classname="${xmlAttribute(row.generator)}" name="${xmlAttribute(c.id)}" time="0"`;
      const f = failing.get(c.id);
      if (!f) {
        lines.push(`${open}/>`);
        continue;
      }
      const body = [
        `utterance: ${printableLine(f.utterance)}`,
        ...f.reasons,
        ...f.trace.flatMap((t) => [...(t.turn > 0 ? [`user> ${printableLine(t.utterance)}`] : []), ...t.messages.map((m) => `bot> ${printableLine(m)}`)]),
      ].join('\n');
      lines.push(`${open}>`, `      <failure message="${xmlAttribute(f.reasons[0] ?? 'failed')}" type="${xmlAttribute(f.expectation)}">${xmlText(body)}</failure>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function scriptedSuite(suite: ScriptedSuiteJson): string[] {
  const lines = [
    `  <testsuite name="${xmlAttribute(suite.suite)}" tests="${suite.summary.total}" failures="${suite.summary.failed}" errors="${suite.summary.errors}" skipped="0" time="0" file="${xmlAttribute(suite.file)}">`,
  ];
  for (const test of suite.tests) {
    const open = `    <testcase classname="${xmlAttribute(test.suite)}" name="${xmlAttribute(test.test)}" file="${xmlAttribute(suite.file)}" line="${test.location.line}" time="0"`;
    if (test.status === 'passed' || !test.failure) {
      lines.push(`${open}/>`);
      continue;
    }
    const element = test.status === 'failed' ? 'failure' : 'error';
    const messages = test.failure.error !== undefined ? [test.failure.error] : test.failure.mismatches.map((m) => m.message);
    const headline = `${test.failure.turn !== undefined ? `turn ${test.failure.turn}: ` : ''}${messages[0] ?? test.status}`;
    lines.push(`${open}>`, `      <${element} message="${xmlAttribute(headline)}">${xmlText(messages.join('\n'))}</${element}>`, '    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines;
}
