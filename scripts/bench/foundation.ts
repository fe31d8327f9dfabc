/**
 * `pnpm bench`: validation and engine throughput on a generated workspace of
 * 1,000 flow files (~100,000 lines). Prints the figures and writes them to
 * bench-results/foundation.json. Reported, not asserted: machines are shared
 * and noisy, so compare figures from the same run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { WorkspaceValidator, SchemaValidator, parseYaml, type SourceFile } from '@colloquy/core';
import { ConversationEngine } from '@colloquy/engine';
import { lexicalRecognizerForWorkspace, type Recognition } from '@colloquy/nlu';
import { messageEdit, referenceEdit } from './benchEdits.ts';
import { BENCH_AGENT, BENCH_RULES, benchFlow, benchWorkspace, lineCount } from './generateWorkspace.ts';
import { round, summarise, timeRuns, type Timing } from './measure.ts';

const FLOWS = 1000;
const files = benchWorkspace(FLOWS);
const lines = lineCount(files);
const schemas = new SchemaValidator();

function validateAll(input: readonly SourceFile[]) {
  const validator = new WorkspaceValidator({ schemas });
  for (const file of input) validator.set(file.path, file.content);
  return validator.validate();
}

// Cold: the first validation in this process (includes schema compilation and JIT warm-up).
const coldStart = performance.now();
const first = validateAll(files);
const coldMs = performance.now() - coldStart;
const problems = first.diagnostics.filter((d) => d.severity === 'error').length;

// Warm full: a fresh validator (nothing cached) once the code is warm.
const warmFull = timeRuns(5, () => validateAll(files));

// Parser share: how much of a full validation is the YAML parser alone.
const texts = files.map((f) => String(f.content));
// Every file here takes the YAML fast path (tested in packages/core/test/source/fastPath.differential.test.ts).
const parseOnly = timeRuns(3, () => {
  for (const [i, text] of texts.entries()) parseYaml(files[i]!.path, text);
});

// Warm incremental: a validator holding the whole workspace plus one 2,000-line flow, which is
// edited and re-validated (set + validate, timed apart too). Two kinds of edit (see benchEdits.ts):
// a reworded message, and renamed node and intent ids, every other run adding and then removing
// cross-file mistakes (an intent another flow claims, a decision naming a missing table).
const EDIT_RUNS = 60;
const BIG_PATH = 'flows/big.flow.yaml';
const bigFlow = benchFlow(FLOWS + 1, 100);
const bigLines = bigFlow.split('\n').length - 1;
const incremental = new WorkspaceValidator({ schemas });
for (const file of files) incremental.set(file.path, file.content);
incremental.set(BIG_PATH, bigFlow);
const otherIntent = Object.keys(incremental.validate().workspace.flows.find((f) => f.path !== BIG_PATH)!.data.intents!)[0]!;

// The reference edit must really cross files: check what it reports before timing it.
incremental.set(BIG_PATH, referenceEdit(bigFlow, 1, otherIntent));
const crossFileCodes = incremental.validate().diagnostics.map((d) => `${d.code} ${d.file}`);
if (!crossFileCodes.some((c) => c.startsWith('CQ202 flows/big')) || !crossFileCodes.some((c) => c.startsWith('CQ213 ') && !c.includes('big'))) {
  throw new Error(`the reference edit did not report the expected cross-file mistakes: ${crossFileCodes.join(', ')}`);
}

interface EditTiming {
  readonly total: Timing;
  readonly set: Timing;
  readonly validate: Timing;
}

function timeEdits(edit: (run: number) => string): EditTiming {
  for (let run = 1; run <= 10; run++) {
    incremental.set(BIG_PATH, edit(-run)); // warm-up, not timed
    incremental.validate();
  }
  const total: number[] = [];
  const set: number[] = [];
  const validate: number[] = [];
  for (let run = 1; run <= EDIT_RUNS; run++) {
    const text = edit(run);
    const start = performance.now();
    incremental.set(BIG_PATH, text);
    const loaded = performance.now();
    incremental.validate();
    const end = performance.now();
    total.push(end - start);
    set.push(loaded - start);
    validate.push(end - loaded);
  }
  return { total: summarise(total), set: summarise(set), validate: summarise(validate) };
}

const messageEdits = timeEdits((run) => messageEdit(bigFlow, run));
const referenceEdits = timeEdits((run) => referenceEdit(bigFlow, Math.abs(run), otherIntent));
// Unchanged workspace: the last result, returned as it is.
const unchanged = timeRuns(100, () => incremental.validate());
// One ordinary 100-line flow edited: the floor that the cross-file work over 1,000 flows sets.
const smallPath = files[files.length - 1]!.path;
const smallFlow = String(files[files.length - 1]!.content);
const smallEdits = timeRuns(EDIT_RUNS, () => {
  incremental.set(smallPath, messageEdit(smallFlow, performance.now()));
  incremental.validate();
});

// Engine: turns per second on the generated workspace, recognitions precomputed so the
// engine alone is measured; then the same with the lexical recognizer in the loop.
const engineFiles: SourceFile[] = [
  { path: 'agent.yaml', content: BENCH_AGENT },
  { path: 'rules/bench_route.rules.yaml', content: BENCH_RULES },
  ...Array.from({ length: 50 }, (_, i) => ({ path: `flows/f${i}.flow.yaml`, content: benchFlow(i) })),
];
const engineWorkspace = validateAll(engineFiles).workspace;
const recognizer = lexicalRecognizerForWorkspace(engineWorkspace);
const script = engineWorkspace.flows.slice(0, 20).map((flow) => {
  const intent = Object.keys(flow.data.intents ?? {})[0]!;
  return { opening: flow.data.intents![intent]!.examples[0]!, intent };
});
const recognitions = new Map<string, Recognition>();
for (const { opening } of script) recognitions.set(opening, recognizer.recognizeSync(opening));
const answers = ['123456', '234567', '345678', '456789'];

function runConversations(engine: ConversationEngine, conversations: number): number {
  let turns = 0;
  for (let c = 0; c < conversations; c++) {
    const { opening } = script[c % script.length]!;
    const session = engine.startSession({ context: { tier: 'standard', score: 0.2 } });
    session.open();
    session.turn(opening);
    turns++;
    for (const answer of answers) {
      session.turn(answer);
      turns++;
    }
  }
  return turns;
}

function turnsPerSecond(engine: ConversationEngine): number {
  runConversations(engine, 500); // warm-up
  const start = performance.now();
  const turns = runConversations(engine, 10_000);
  return Math.round(turns / ((performance.now() - start) / 1000));
}

const precomputed = new ConversationEngine(engineWorkspace, (text) => recognitions.get(text) ?? recognizer.recognizeSync(text));
const withLexical = new ConversationEngine(engineWorkspace, (text) => recognizer.recognizeSync(text));
const engineTurnsPerSecond = turnsPerSecond(precomputed);
const lexicalTurnsPerSecond = turnsPerSecond(withLexical);

const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  workspace: { flowFiles: FLOWS, files: files.length, lines, errorDiagnostics: problems },
  validation: {
    coldMs: round(coldMs),
    warmFullMs: warmFull.medianMs,
    warmFullFilesPerSecond: Math.round(files.length / (warmFull.medianMs / 1000)),
    yamlParseShareOfWarmFull: round(parseOnly.medianMs / warmFull.medianMs),
    yamlParseWarmMs: parseOnly.medianMs,
    unchangedRevalidateMs: unchanged.medianMs,
    oneChangedFile: {
      lines: bigLines,
      runs: EDIT_RUNS,
      messageEdit: messageEdits,
      referenceEdit: referenceEdits,
    },
    oneChangedSmallFile: { lines: smallFlow.split('\n').length - 1, ...smallEdits },
  },
  engine: { turnsPerSecond: engineTurnsPerSecond, turnsPerSecondWithLexicalRecognizer: lexicalTurnsPerSecond },
  targets: { warmFullMs: 1000, oneChangedFileMs: 16, turnsPerSecond: 50_000 },
};

console.log(`workspace: ${files.length} files, ${lines.toLocaleString('en')} lines (${problems} errors)`);
console.log(`validation cold:                   ${results.validation.coldMs} ms`);
console.log(`validation warm, whole workspace:  ${warmFull.medianMs} ms median (${results.validation.warmFullFilesPerSecond} files/s; YAML parsing is ${Math.round(results.validation.yamlParseShareOfWarmFull * 100)}% of it)  target < 1000 ms`);
console.log(`YAML parsing only:                 ${parseOnly.medianMs} ms median (fast path: docs/internals/yaml-fast-path.md)`);
console.log(`re-validate, nothing changed:      ${unchanged.medianMs === 0 ? '< 0.001' : unchanged.medianMs} ms median (the previous result, returned as it is)`);
const editLine = (label: string, t: EditTiming) =>
  `re-validate one ${bigLines}-line file, ${label}: ${t.total.medianMs} ms median, ${t.total.p95Ms} ms p95 over ${t.total.runs} runs (set ${t.set.medianMs} + validate ${t.validate.medianMs} ms median)  target < 16 ms`;
console.log(editLine('message edit  ', messageEdits));
console.log(editLine('reference edit', referenceEdits));
console.log(`re-validate one ${smallFlow.split('\n').length - 1}-line file, message edit: ${smallEdits.medianMs} ms median, ${smallEdits.p95Ms} ms p95`);
console.log(`engine:                            ${engineTurnsPerSecond.toLocaleString('en')} turns/s (recognition precomputed)  target > 50,000`);
console.log(`engine + lexical recognizer:       ${lexicalTurnsPerSecond.toLocaleString('en')} turns/s`);

mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/foundation.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench-results/foundation.json');
