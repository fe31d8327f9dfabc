/**
 * `pnpm bench:nlu`: the lexical recognizer on CLINC150 and on the example
 * workspace. Run from the repository root. Prints the figures and writes
 * bench-results/nlu-lexical.json; exits with a message when the data set is
 * missing (../shared/datasets/clinc150, see clinc150.ts).
 *
 * Accuracy: in-scope accuracy and out-of-scope recall on the test split,
 * never used for tuning (the defaults were chosen on train/val by
 * tuneLexical.ts; a threshold "chosen on val" is chosen on val/oos_val here
 * and only then applied to test). Two scenarios: all 150 intents with their
 * 100 training examples each (comparable to the paper's table), and
 * workspace-sized ones of 30 intents x 10 examples, where out of scope is
 * CLINC's out-of-scope utterances plus the other 120 intents' utterances.
 *
 * Speed: latency per `recognize` call during the accuracy runs, and
 * throughput of `recognizeSync` on the example workspace and a 30 x 10
 * training set. Reported, not asserted: machines are shared and timings
 * vary, so the JSON also records a reference loop's speed and the load
 * average to compare runs by. Utterances for throughput are CLINC150
 * validation utterances (3,100 distinct texts, more than the recognizer's
 * memo holds, so every call is a miss); "repeated" cycles over 50 texts,
 * which the memo answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { validateWorkspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { createLexicalRecognizer, DEFAULT_THRESHOLD, workspaceIntents, workspaceThresholds, type IntentTraining } from '@colloquy/nlu';
import { accuracyAt, bestThreshold, percentile, scoreScenario, topOneAccuracy, type Accuracy, type Scored } from './accuracy.ts';
import { fullScenario, requireClinc150, workspaceSizedScenario, type Scenario } from './clinc150.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ROUNDS = 7;

interface Throughput {
  /** From wall-clock time: what a caller sees, including time lost to other processes. */
  readonly recognitionsPerSecond: number;
  readonly microsecondsPerRecognition: number;
  /** From this process's CPU time: steadier on a shared machine. */
  readonly cpuRecognitionsPerSecond: number;
  readonly cpuMicrosecondsPerRecognition: number;
}

/** Medians over rounds of passes over all texts. */
function throughput(recognize: (text: string) => unknown, texts: readonly string[], minimumCalls = 20_000): Throughput {
  const passes = Math.max(1, Math.ceil(minimumCalls / texts.length));
  for (const text of texts) recognize(text); // warm up the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    for (let pass = 0; pass < passes; pass++) for (const text of texts) recognize(text);
    const cpuUsed = process.cpuUsage(cpuStart);
    wall.push((performance.now() - start) / (passes * texts.length));
    cpu.push((cpuUsed.user + cpuUsed.system) / 1000 / (passes * texts.length));
  }
  const median = (samples: number[]) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  const msPerCall = median(wall);
  const cpuMsPerCall = median(cpu);
  return {
    recognitionsPerSecond: Math.round(1000 / msPerCall),
    microsecondsPerRecognition: Math.round(msPerCall * 1000 * 100) / 100,
    cpuRecognitionsPerSecond: Math.round(1000 / cpuMsPerCall),
    cpuMicrosecondsPerRecognition: Math.round(cpuMsPerCall * 1000 * 100) / 100,
  };
}

/** Nanoseconds per step of a fixed scatter-add loop, the shape of the recognizer's inner loop: a yardstick for the machine's speed right now. */
function referenceLoopNs(): number {
  const out = new Float64Array(300);
  const index = Int32Array.from({ length: 4_500 }, (_, i) => (i * 7_919) % 300);
  const weight = new Float64Array(4_500).fill(0.3);
  const start = performance.now();
  for (let round = 0; round < 2_000; round++) {
    out.fill(0);
    for (let p = 0; p < index.length; p++) out[index[p]!]! += 0.5 * weight[p]!;
  }
  return Math.round(((performance.now() - start) * 1e6) / (2_000 * index.length) * 100) / 100;
}

function measure(name: string, intents: readonly IntentTraining[], threshold: number, margin: number, texts: readonly string[]) {
  const buildStart = performance.now();
  const recognizer = createLexicalRecognizer({ intents, threshold, margin });
  const buildMs = Math.round((performance.now() - buildStart) * 100) / 100;
  const distinct = throughput((t) => recognizer.recognizeSync(t), texts);
  const repeated = throughput((t) => recognizer.recognizeSync(t), texts.slice(0, 50));
  const result = {
    name,
    intents: intents.length,
    examples: intents.reduce((n, i) => n + i.examples.length, 0),
    utterances: texts.length,
    buildMs,
    distinct,
    repeated,
  };
  console.log(
    `${name}: ${result.intents} intents, ${result.examples} examples, built in ${buildMs} ms; ` +
      `distinct utterances ${distinct.recognitionsPerSecond.toLocaleString('en')}/s (${distinct.microsecondsPerRecognition} µs; ` +
      `CPU time ${distinct.cpuMicrosecondsPerRecognition} µs = ${distinct.cpuRecognitionsPerSecond.toLocaleString('en')}/s), ` +
      `repeated ${repeated.recognitionsPerSecond.toLocaleString('en')}/s (${repeated.microsecondsPerRecognition} µs)`,
  );
  return result;
}

const clinc = requireClinc150();
const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function latency(scored: Scored) {
  const micros = scored.latencyMicros;
  return { p50Micros: round(percentile(micros, 0.5), 1), p95Micros: round(percentile(micros, 0.95), 1), p99Micros: round(percentile(micros, 0.99), 1) };
}

function rounded(accuracy: Accuracy) {
  return { threshold: accuracy.threshold, inScopeAccuracy: round(accuracy.inScopeAccuracy), outOfScopeRecall: round(accuracy.outOfScopeRecall) };
}

/** Scores the validation and test versions of a scenario with one recognizer trained on its training set. */
async function evaluate(validation: Scenario, test: Scenario) {
  const buildStart = performance.now();
  const recognizer = createLexicalRecognizer({ intents: test.training, threshold: 0 });
  const buildMs = round(performance.now() - buildStart, 1);
  for (const [text] of validation.inScope.slice(0, 500)) recognizer.recognizeSync(`${text} warm`); // warm up the JIT, not the memo
  const onValidation = await scoreScenario(recognizer, validation);
  const onTest = await scoreScenario(recognizer, test);
  const chosen = bestThreshold(onValidation).threshold;
  return {
    name: test.name,
    intents: test.training.length,
    examples: test.training.reduce((n, i) => n + i.examples.length, 0),
    inScopeUtterances: test.inScope.length,
    outOfScopeUtterances: test.outOfScope.length,
    buildMs,
    topOneAccuracy: round(topOneAccuracy(onTest)),
    atDefaultThreshold: rounded(accuracyAt(onTest, DEFAULT_THRESHOLD)),
    atThresholdChosenOnValidation: rounded(accuracyAt(onTest, chosen)),
    latency: latency(onTest),
  };
}

type Evaluation = Awaited<ReturnType<typeof evaluate>>;

function printEvaluation(e: Evaluation): void {
  const at = (a: ReturnType<typeof rounded>) => `in-scope accuracy ${percent(a.inScopeAccuracy)}, out-of-scope recall ${percent(a.outOfScopeRecall)}`;
  console.log(
    `${e.name}: ${e.intents} intents, ${e.examples} examples (built in ${e.buildMs} ms); test: ${e.inScopeUtterances} in scope, ${e.outOfScopeUtterances} out of scope\n` +
      `  top-1 accuracy (no threshold) ${percent(e.topOneAccuracy)}\n` +
      `  threshold ${DEFAULT_THRESHOLD} (default): ${at(e.atDefaultThreshold)}\n` +
      `  threshold ${e.atThresholdChosenOnValidation.threshold} (chosen on val): ${at(e.atThresholdChosenOnValidation)}\n` +
      `  latency per recognition: p50 ${e.latency.p50Micros} µs, p95 ${e.latency.p95Micros} µs, p99 ${e.latency.p99Micros} µs`,
  );
}

const accuracy: Evaluation[] = [];
accuracy.push(await evaluate(fullScenario(clinc, 'val'), fullScenario(clinc, 'test')));
printEvaluation(accuracy[0]!);
for (const offset of [0, 1, 2]) {
  const evaluation = await evaluate(workspaceSizedScenario(clinc, 'val', 30, 10, offset), workspaceSizedScenario(clinc, 'test', 30, 10, offset));
  accuracy.push(evaluation);
  printEvaluation(evaluation);
}

const { workspace } = validateWorkspace(await readWorkspace(`${ROOT}flows/`));
const workspaceTraining = workspaceIntents(workspace);
const thresholds = workspaceThresholds(workspace);

/**
 * Each example of the example workspace, recognised by a recognizer trained on
 * all the others: how often a phrasing the designer did not write down is
 * recognised, with the agent's own threshold and margin.
 */
function leaveOneOut() {
  let ranked = 0;
  let recognised = 0;
  let total = 0;
  for (const { intent, examples } of workspaceTraining) {
    for (const heldOut of examples) {
      const training = workspaceTraining.map((t) => (t.intent === intent ? { intent, examples: t.examples.filter((e) => e !== heldOut) } : t));
      const recognition = createLexicalRecognizer({ intents: training, ...thresholds }).recognizeSync(heldOut);
      total++;
      if (recognition.ranking[0]?.intent === intent) ranked++;
      if (recognition.intent === intent) recognised++;
    }
  }
  return { examples: total, threshold: thresholds.threshold, margin: thresholds.margin ?? 0, topOneAccuracy: round(ranked / total), recognised: round(recognised / total) };
}

const heldOut = leaveOneOut();
console.log(
  `example workspace, each example held out in turn (${heldOut.examples}): ranked first ${percent(heldOut.topOneAccuracy)}, ` +
    `recognised at the agent's threshold ${heldOut.threshold} and margin ${heldOut.margin} ${percent(heldOut.recognised)}`,
);
const utterances = [...clinc.val.map(([text]) => text), ...clinc.oos_val.map(([text]) => text)];
const referenceBefore = referenceLoopNs();
const throughputResults = [
  measure('example workspace', workspaceTraining, thresholds.threshold, thresholds.margin ?? 0, utterances),
  measure('clinc150 30x10', workspaceSizedScenario(clinc, 'val', 30, 10).training, DEFAULT_THRESHOLD, 0, utterances),
];
const report = {
  benchmark: 'nlu-lexical',
  node: process.version,
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  referenceLoopNs: [referenceBefore, referenceLoopNs()],
  accuracy,
  exampleWorkspaceLeaveOneOut: heldOut,
  throughput: throughputResults,
};
mkdirSync(`${ROOT}bench-results`, { recursive: true });
writeFileSync(`${ROOT}bench-results/nlu-lexical.json`, `${JSON.stringify(report, null, 2)}\n`);
console.log(`reference loop ${report.referenceLoopNs.join(' / ')} ns per step, load ${report.loadAverage.join(' ')}; wrote bench-results/nlu-lexical.json`);
