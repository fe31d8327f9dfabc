import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

export interface SourceModule {
  /** Repository-relative path with `/` separators. */
  readonly path: string;
  /** The package or app it belongs to, e.g. `packages/core`. */
  readonly unit: string;
  readonly specifiers: readonly string[];
  /** Specifiers imported for values (not `import type`): the ones that matter for load-time cycles. */
  readonly valueSpecifiers: readonly string[];
}

const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Every TypeScript source module under packages/* and apps/* (src and test folders). */
export function collectModules(): SourceModule[] {
  const modules: SourceModule[] = [];
  for (const group of ['packages', 'apps']) {
    const groupDir = join(REPO_ROOT, group);
    for (const name of readdirSync(groupDir)) {
      const unit = `${group}/${name}`;
      for (const folder of ['src', 'test', 'bench']) {
        const dir = join(REPO_ROOT, unit, folder);
        if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir, unit, modules);
      }
    }
  }
  return modules;
}

function walk(dir: string, unit: string, out: SourceModule[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(full, unit, out);
    } else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      const text = readFileSync(full, 'utf8');
      const matches = [...text.matchAll(IMPORT_PATTERN)];
      const specifiers = matches.map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
      const valueSpecifiers = matches
        .filter((m) => !/^\s*[;(]?\s*(?:import|export)\s+type\s/.test(m[0]))
        .map((m) => m[1] ?? m[2] ?? m[3]!)
        .filter(Boolean);
      out.push({ path: relative(REPO_ROOT, full).split(sep).join('/'), unit, specifiers, valueSpecifiers });
    }
  }
}

/** The repository-relative path a relative specifier points at. */
export function resolveRelative(from: string, specifier: string): string {
  return join(dirname(from), specifier).split(sep).join('/');
}
