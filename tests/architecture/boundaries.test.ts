import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectModules, REPO_ROOT, resolveRelative, type SourceModule } from './importGraph.ts';

/**
 * The layer graph, written down once. DO NOT RELAX a rule for one import: fix
 * the import, or change the architecture on purpose and record why in
 * docs/decisions/.
 */
const ALLOWED_PACKAGE_DEPENDENCIES: Record<string, readonly string[]> = {
  'packages/core': [],
  'packages/nlu': ['@colloquy/core'],
  'packages/engine': ['@colloquy/core', '@colloquy/nlu'],
  'packages/simulator': ['@colloquy/core', '@colloquy/engine', '@colloquy/nlu'],
  'packages/governance': ['@colloquy/core'],
};

/**
 * What each app may import of the other apps. Apps sit on top of the packages and may use any of
 * them; an app imports another app only where that app is a library for it: the CLI's
 * `colloquy serve` starts apps/server in-process through its `createServer` entry, so the server
 * is one process with the command, not a second program to install and find. Nothing imports
 * the CLI, and the studio (browser code) never imports the server: it talks to it over HTTP.
 * Packages never import an app (the rule above).
 */
const ALLOWED_APP_DEPENDENCIES: Record<string, readonly string[]> = {
  'apps/cli': ['@colloquy/server'],
  'apps/server': [],
  'apps/studio': [],
};
const APP_PACKAGES = new Set(['@colloquy/cli', '@colloquy/server', '@colloquy/studio']);

/** Entry points other units may import. Everything else is internal. */
const PUBLIC_ENTRIES = new Set([
  '@colloquy/core',
  '@colloquy/core/node',
  '@colloquy/engine',
  '@colloquy/nlu',
  '@colloquy/simulator',
  '@colloquy/nlu/node',
  // The USE embedder for browser code (the studio's Try-it worker) and where its files are on
  // disk (the server serves them to that worker without loading TensorFlow.js itself).
  '@colloquy/nlu/use',
  '@colloquy/nlu/use-assets',
  '@colloquy/simulator/node',
  '@colloquy/governance',
  '@colloquy/governance/node',
  '@colloquy/server',
]);

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const modules = collectModules();
const sourceModules = modules.filter((m) => m.path.includes('/src/') && !/\.test\.ts$/.test(m.path));

/** Shared code runs in browsers too; Node-only code lives under a `node/` folder. */
function isSharedCode(module: SourceModule): boolean {
  return module.unit.startsWith('packages/') && !module.path.includes('/node/');
}

describe('architecture boundaries', () => {
  it('finds the source modules', () => {
    expect(sourceModules.length).toBeGreaterThan(20);
  });

  it('packages depend only on the packages below them, and never on an app', () => {
    const offenders: string[] = [];
    for (const module of sourceModules.filter((m) => m.unit.startsWith('packages/'))) {
      const allowed = ALLOWED_PACKAGE_DEPENDENCIES[module.unit] ?? [];
      for (const specifier of module.specifiers.filter((s) => s.startsWith('@colloquy/'))) {
        const target = specifier.split('/').slice(0, 2).join('/');
        if (!allowed.includes(target)) offenders.push(`${module.path} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('apps import another app only where the layer graph allows it', () => {
    const offenders: string[] = [];
    for (const module of sourceModules.filter((m) => m.unit.startsWith('apps/'))) {
      const allowed = ALLOWED_APP_DEPENDENCIES[module.unit] ?? [];
      for (const specifier of module.specifiers.filter((s) => s.startsWith('@colloquy/'))) {
        const target = specifier.split('/').slice(0, 2).join('/');
        if (APP_PACKAGES.has(target) && !allowed.includes(target)) offenders.push(`${module.path} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('other units are imported only through their public entry points', () => {
    const offenders = modules.flatMap((m) =>
      m.specifiers.filter((s) => s.startsWith('@colloquy/') && !PUBLIC_ENTRIES.has(s)).map((s) => `${m.path} imports ${s}`),
    );
    const relativeEscapes = modules.flatMap((m) =>
      m.specifiers
        .filter((s) => s.startsWith('.'))
        .filter((s) => !resolveRelative(m.path, s).startsWith(`${m.unit}/`))
        .map((s) => `${m.path} reaches out of its unit with ${s}`),
    );
    expect([...offenders, ...relativeEscapes]).toEqual([]);
  });

  it('shared package code imports no Node built-ins (they belong under src/node/)', () => {
    const offenders = sourceModules
      .filter(isSharedCode)
      .flatMap((m) => m.specifiers.filter((s) => NODE_BUILTINS.has(s)).map((s) => `${m.path} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('every package declares the workspace packages it imports', () => {
    const missing: string[] = [];
    const units = new Set(modules.map((m) => m.unit));
    for (const unit of units) {
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, unit, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
      // A package may name itself: its tests and benchmarks import it through its public entry point.
      const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})]);
      const used = new Set(
        modules.filter((m) => m.unit === unit).flatMap((m) => m.specifiers.filter((s) => s.startsWith('@colloquy/')).map((s) => s.split('/').slice(0, 2).join('/'))),
      );
      for (const name of used) if (!declared.has(name)) missing.push(`${unit} uses ${name} without declaring it`);
    }
    expect(missing).toEqual([]);
  });

  it('has no circular imports between modules (type-only imports erase at run time and may cycle)', () => {
    const graph = new Map<string, string[]>();
    for (const m of sourceModules) {
      graph.set(
        m.path,
        m.valueSpecifiers.filter((s) => s.startsWith('.')).map((s) => resolveRelative(m.path, s)),
      );
    }
    const cycles = findCycles(graph);
    expect(cycles).toEqual([]);
  });
});

/** Depth-first search for back edges; returns each cycle found as `a -> b -> a`. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
