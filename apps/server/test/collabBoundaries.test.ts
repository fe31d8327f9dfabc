/**
 * The live documents' storage (collab/persistence) is used only through its
 * entry point, persistence/index.ts: its file layout (documentFiles.ts) and
 * log (UpdateLog.ts) can change without the server noticing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const PERSISTENCE = join(SRC, 'collab', 'persistence');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === PERSISTENCE ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('collab/persistence boundary', () => {
  it('the server imports the live documents’ storage only through persistence/index.ts', () => {
    const files = sources(SRC);
    expect(files.some((f) => f.endsWith('LiveDocuments.ts'))).toBe(true);
    const offenders: string[] = [];
    for (const file of files) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
        const target = resolve(dirname(file), specifier!);
        if (specifier!.startsWith('.') && target.startsWith(`${PERSISTENCE}/`) && target !== join(PERSISTENCE, 'index.ts')) offenders.push(`${relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
