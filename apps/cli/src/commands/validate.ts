import type { Command } from '../command.ts';
import { formatOption } from '../command.ts';
import { diagnosticsToJson, formatDiagnosticLines, formatSummary, hasFindings, summarise } from '../diagnosticOutput.ts';
import { EXIT } from '../io.ts';
import { loadWorkspace } from '../loadWorkspace.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check every file of a workspace: YAML, schemas, references, graphs, rules and policies',
  help: `Usage: colloquy validate [dir] [--format pretty|json] [--strict]

Checks every file of the workspace in [dir] (default: the current folder) and
prints one line per problem:

  file:line:col severity CODE message

Options:
  --format pretty|json  Output format (default: pretty)
  --strict              Warnings also fail the run (exit code 1)
  -h, --help            Show this help

Exit codes: 0 clean, 1 errors found (or warnings with --strict), 2 usage or I/O error.`,
  options: {
    format: { type: 'string' },
    strict: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run({ values, positionals }, io) {
    const format = formatOption(values['format'], ['pretty', 'json'] as const, 'validate');
    const strict = values['strict'] === true;
    const workspace = await loadWorkspace(positionals[0], io.cwd, 'validate');
    const files = new Set([...workspace.workspace.flows, ...workspace.workspace.rules, ...workspace.workspace.policies, ...workspace.workspace.tests].map((f) => f.path));
    if (workspace.workspace.agent) files.add(workspace.workspace.agent.path);
    for (const broken of workspace.workspace.broken) files.add(broken.path);
    const summary = summarise(workspace.diagnostics, files.size);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ workspace: workspace.root, summary, diagnostics: diagnosticsToJson(workspace.diagnostics) }, null, 2)}\n`);
    } else {
      const lines = formatDiagnosticLines(workspace.diagnostics, workspace.root, io.cwd);
      if (lines) io.stdout.write(`${lines}\n`);
      io.stdout.write(`${formatSummary(summary)}\n`);
    }
    return hasFindings(summary, strict) ? EXIT.findings : EXIT.ok;
  },
};
