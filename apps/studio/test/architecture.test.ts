/**
 * The studio's layout rule (docs/decisions/0008-studio-features.md): features
 * under src/features/<name>/ are leaves. Code outside a feature, other
 * features included, reaches it only through its public entries:
 * - `index.ts`: what the feature provides;
 * - `headless.ts`: the same without DOM or Solid (workers, Node, eager code);
 * - `monaco.ts`: its wiring into the editor, where it has any;
 * - a `.tsx` view at the feature's root, so the shell can load it lazily.
 * Everything else (its `.ts` modules, sub-folders) is the feature's own.
 * Tests may reach inside the feature they test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
const FEATURES = join(SRC, 'features');
const PUBLIC_ENTRY = /^(index\.ts|headless\.ts|monaco\.ts|[A-Za-z]+\.tsx)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules a file imports (static, dynamic, side-effect and `export … from`). */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!.replace(/\?.*$/, ''));
  return found.map((spec) => resolve(dirname(file), spec));
}

/** `graph` for src/features/graph/…, undefined outside features. */
function featureOf(path: string): string | undefined {
  const inside = relative(FEATURES, path);
  return inside.startsWith('..') ? undefined : inside.split(sep)[0];
}

function breaches(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = featureOf(file);
    for (const target of relativeImports(file)) {
      const to = featureOf(target);
      if (to === undefined || to === from) continue;
      const inside = relative(join(FEATURES, to), target);
      if (!PUBLIC_ENTRY.test(inside)) found.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
    }
  }
  return found;
}

describe('studio features are leaves', () => {
  it('finds the features', () => {
    expect(readdirSync(FEATURES).sort()).toEqual(expect.arrayContaining(['explorer', 'graph', 'language', 'search', 'simulate']));
  });

  it('reaches a feature only through its public entries', () => {
    expect(breaches()).toEqual([]);
  });

  it('would notice an import of a feature’s internals', () => {
    // The rule's own check, on a path it must refuse and ones it must accept.
    expect(PUBLIC_ENTRY.test('tryItSession.ts')).toBe(false);
    expect(PUBLIC_ENTRY.test('bench/generateFlow.ts')).toBe(false);
    expect(['index.ts', 'headless.ts', 'monaco.ts', 'GraphPane.tsx'].every((entry) => PUBLIC_ENTRY.test(entry))).toBe(true);
  });
});
