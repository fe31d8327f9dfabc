/**
 * Test support (Node only): the example workspace in flows/ as the editor
 * would hold it (path → text), and small helpers for conversations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkspace, type Workspace } from '@colloquy/core';
import { RUN_SETTINGS, simulate, type SimulateOptions, type SimulationReport } from '@colloquy/simulator';

export const FLOWS_ROOT = fileURLToPath(new URL('../../../../../flows/', import.meta.url));

/** Every file under flows/ (README included, as a store would hold it), by workspace path. */
export function readExampleWorkspace(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(FLOWS_ROOT, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(FLOWS_ROOT);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A copy of `files` with some replaced (or added). */
export function withFiles(files: ReadonlyMap<string, string>, changes: Record<string, string>): Map<string, string> {
  const next = new Map(files);
  for (const [path, text] of Object.entries(changes)) next.set(path, text);
  return next;
}

/** The workspace files validated, as the simulator's and the studio's runs read them (YAML files only). */
export function validatedWorkspace(files: ReadonlyMap<string, string>): Workspace {
  return validateWorkspace([...files].filter(([path]) => path.endsWith('.yaml')).map(([path, content]) => ({ path, content }))).workspace;
}

/** A real simulation report of the example workspace, as the server's worker writes it (lexical recognizer). */
export function exampleSimulation(options: Partial<SimulateOptions> = {}, files: ReadonlyMap<string, string> = readExampleWorkspace()): SimulationReport {
  // The settings a test names win over the example's test files' `simulate:` blocks, as flags do on the command line.
  const named = RUN_SETTINGS.filter((setting) => options[setting] !== undefined);
  return simulate(validatedWorkspace(files), { seed: 'colloquy', overrides: named, ...options });
}
