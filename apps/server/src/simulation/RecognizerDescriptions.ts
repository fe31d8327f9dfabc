/**
 * `GET /api/recognizer`: which recognizer the workspace's agent.yaml names,
 * its model id and the sha256 of its weights: what a simulation will record
 * in its report, shown by the studio before any run.
 *
 * agent.yaml is read on every request (it is small, and a designer may have
 * just switched recognizer). The model's description is worked out once per
 * model (per `use`, per transformers `nlu.model`) in a worker thread, since it
 * reads tens of megabytes (and, for transformers, loads the model), and kept
 * for the server's life; a failure is not kept, so copying the missing model
 * in and asking again works. Concurrent requests share one worker.
 */
import { parseYaml } from '@colloquy/core';
import type { ModelSource } from './protocol.ts';
import type { StartWorker, WorkerHandle } from './startWorker.ts';

export type RecognizerName = 'lexical' | 'use' | 'transformers';

export interface RecognizerDescription {
  readonly recognizer: RecognizerName;
  /** The model id (`use-lite-512`, the transformers model's folder name or id); null for lexical. */
  readonly model: string | null;
  /** sha256 (hex) of the model's weights; null for lexical, or when the model could not be loaded (`error` says why). */
  readonly weightsHash: string | null;
  readonly error?: string;
}

type ModelDescription = { readonly model: string; readonly weightsHash: string } | { readonly error: string };

const RECOGNIZERS: readonly RecognizerName[] = ['lexical', 'use', 'transformers'];

export interface RecognizerDescriptionsOptions {
  /** The workspace folder: a relative `nlu.model` is looked up there, as simulations do. */
  readonly root: string;
  /** agent.yaml's text, or undefined when there is none. */
  readonly readAgent: () => Promise<string | undefined>;
  readonly startWorker: StartWorker;
}

export class RecognizerDescriptions {
  private readonly models = new Map<string, Promise<ModelDescription>>();
  private readonly workers = new Set<WorkerHandle>();

  constructor(private readonly options: RecognizerDescriptionsOptions) {}

  async current(): Promise<RecognizerDescription> {
    const nlu = agentNlu(await this.options.readAgent());
    if (nlu.recognizer === 'lexical') return { recognizer: 'lexical', model: null, weightsHash: null };
    if (nlu.recognizer === 'transformers' && nlu.model === undefined) {
      return { recognizer: 'transformers', model: null, weightsHash: null, error: 'agent.yaml names no transformers model: set `nlu.model` to the folder holding it.' };
    }
    const source: ModelSource = nlu.recognizer === 'use' ? { recognizer: 'use' } : { recognizer: 'transformers', model: nlu.model!, localModelPath: this.options.root };
    const described = await this.describe(source);
    if ('error' in described) return { recognizer: nlu.recognizer, model: nlu.recognizer === 'use' ? null : nlu.model!, weightsHash: null, error: described.error };
    return { recognizer: nlu.recognizer, model: described.model, weightsHash: described.weightsHash };
  }

  /** Stops any description still being worked out. */
  async dispose(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => worker.terminate().catch(() => undefined)));
    this.workers.clear();
  }

  private describe(source: ModelSource): Promise<ModelDescription> {
    const key = `${source.recognizer}\u0000${source.model ?? ''}`;
    const known = this.models.get(key);
    if (known) return known;
    const pending = this.inWorker(source);
    this.models.set(key, pending);
    void pending.then((described) => {
      if ('error' in described) this.models.delete(key);
    });
    return pending;
  }

  private inWorker(source: ModelSource): Promise<ModelDescription> {
    return new Promise((resolve) => {
      let worker: WorkerHandle | undefined;
      const settle = (described: ModelDescription, stop: boolean) => {
        if (worker) {
          this.workers.delete(worker);
          if (stop) void worker.terminate().catch(() => undefined);
        }
        resolve(described);
      };
      worker = this.options.startWorker(
        { kind: 'describe-model', source },
        {
          message: (message) => {
            if (message.type === 'model') settle({ model: message.model, weightsHash: message.weightsHash }, true);
            else if (message.type === 'failed') settle({ error: message.error }, true);
          },
          stopped: (reason) => settle({ error: `The model could not be described: ${reason}.` }, false),
        },
      );
      this.workers.add(worker);
    });
  }
}

/** agent.yaml's `nlu.recognizer` (lexical when missing or unknown: what the engine would run) and `nlu.model`. */
function agentNlu(text: string | undefined): { recognizer: RecognizerName; model?: string } {
  if (text === undefined) return { recognizer: 'lexical' };
  const { data } = parseYaml('agent.yaml', text);
  const nlu = typeof data === 'object' && data !== null ? (data as { nlu?: unknown }).nlu : undefined;
  if (typeof nlu !== 'object' || nlu === null) return { recognizer: 'lexical' };
  const { recognizer, model } = nlu as { recognizer?: unknown; model?: unknown };
  const name = RECOGNIZERS.find((r) => r === recognizer) ?? 'lexical';
  return { recognizer: name, ...(typeof model === 'string' && model !== '' ? { model } : {}) };
}
