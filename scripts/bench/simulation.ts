/**
 * `pnpm bench:nlu:simulation` (also the last part of `pnpm bench:nlu`):
 * simulation throughput with the default local model on the example
 * workspace. A model simulation spends its time embedding utterances; the
 * recognizer is the floor, and what the simulator adds on top (training the
 * head, generating cases, running the engine twice, judging, the report)
 * should stay under 10% of it.
 *
 * Each round runs the whole simulation as `colloquy simulate --recognizer
 * use` does (train the recognizer on the workspace's examples and background
 * utterances, make the model-guided cases, run scripted tests and generated
 * cases) from an empty embedding cache, recording every batch the model was
 * asked to embed, and embeds exactly those batches with the bare model; the
 * order of the two alternates between rounds. The ratio of the two times, in
 * the same round, is the figure: machines are shared and noisy, so absolute
 * times move between runs but the ratio holds. Beside it, the time the
 * simulation spent outside the model against the time inside it (the same
 * run, so the least noisy view of what the simulator adds). Lexical
 * simulation throughput is printed first. Writes bench-results/simulation.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { validateWorkspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import type { Embedder } from '@colloquy/nlu';
import { loadUseEmbedder } from '@colloquy/nlu/node';
import { simulate, simulateWithEmbedder, workspaceHash } from '@colloquy/simulator';
import { loadWordNet } from '@colloquy/simulator/node';
import { round, summarise } from './measure.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SEED = 'colloquy';

const files = await readWorkspace(`${ROOT}flows`);
const { workspace } = validateWorkspace(files);
if (!workspace) throw new Error('the example workspace does not validate');
const hash = workspaceHash(files);

// Lexical: no model, so this is the simulator alone.
const lexicalSamples: number[] = [];
let lexicalCases = 0;
for (let i = 0; i < ROUNDS; i++) {
  const start = performance.now();
  const report = simulate(workspace, { seed: SEED, workspaceHash: hash });
  lexicalSamples.push(performance.now() - start);
  lexicalCases = report.summary.scripted.total + report.summary.generated.total;
}
const lexical = summarise(lexicalSamples);
console.log(`lexical: ${lexicalCases} conversations in ${lexical.medianMs} ms median (${round(lexicalCases / (lexical.medianMs / 1000), 0)}/s)`);

const model = await loadUseEmbedder();
await model.embed(['warm up the model', 'and its kernels']);

/** The bare model, recording each batch it embeds and the time spent in it. */
function recording(inner: Embedder): Embedder & { batches: string[][]; modelMs: number } {
  const batches: string[][] = [];
  const wrapper = {
    modelId: inner.modelId,
    weightsSha256: inner.weightsSha256,
    dimensions: inner.dimensions,
    dispose: () => inner.dispose(),
    batches,
    modelMs: 0,
    async embed(texts: readonly string[]) {
      batches.push([...texts]);
      const start = performance.now();
      const vectors = await inner.embed(texts);
      wrapper.modelMs += performance.now() - start;
      return vectors;
    },
  };
  return wrapper;
}

interface Round {
  readonly simulationMs: number;
  /** Time spent inside the model during the simulation. */
  readonly modelMs: number;
  /** The same batches embedded by the bare model, in the same round. */
  readonly bareMs: number;
  readonly utterances: number;
  readonly batches: number;
  readonly conversations: number;
}

/**
 * One simulation as `colloquy simulate --recognizer use` runs it (every
 * generator, the model-guided ones included), from an empty embedding cache,
 * recording what it asks the model for.
 */
async function simulationRound(): Promise<{ simulationMs: number; modelMs: number; batches: string[][]; conversations: number }> {
  const recorder = recording(model);
  const start = performance.now();
  const report = await simulateWithEmbedder(workspace!, recorder, 'use', { seed: SEED, workspaceHash: hash, wordNet });
  const simulationMs = performance.now() - start;
  return { simulationMs, modelMs: recorder.modelMs, batches: recorder.batches, conversations: report.summary.scripted.total + report.summary.generated.total };
}

async function bareEmbedding(batches: readonly string[][]): Promise<number> {
  const start = performance.now();
  for (const batch of batches) await model.embed(batch);
  return performance.now() - start;
}

const wordNet = await loadWordNet();
// The first simulation is not counted: it learns which batches a run asks for
// (the same every time: the run is deterministic) and warms every shape up.
let batches = (await simulationRound()).batches;
const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which goes first, so that a machine getting busier or quieter
  // during a round does not always favour the same side.
  const bareFirst = i % 2 === 0;
  const bareBefore = bareFirst ? await bareEmbedding(batches) : 0;
  const run = await simulationRound();
  batches = run.batches;
  const bareMs = bareFirst ? bareBefore : await bareEmbedding(batches);
  const utterances = batches.reduce((n, b) => n + b.length, 0);
  rounds.push({ simulationMs: round(run.simulationMs, 1), modelMs: round(run.modelMs, 1), bareMs: round(bareMs, 1), utterances, batches: batches.length, conversations: run.conversations });
  console.log(
    `use, round ${i + 1}: ${run.conversations} conversations, ${utterances} distinct utterances in ${batches.length} batches; ` +
      `simulation ${round(run.simulationMs, 0)} ms (${round(run.modelMs, 0)} ms of it in the model), bare embedding of the same batches ${round(bareMs, 0)} ms, ` +
      `ratio ${round(run.simulationMs / bareMs, 3)}`,
  );
}
model.dispose();

const median = (values: number[]) => summarise(values).medianMs;
const ratio = median(rounds.map((r) => r.simulationMs / r.bareMs));
// The simulator's own time (training the head, generating, the engine, the report) against the model's time in the same run.
const ownShare = median(rounds.map((r) => (r.simulationMs - r.modelMs) / r.modelMs));
const simulationMs = median(rounds.map((r) => r.simulationMs));
const conversations = rounds[0]!.conversations;
const result = {
  benchmark: 'simulation',
  node: process.version,
  loadAverage: loadavg().map((l) => round(l, 2)),
  workspace: 'flows',
  seed: SEED,
  lexical: { conversations: lexicalCases, timing: lexical, perSecond: round(lexicalCases / (lexical.medianMs / 1000), 1) },
  use: {
    model: model.modelId,
    weightsSha256: model.weightsSha256,
    rounds,
    conversations,
    simulationMedianMs: simulationMs,
    perSecond: round(conversations / (simulationMs / 1000), 1),
    ratioToBareEmbedding: round(ratio, 3),
    overheadPercent: round((ratio - 1) * 100, 1),
    ownTimeToModelTime: round(ownShare, 3),
  },
};
console.log(`use: ${result.use.perSecond} conversations/s end to end; simulation / bare embedding = ${result.use.ratioToBareEmbedding} (overhead ${result.use.overheadPercent}%, goal < 10%); time outside the model / time in it = ${result.use.ownTimeToModelTime}`);
mkdirSync(`${ROOT}bench-results`, { recursive: true });
writeFileSync(`${ROOT}bench-results/simulation.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench-results/simulation.json');
