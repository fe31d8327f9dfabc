import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lexicalNlu, type Embedder } from '@colloquy/nlu';
import {
  DEFAULT_PER_INTENT,
  DEFAULT_SEED,
  GENERATOR_NAMES,
  diffReports,
  formatBehaviourDiff,
  formatSimulationReport,
  isGeneratorName,
  isModelGuided,
  RUN_SETTINGS,
  simulate,
  simulateWithEmbedder,
  simulationPassed,
  simulationToHtml,
  simulationToJUnitXml,
  workspaceHash,
  type GeneratorName,
  type SimulationReport,
} from '@colloquy/simulator';
import type { Command } from '../command.ts';
import { formatOption } from '../command.ts';
import { formatDiagnosticLines, formatSummary, hasFindings, summarise } from '../diagnosticOutput.ts';
import { withWorkspaceAtRef } from '../gitBaseline.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { loadWorkspace, type LoadedWorkspace } from '../loadWorkspace.ts';

/** The recognizers `--recognizer` accepts. */
const RECOGNIZERS = ['lexical', 'use', 'transformers'] as const;
type RecognizerName = (typeof RECOGNIZERS)[number];

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Run the scripted tests plus generated edge cases and report pass rates, confusions and policy checks',
  help: `Usage: colloquy simulate [dir] [--flow ID] [--generators a,b] [--per-intent N] [--seed S]
                         [--recognizer lexical|use|transformers] [--model PATH]
                         [--format pretty|json|junit|html] [--baseline DIR|REF]
                         [--output FILE] [--today YYYY-MM-DD]

Validates the workspace in [dir] (default: the current folder), runs every
scripted test, then generates edge cases from the intents and policies (typos,
rewordings, negations, two requests in one, sensitive topics, prompt
injection, personal data) and runs each against the flows. Reports pass rates
per generator, flow and intent, the most frequent confusions, robustness per
intent, the policy checks, failing cases with their conversation, coverage,
and the workspace and report hashes. The same workspace and options give the
same report, byte for byte.

Options:
  --flow ID             Only make per-intent cases from this flow's intents (fixed probes still run)
  --generators a,b      Generators to run (default all): ${GENERATOR_NAMES.join(', ')};
                        paraphrase and adversarial (WordNet synonyms checked by the model, a
                        search for small changes that break the recognizer) need a model recognizer
  --per-intent N        Cases per intent for per-intent generators (default ${DEFAULT_PER_INTENT})
  --seed S              Any text; the generated cases depend on it (default "${DEFAULT_SEED}")
                        A flow's test file may set its own generators, cases per intent and
                        seed (\`simulate:\`); --generators, --per-intent and --seed win over it
  --recognizer NAME     The intent recognizer: lexical (default), use (the packaged Universal
                        Sentence Encoder) or transformers (a local model folder; never downloads)
  --model PATH          With --recognizer transformers: the model folder (default: agent.yaml's
                        nlu.model, relative to the workspace)
  --format pretty|json|junit|html  Output format (default: pretty); html is one self-contained
                        page (charts, failing conversations, the diff) to attach to a review
  --baseline DIR|REF    Also run the same suite on the workspace in DIR, or on the workspace
                        folder as it was at git ref REF (a branch, tag or commit of the
                        repository holding the workspace), and list what changed (was handed
                        over and now is not, intent changed, newly failing or passing)
  --output FILE, -o     Write the report to FILE instead of standard output
  --today YYYY-MM-DD    The date conversations run on (default 2026-01-01)
  --strict              Validation warnings also stop the run
  -h, --help            Show this help

Exit codes: 0 every test and case passed, 1 a test or case failed or the workspace has errors,
2 usage or I/O error.`,
  options: {
    flow: { type: 'string' },
    generators: { type: 'string' },
    'per-intent': { type: 'string' },
    seed: { type: 'string' },
    recognizer: { type: 'string' },
    model: { type: 'string' },
    format: { type: 'string' },
    baseline: { type: 'string' },
    output: { type: 'string', short: 'o' },
    today: { type: 'string' },
    strict: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run({ values, positionals }, io) {
    const format = formatOption(values['format'], ['pretty', 'json', 'junit', 'html'] as const, 'simulate');
    const generators = parseGenerators(values['generators'] as string | undefined);
    const perIntent = parsePerIntent(values['per-intent'] as string | undefined);
    const seed = (values['seed'] as string | undefined) ?? DEFAULT_SEED;
    // A flag given wins over the flows' own settings (test files' `simulate:` blocks); a default does not.
    const overrides = RUN_SETTINGS.filter((setting) => values[{ generators: 'generators', perIntent: 'per-intent', seed: 'seed' }[setting]] !== undefined);
    const recognizer = parseRecognizer(values['recognizer'] as string | undefined);
    const modelPath = values['model'] as string | undefined;
    if (modelPath !== undefined && recognizer !== 'transformers') throw new UsageError('simulate: --model goes with --recognizer transformers');
    const modelGuided = generators?.filter(isModelGuided) ?? [];
    if (recognizer === 'lexical' && modelGuided.length > 0) throw new UsageError(`simulate: ${modelGuided.join(' and ')} need${modelGuided.length === 1 ? 's' : ''} a model recognizer: add --recognizer use`);
    if (modelPath === '') throw new UsageError('simulate: --model needs a folder');
    const today = values['today'] as string | undefined;
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError('simulate: --today must look like 2026-01-31');
    const flow = values['flow'] as string | undefined;
    const strict = values['strict'] === true;

    const loaded = await loadWorkspace(positionals[0], io.cwd, 'simulate');
    if (stopsOnProblems(loaded, strict, io, 'the workspace')) return EXIT.findings;
    if (flow !== undefined && !loaded.workspace.flowsById.has(flow)) {
      throw new UsageError(`simulate: no flow \`${flow}\` in the workspace; flows: ${[...loaded.workspace.flowsById.keys()].join(', ')}`);
    }
    const baselineArg = values['baseline'] as string | undefined;
    const baseline = baselineArg !== undefined ? await loadBaseline(baselineArg, loaded.root, io.cwd) : undefined;
    if (baseline && stopsOnProblems(baseline, strict, io, `the baseline workspace (${baseline.label})`)) return EXIT.findings;

    const embedder = recognizer === 'lexical' ? undefined : await loadEmbedder(recognizer, modelPath, loaded, io.cwd);
    // WordNet (and, for transformers, the encoder of the meaning check) for the paraphrase and adversarial generators.
    const guidance = recognizer === 'lexical' ? undefined : await (await import('@colloquy/simulator/node')).loadModelGuidance(recognizer, generators);
    let report: SimulationReport;
    let diff: ReturnType<typeof diffReports> | undefined;
    try {
      const run = async (workspace: LoadedWorkspace, label: string): Promise<SimulationReport> => {
        const progress = progressLine(io, label);
        const options = {
          seed,
          perIntent,
          overrides,
          workspaceHash: workspaceHash(workspace.files),
          ...(generators ? { generators } : {}),
          ...(flow !== undefined ? { flow } : {}),
          ...(today ? { today } : {}),
          ...(progress ? { onProgress: progress.update } : {}),
        };
        try {
          if (!embedder) return simulate(workspace.workspace, { ...options, nlu: lexicalNlu(workspace.workspace), recognizer: { name: 'lexical' } });
          return await simulateWithEmbedder(workspace.workspace, embedder, recognizer as Exclude<RecognizerName, 'lexical'>, { ...options, ...guidance?.options });
        } finally {
          progress?.done();
        }
      };
      report = await run(loaded, 'simulating');
      diff = baseline ? diffReports(await run(baseline, 'simulating the baseline'), report) : undefined;
    } finally {
      embedder?.dispose();
      guidance?.dispose();
    }

    let output: string;
    if (format === 'json') output = `${JSON.stringify(diff ? { ...report, diff } : report, null, 2)}\n`;
    else if (format === 'junit') output = simulationToJUnitXml(report);
    else if (format === 'html') output = simulationToHtml(report, diff && baseline ? { diff, baselineLabel: baseline.label } : {});
    else output = formatSimulationReport(report) + (diff ? formatBehaviourDiff(diff) : '');
    const target = values['output'] as string | undefined;
    if (target) {
      try {
        await writeFile(resolve(io.cwd, target), output);
      } catch (error) {
        throw new UsageError(`simulate: cannot write ${target}: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else io.stdout.write(output);
    if (diff && format === 'junit') io.stderr.write(formatBehaviourDiff(diff).trimStart());
    return simulationPassed(report) ? EXIT.ok : EXIT.findings;
  },
};

/**
 * The baseline workspace: the folder `arg` names when there is one, else the
 * workspace folder as it was at git ref `arg` (read from a temporary copy that
 * is gone by the time this returns; its diagnostics name the files by their
 * place in the working copy). `label` says which, for the report.
 */
async function loadBaseline(arg: string, workspaceRoot: string, cwd: string): Promise<LoadedWorkspace & { readonly label: string }> {
  const stats = await stat(resolve(cwd, arg)).catch(() => undefined);
  if (stats?.isDirectory()) return { ...(await loadWorkspace(arg, cwd, 'simulate')), label: arg };
  return withWorkspaceAtRef(workspaceRoot, arg, 'simulate', async (folder, ref) => ({
    ...(await loadWorkspace(folder, cwd, 'simulate')),
    root: workspaceRoot,
    label: `git ${ref.label}`,
  }));
}

function stopsOnProblems(loaded: LoadedWorkspace, strict: boolean, io: CliIo, what: string): boolean {
  const summary = summarise(loaded.diagnostics, 0);
  if (!hasFindings(summary, strict)) return false;
  const shown = loaded.diagnostics.filter((d) => d.severity === 'error' || strict);
  io.stderr.write(`${formatDiagnosticLines(shown, loaded.root, io.cwd)}\n`);
  io.stderr.write(`simulate: ${what} has problems (${formatSummary({ ...summary, files: new Set(shown.map((d) => d.file)).size })}); fix them before simulating\n`);
  return true;
}

function parseGenerators(value: string | undefined): GeneratorName[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new UsageError('simulate: --generators needs at least one name');
  for (const name of names) {
    if (!isGeneratorName(name)) throw new UsageError(`simulate: unknown generator \`${name}\`; use some of ${GENERATOR_NAMES.join(', ')}`);
  }
  return names as GeneratorName[];
}

function parsePerIntent(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PER_INTENT;
  if (!/^\d{1,4}$/.test(value)) throw new UsageError(`simulate: --per-intent must be a whole number from 0 to 9999, got \`${value}\``);
  return Number(value);
}

function parseRecognizer(value: string | undefined): RecognizerName {
  const name = value ?? 'lexical';
  if ((RECOGNIZERS as readonly string[]).includes(name)) return name as RecognizerName;
  throw new UsageError(`simulate: unknown recognizer \`${name}\`; available: ${RECOGNIZERS.join(', ')}`);
}

/**
 * The sentence encoder of a model recognizer, loaded once for the run (and the baseline):
 * `use` from the installed packages, `transformers` from `--model` (relative to the current
 * folder) or agent.yaml's `nlu.model` (relative to the workspace). Nothing is downloaded.
 */
async function loadEmbedder(name: Exclude<RecognizerName, 'lexical'>, modelPath: string | undefined, loaded: LoadedWorkspace, cwd: string): Promise<Embedder> {
  const { loadRecognizerEmbedder } = await import('@colloquy/nlu/node');
  try {
    if (name === 'use') return await loadRecognizerEmbedder({ recognizer: 'use' });
    if (modelPath !== undefined) return await loadRecognizerEmbedder({ recognizer: name, model: resolve(cwd, modelPath) });
    const configured = loaded.workspace.agent?.data.nlu?.model;
    if (!configured) throw new UsageError('simulate: no transformers model: pass --model PATH or set `nlu.model` in agent.yaml');
    return await loadRecognizerEmbedder({ recognizer: name, model: configured, localModelPath: loaded.root });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`simulate: cannot load the ${name} model: ${message.replace(/\s*\n\s*/g, ' ')}`);
  }
}

/** A one-line progress counter on standard error, only when it is a terminal: CI logs and pipes get nothing. */
function progressLine(io: CliIo, label: string): { update: (done: number, total: number) => void; done: () => void } | undefined {
  if (!io.stderr.isTTY) return undefined;
  let last = -1;
  return {
    update(done, total) {
      const percent = Math.floor((done * 100) / Math.max(total, 1));
      if (percent === last) return;
      last = percent;
      io.stderr.write(`\r${label}: ${done}/${total} (${percent}%)`);
    },
    done() {
      if (last >= 0) io.stderr.write('\r\u001b[2K');
    },
  };
}
