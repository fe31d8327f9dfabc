/**
 * Lets monaco-yaml start its worker on this Monaco.
 *
 * Why: Monaco 0.55 changed `editor.createWebWorker` to take a ready Worker
 * (`{ worker, host }`), while monaco-yaml's worker manager still calls it the
 * old way (`{ label, moduleId, createData }`). Without this the YAML worker
 * never starts, and schema completion and hover silently do nothing. Monaco
 * keeps the old behaviour internally for its own JSON/CSS/HTML workers
 * (`internal/common/workers.js`: finds the worker through
 * `MonacoEnvironment.getWorker`, then sends it the create data); this hands
 * old-style calls to it. Remove once monaco-yaml uses the new signature.
 */
import { createWebWorker as createWorkerTheOldWay } from 'monaco-editor/internal/common/workers.js';
import type * as MonacoApi from './monacoCore.ts';

type Monaco = typeof MonacoApi;

interface OldStyleWorkerOptions {
  readonly label?: string;
  readonly moduleId?: string;
  readonly createData?: unknown;
  readonly host?: Record<string, unknown>;
  readonly keepIdleModels?: boolean;
}

/** `monaco`, except that `editor.createWebWorker` also accepts the pre-0.55 options. */
export function withOldStyleWorkers(monaco: Monaco): Monaco {
  const createWebWorker = ((options: MonacoApi.editor.IInternalWebWorkerOptions | OldStyleWorkerOptions) =>
    'worker' in options ? monaco.editor.createWebWorker(options) : createWorkerTheOldWay(options)) as Monaco['editor']['createWebWorker'];
  return { ...monaco, editor: { ...monaco.editor, createWebWorker } };
}
