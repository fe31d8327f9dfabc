/**
 * A harness for profiling what `pnpm bench` times as "re-validate one
 * 2,023-line file": the bench workspace plus the large flow, then many message
 * edits to that flow, each followed by a validation. Run it under the
 * profiler and read the .cpuprofile in Chrome DevTools or VS Code:
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/colloquy-profile scripts/bench/profileEdits.ts [edits]
 *
 * Only the second half of the samples is steady state; the first includes
 * loading the workspace. This is how docs/decisions/0005-validation-performance.md
 * found where an edit's time went.
 */
import { SchemaValidator, WorkspaceValidator } from '@colloquy/core';
import { messageEdit } from './benchEdits.ts';
import { benchFlow, benchWorkspace } from './generateWorkspace.ts';

const edits = Number(process.argv[2] ?? 400);
const validator = new WorkspaceValidator({ schemas: new SchemaValidator() });
for (const file of benchWorkspace(1000)) validator.set(file.path, file.content);
const bigFlow = benchFlow(1001, 100);
validator.set('flows/big.flow.yaml', bigFlow);
validator.validate();

let setMs = 0;
let validateMs = 0;
for (let run = 1; run <= edits; run++) {
  const start = performance.now();
  validator.set('flows/big.flow.yaml', messageEdit(bigFlow, run));
  const loaded = performance.now();
  validator.validate();
  setMs += loaded - start;
  validateMs += performance.now() - loaded;
}
console.log(`${edits} edits: set ${(setMs / edits).toFixed(2)} ms + validate ${(validateMs / edits).toFixed(2)} ms on average`);
