/**
 * What a worker thread does with its job: a simulation of the workspace's
 * saved files, or a model's description. Runs in the worker (simulationWorker.ts
 * calls it with `parentPort.postMessage`), but takes `post` as a parameter, so
 * it runs in-process too.
 *
 * A simulation does what `colloquy simulate` does with the same options: reads
 * the files (readWorkspace), stops on validation errors, uses the recognizer
 * agent.yaml names (lexical, or a model loaded through @colloquy/nlu/node's
 * loadRecognizerEmbedder), and runs `simulate` or `simulateWithEmbedder` with
 * the workspace hash. So the report is byte for byte the CLI's for the same
 * files and options. Expected failures (a broken workspace, an unknown flow, a
 * missing model) end in one `failed` message with a sentence for the studio;
 * nothing here throws at the caller.
 *
 * The model-guided generators (paraphrase, adversarial) need a model
 * recognizer: a model run gets WordNet (and, for transformers, the Universal
 * Sentence Encoder for the meaning check) through the simulator's
 * loadModelGuidance, as the CLI does, when it asks for them; a lexical run
 * leaves them out, and its report's `run.generators` says which ran. The
 * studio asks for every generator by default, so a lexical workspace still
 * simulates; asking a lexical workspace for model-guided generators only fails.
 */
import { formatDiagnostic, validateWorkspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { lexicalNlu, type Embedder } from '@colloquy/nlu';
import { GENERATOR_NAMES, isModelGuided, simulate, simulateWithEmbedder, workspaceHash, type GeneratorName, type SimulationReport } from '@colloquy/simulator';
import type { SimulationPhase, SimulationSettings, WorkerJob, WorkerMessage } from './protocol.ts';

/**
 * Least time between two progress messages of one phase. The main thread throttles what it
 * broadcasts again (SimulationRuns); this only spares it a message per conversation.
 */
export const WORKER_PROGRESS_INTERVAL_MS = 50;

/** How many validation errors a failed run's message quotes. */
const QUOTED_ERRORS = 3;

export async function runWorkerJob(job: WorkerJob, post: (message: WorkerMessage) => void, now: () => number = () => performance.now()): Promise<void> {
  try {
    if (job.kind === 'describe-model') {
      const { describeRecognizerModel } = await import('@colloquy/nlu/node');
      const described = await describeRecognizerModel(job.source).catch((error: unknown) => {
        throw new JobFailure(`Cannot load the ${job.source.recognizer} model: ${oneLine(error)}`);
      });
      post({ type: 'model', model: described.model, weightsHash: described.weightsHash });
      return;
    }
    const report = await runSimulation(job.root, job.modelRoot ?? job.root, job.settings, progressPoster(post, now));
    post({ type: 'report', json: JSON.stringify(report) });
  } catch (error) {
    post({ type: 'failed', error: error instanceof JobFailure ? error.message : `The simulation failed: ${oneLine(error)}` });
  }
}

/** An expected failure whose message is already the sentence to show. */
class JobFailure extends Error {}

type Progress = (phase: SimulationPhase, done: number, total: number) => void;

async function runSimulation(root: string, modelRoot: string, settings: SimulationSettings, progress: Progress): Promise<SimulationReport> {
  progress('reading', 0, 0);
  const files = await readWorkspace(root).catch((error: unknown) => {
    throw new JobFailure(`Cannot read the workspace: ${oneLine(error)}`);
  });
  const { workspace, diagnostics } = validateWorkspace(files);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const quoted = errors.slice(0, QUOTED_ERRORS).map(formatDiagnostic).join('; ');
    const more = errors.length > QUOTED_ERRORS ? `; and ${errors.length - QUOTED_ERRORS} more` : '';
    throw new JobFailure(`The workspace has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before simulating: ${quoted}${more}.`);
  }
  if (settings.flow !== undefined && !workspace.flowsById.has(settings.flow)) {
    throw new JobFailure(`There is no flow \`${settings.flow}\` in the workspace; its flows are: ${[...workspace.flowsById.keys()].join(', ')}.`);
  }

  let phase: SimulationPhase = 'simulating';
  const recognizer = workspace.agent?.data.nlu.recognizer ?? 'lexical';
  const generators = settings.generators ?? GENERATOR_NAMES;
  const options = {
    seed: settings.seed,
    perIntent: settings.perIntent,
    workspaceHash: workspaceHash(files),
    ...(settings.flow !== undefined ? { flow: settings.flow } : {}),
    ...(settings.overrides ? { overrides: settings.overrides } : {}),
    onProgress: (done: number, total: number) => progress(phase, done, total),
  };
  if (recognizer === 'lexical') {
    return simulate(workspace, { ...options, generators: lexicalGenerators(generators), nlu: lexicalNlu(workspace), recognizer: { name: 'lexical' } });
  }

  progress('loading-model', 0, 0);
  // Only model runs load the model code (TensorFlow.js, transformers.js) and WordNet: a lexical run starts faster without them.
  const { agentModelSource, loadRecognizerEmbedder } = await import('@colloquy/nlu/node');
  const { loadModelGuidance } = await import('@colloquy/simulator/node');
  const source = agentModelSource(workspace, modelRoot)!;
  let embedder: Embedder | undefined;
  let guidance: Awaited<ReturnType<typeof loadModelGuidance>>;
  try {
    embedder = await loadRecognizerEmbedder(source).catch((error: unknown) => {
      throw new JobFailure(`Cannot load the ${source.recognizer} model that agent.yaml names: ${oneLine(error)}`);
    });
    // WordNet, and for transformers the encoder of the meaning check, when paraphrase or adversarial is asked for.
    guidance = await loadModelGuidance(source.recognizer, generators).catch((error: unknown) => {
      throw new JobFailure(`Cannot load what the paraphrase and adversarial generators need: ${oneLine(error)}`);
    });
    const counted = countingEmbedder(embedder, (done, total) => {
      // Only the big batches count texts; while generating, progress counts intents and attacked examples.
      if (phase === 'training' || phase === 'recognising') progress(phase, done, total);
    });
    return await simulateWithEmbedder(workspace, counted, source.recognizer, {
      ...options,
      generators,
      ...guidance?.options,
      onPhase: (next) => {
        phase = next;
        progress(next, 0, 0);
      },
    });
  } finally {
    embedder?.dispose();
    guidance?.dispose();
  }
}

/** The generators a lexical run can do: all asked for but the model-guided ones. */
function lexicalGenerators(asked: readonly GeneratorName[]): GeneratorName[] {
  const runnable = asked.filter((name) => !isModelGuided(name));
  if (runnable.length === 0) {
    throw new JobFailure(`The ${asked.join(' and ')} generator${asked.length === 1 ? ' needs' : 's need'} a model recognizer, and agent.yaml names the lexical one: set \`nlu.recognizer\` to use or transformers, or choose other generators.`);
  }
  return runnable;
}

/**
 * Texts per `embed` call when counting: a multiple of the encoders' batch size (32), so the
 * batches the model sees, and so the vectors, are the same as without counting.
 */
const COUNTED_CHUNK = 256;

/** The embedder, reporting how many of the texts of each `embed` call are done: training and recognising take most of a model run. */
function countingEmbedder(embedder: Embedder, onProgress: (done: number, total: number) => void): Embedder {
  return {
    modelId: embedder.modelId,
    weightsSha256: embedder.weightsSha256,
    dimensions: embedder.dimensions,
    dispose: () => embedder.dispose(),
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += COUNTED_CHUNK) {
        vectors.push(...(await embedder.embed(texts.slice(start, start + COUNTED_CHUNK))));
        onProgress(vectors.length, texts.length);
      }
      return vectors;
    },
  };
}

/** Posts progress at most every WORKER_PROGRESS_INTERVAL_MS within a phase; a new phase and a phase's last step always go out. */
function progressPoster(post: (message: WorkerMessage) => void, now: () => number): Progress {
  let lastPhase: SimulationPhase | undefined;
  let lastAt = -Infinity;
  return (phase, done, total) => {
    const at = now();
    if (phase === lastPhase && done < total && at - lastAt < WORKER_PROGRESS_INTERVAL_MS) return;
    lastPhase = phase;
    lastAt = at;
    post({ type: 'progress', phase, done, total });
  };
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').replace(/[.\s]+$/, '');
}
