/**
 * Builders for the graph tests: the example workspace in flows/ (read and
 * validated with core, diagnostics included), broken-workspace fixtures, and
 * assertion helpers that state what a well-formed layout is.
 */
import { fileURLToPath } from 'node:url';
import { validateWorkspace, type SourceFile, type ValidationResult } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { flowGraphModel, type FlowGraphModel, type GraphCoverage } from '../../../src/features/graph/flowGraphModel.ts';
import type { Box, Point } from '../../../src/features/graph/layoutGraph.ts';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
export const EXAMPLE_WORKSPACE = `${REPO}flows/`;
export const BROKEN_FIXTURES = `${REPO}tests/fixtures/broken/`;

export interface LoadedWorkspace {
  readonly files: readonly SourceFile[];
  readonly validation: ValidationResult;
  readonly flowFiles: readonly { readonly path: string; readonly text: string }[];
}

const cache = new Map<string, Promise<LoadedWorkspace>>();

/** A workspace folder read and validated once per test file. */
export function loadWorkspace(root: string): Promise<LoadedWorkspace> {
  let loaded = cache.get(root);
  if (!loaded) {
    loaded = readWorkspace(root).then((files) => ({
      files,
      validation: validateWorkspace(files),
      flowFiles: files
        .filter((f) => f.path.endsWith('.flow.yaml'))
        .map((f) => ({ path: f.path, text: typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content) })),
    }));
    cache.set(root, loaded);
  }
  return loaded;
}

/** The model of text that must have a graph. */
export function modelOf(text: string, options: { path?: string; diagnostics?: ValidationResult['diagnostics']; coverage?: GraphCoverage } = {}): FlowGraphModel {
  const result = flowGraphModel({ text, path: options.path ?? 'flows/test.flow.yaml', ...options });
  if (!result.ok) throw new Error(`expected a graph, got: ${result.reason}`);
  return result;
}

/** A small flow in the format's own words, for tests that edit one thing. */
export function flowText(nodes: string, header: Record<string, string> = {}): string {
  const fields = { kind: 'flow', version: '1', id: 'sample', title: 'Sample', start: 'first', ...header };
  return `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\nnodes:\n${nodes}`;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether `p` lies on the border of `box` (within `tolerance` pixels). */
export function onBorder(p: Point, box: Box, tolerance = 1): boolean {
  const withinX = p.x >= box.x - tolerance && p.x <= box.x + box.width + tolerance;
  const withinY = p.y >= box.y - tolerance && p.y <= box.y + box.height + tolerance;
  const nearVertical = Math.abs(p.x - box.x) <= tolerance || Math.abs(p.x - (box.x + box.width)) <= tolerance;
  const nearHorizontal = Math.abs(p.y - box.y) <= tolerance || Math.abs(p.y - (box.y + box.height)) <= tolerance;
  return (withinY && nearVertical) || (withinX && nearHorizontal);
}
