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
import { BENCH_AGENT, BENCH_RULES, benchFlow, benchWorkspace, lineCount } from './generateWorkspace.ts';
import { round, timeRuns } from './measure.ts';

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

// Warm incremental: a validator holding the whole workspace, one 2,000-line file edited.
const bigFlow = benchFlow(FLOWS + 1, 80);
const bigLines = bigFlow.split('\n').length - 1;
const incremental = new WorkspaceValidator({ schemas });
for (const file of files) incremental.set(file.path, file.content);
incremental.set('flows/big.flow.yaml', bigFlow);
incremental.validate();
let edit = 0;
const oneFile = timeRuns(30, () => {
  edit++;
  incremental.set('flows/big.flow.yaml', bigFlow.replace('Step 1 of', `Step 1 (edit ${edit}) of`));
  incremental.validate();
});
// Unchanged workspace: everything served from the per-file cache.
const unchanged = timeRuns(10, () => incremental.validate());

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
    oneChangedFile: { lines: bigLines, medianMs: oneFile.medianMs, p95Ms: oneFile.p95Ms },
  },
  engine: { turnsPerSecond: engineTurnsPerSecond, turnsPerSecondWithLexicalRecognizer: lexicalTurnsPerSecond },
  targets: { warmFullMs: 1000, oneChangedFileMs: 16, turnsPerSecond: 50_000 },
};

console.log(`workspace: ${files.length} files, ${lines.toLocaleString('en')} lines (${problems} errors)`);
console.log(`validation cold:                   ${results.validation.coldMs} ms`);
console.log(`validation warm, whole workspace:  ${warmFull.medianMs} ms median (${results.validation.warmFullFilesPerSecond} files/s; YAML parsing is ${Math.round(results.validation.yamlParseShareOfWarmFull * 100)}% of it)  target < 1000 ms`);
console.log(`YAML parsing only:                 ${parseOnly.medianMs} ms median (fast path: docs/internals/yaml-fast-path.md)`);
console.log(`re-validate, nothing changed:      ${unchanged.medianMs} ms median`);
console.log(`re-validate one ${bigLines}-line file:    ${oneFile.medianMs} ms median, ${oneFile.p95Ms} ms p95  target < 16 ms`);
console.log(`engine:                            ${engineTurnsPerSecond.toLocaleString('en')} turns/s (recognition precomputed)  target > 50,000`);
console.log(`engine + lexical recognizer:       ${lexicalTurnsPerSecond.toLocaleString('en')} turns/s`);

mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/foundation.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench-results/foundation.json');
