import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSchemaTypes } from '../../src/kinds/node/renderSchemaTypes.ts';

describe('generated TypeScript types', () => {
  it('are in step with the JSON Schemas (run `pnpm gen:types` after changing a schema)', async () => {
    const committed = readFileSync(new URL('../../src/kinds/types.generated.ts', import.meta.url), 'utf8');
    expect(await renderSchemaTypes()).toBe(committed);
  }, 30_000);
});
