/**
 * Monaco and monaco-yaml, configured once. This module is only ever loaded
 * with a dynamic `import()` (see `EditorView.tsx`), so the first paint does
 * not wait for the editor's megabytes.
 */
import * as monaco from './monacoCore.ts';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import { schemaAssociations } from '../state/kinds.ts';
import { withOldStyleWorkers } from './legacyWorkers.ts';

export type Monaco = typeof monaco;

let configured = false;

export function setUpMonaco(): Monaco {
  if (configured) return monaco;
  configured = true;
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    getWorker(_moduleId: string, label: string): Worker {
      return label === 'yaml' ? new YamlWorker() : new EditorWorker();
    },
  };
  configureMonacoYaml(withOldStyleWorkers(monaco), {
    enableSchemaRequest: false,
    // Core's validator (in our worker) is the one source of diagnostics; monaco-yaml gives completion and hover from the schemas.
    validate: false,
    hover: true,
    completion: true,
    schemas: schemaAssociations(),
  });
  return monaco;
}
