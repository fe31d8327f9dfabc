// Entry of the server's worker threads (simulations, model descriptions).
//
// The server runs from its TypeScript sources (docs/decisions/0001). A worker
// thread starts with a fresh module loader: the tsx hooks the `colloquy`
// command registered on the main thread (apps/cli/bin/colloquy.mjs), and
// vitest's own transform, do not reach it. So this plain-JavaScript entry
// registers tsx's loader for the worker itself and then imports the TypeScript
// body; that works the same under `colloquy serve`, `pnpm start` and vitest.
import { register } from 'tsx/esm/api';

register();
await import('./simulationWorker.ts');
