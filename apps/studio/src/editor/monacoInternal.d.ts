/** Types for the one internal Monaco module the studio uses (see legacyWorkers.ts). */
declare module 'monaco-editor/internal/common/workers.js' {
  import type { editor } from 'monaco-editor';
  export function createWebWorker<T extends object>(options: {
    label?: string;
    moduleId?: string;
    createData?: unknown;
    host?: Record<string, unknown>;
    keepIdleModels?: boolean;
  }): editor.MonacoWebWorker<T>;
}
