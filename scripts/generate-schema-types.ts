/**
 * Generates packages/core/src/kinds/types.generated.ts from the JSON Schemas, so
 * the TypeScript types can never drift from the schemas (the single source of
 * truth). `pnpm gen:types` rewrites the file; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemaTypes } from '../packages/core/src/kinds/node/renderSchemaTypes.ts';

const target = fileURLToPath(new URL('../packages/core/src/kinds/types.generated.ts', import.meta.url));
writeFileSync(target, await renderSchemaTypes());
console.log(`wrote ${target}`);
