/**
 * Throughput of the lexical recognizer on workspace-sized training data.
 * Run from the repository root: npx tsx packages/nlu/bench/lexical.ts
 * Prints the figures and writes bench-results/nlu-lexical.json. Reported,
 * not asserted: machines are shared and timings vary, so the JSON also
 * records a reference loop's speed and the load average to compare runs by.
 *
 * Training sets: the example workspace (flows/, every intent of every flow)
 * and, when the data set is present, 30 CLINC150 intents x 10 examples.
 * Utterances: CLINC150 validation utterances when present (3,100 distinct
 * texts, more than the recognizer's memo holds, so every call is a miss),
 * else the workspace's own examples with a suffix. "Repeated" cycles over 50
 * texts, which the memo answers.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { validateWorkspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { createLexicalRecognizer, workspaceIntents, workspaceThresholds, type IntentTraining } from '@colloquy/nlu';
import { CLINC150_PATH, loadClinc150, workspaceSizedScenario } from './clinc150.ts';

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

const clinc = existsSync(CLINC150_PATH) ? loadClinc150() : undefined;
const { workspace } = validateWorkspace(await readWorkspace(`${ROOT}flows/`));
const workspaceTraining = workspaceIntents(workspace);
const utterances = clinc
  ? [...clinc.val.map(([text]) => text), ...clinc.oos_val.map(([text]) => text)]
  : workspaceTraining.flatMap((i) => i.examples.map((e, n) => `${e} please ${['now', 'today', 'thanks'][n % 3]}`));

const referenceBefore = referenceLoopNs();
const results = [measure('example workspace', workspaceTraining, workspaceThresholds(workspace).threshold, workspaceThresholds(workspace).margin ?? 0, utterances)];
if (clinc) {
  const scenario = workspaceSizedScenario(clinc, 'val', 30, 10);
  results.push(measure('clinc150 30x10', scenario.training, 0.5, 0, utterances));
}
const report = {
  benchmark: 'nlu-lexical',
  node: process.version,
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  referenceLoopNs: [referenceBefore, referenceLoopNs()],
  results,
};
mkdirSync(`${ROOT}bench-results`, { recursive: true });
writeFileSync(`${ROOT}bench-results/nlu-lexical.json`, `${JSON.stringify(report, null, 2)}\n`);
console.log(`reference loop ${report.referenceLoopNs.join(' / ')} ns per step, load ${report.loadAverage.join(' ')}; wrote bench-results/nlu-lexical.json`);
