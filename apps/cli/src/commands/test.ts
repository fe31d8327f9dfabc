import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lexicalNlu } from '@colloquy/nlu';
import { formatTestReport, runTests, toJUnitXml, toJsonReport } from '@colloquy/simulator';
import type { Command } from '../command.ts';
import { formatOption } from '../command.ts';
import { formatDiagnosticLines, formatSummary, hasFindings, summarise } from '../diagnosticOutput.ts';
import { EXIT, UsageError, useColor } from '../io.ts';
import { loadWorkspace } from '../loadWorkspace.ts';

export const testCommand: Command = {
  name: 'test',
  summary: 'Run the scripted test conversations (tests/*.test.yaml) and report coverage',
  help: `Usage: colloquy test [dir] [--format pretty|json|junit] [--output FILE] [--filter TEXT] [--today YYYY-MM-DD]

Validates the workspace in [dir] (default: the current folder), then runs every
scripted test conversation against the flows with the built-in lexical
recognizer, and prints each test's result, the first failing turn of each
failing test with a diff, and coverage (intents, nodes, transitions, rule rows,
policies) with what was never reached.

Options:
  --format pretty|json|junit  Output format (default: pretty). junit writes JUnit XML for CI systems
  --output FILE               Write the report to FILE instead of standard output
  --filter TEXT               Only run tests whose "suite/test" id contains TEXT
  --today YYYY-MM-DD          The date conversations run on (default 2026-01-01, for reproducible results)
  --strict                    Validation warnings also fail the run
  -h, --help                  Show this help

Exit codes: 0 all tests passed, 1 a test failed or the workspace has errors, 2 usage or I/O error.`,
  options: {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    filter: { type: 'string' },
    today: { type: 'string' },
    strict: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run({ values, positionals }, io) {
    const format = formatOption(values['format'], ['pretty', 'json', 'junit'] as const, 'test');
    const today = values['today'] as string | undefined;
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError('test: --today must look like 2026-01-31');
    const filter = values['filter'] as string | undefined;
    const loaded = await loadWorkspace(positionals[0], io.cwd, 'test');
    const summary = summarise(loaded.diagnostics, 0);
    if (hasFindings(summary, values['strict'] === true)) {
      const errorsOnly = loaded.diagnostics.filter((d) => d.severity === 'error' || values['strict'] === true);
      io.stderr.write(`${formatDiagnosticLines(errorsOnly, loaded.root, io.cwd)}\n`);
      io.stderr.write(`test: the workspace has problems (${formatSummary({ ...summary, files: new Set(errorsOnly.map((d) => d.file)).size })}); fix them before running tests\n`);
      return EXIT.findings;
    }
    const report = runTests(loaded.workspace, {
      nlu: lexicalNlu(loaded.workspace),
      ...(today ? { today } : {}),
      ...(filter ? { filter: (suite: string, test: string) => `${suite}/${test}`.includes(filter) } : {}),
    });
    const output =
      format === 'junit' ? toJUnitXml(report) : format === 'json' ? `${JSON.stringify(toJsonReport(report), null, 2)}\n` : formatTestReport(report, { color: useColor(io) && !values['output'] });
    const target = values['output'] as string | undefined;
    if (target) await writeFile(resolve(io.cwd, target), output.endsWith('\n') ? output : `${output}\n`);
    else io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    return report.summary.failed + report.summary.errors > 0 ? EXIT.findings : EXIT.ok;
  },
};
