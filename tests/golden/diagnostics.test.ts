/**
 * Golden diagnostics: each folder under tests/fixtures/broken/ is a small
 * workspace with one kind of mistake, and its expected.txt holds exactly what
 * `colloquy validate` reports for it (plus related locations, indented). The
 * files are reviewed by eye: messages must read well and point at the right
 * line and column.
 *
 * After an intended change to messages or positions, regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run --project repo tests/golden
 * and review the diff of the expected.txt files before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, validateWorkspace, type Diagnostic } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { describe, expect, it } from 'vitest';

const FIXTURES = fileURLToPath(new URL('../fixtures/broken/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** One line per diagnostic, each related location indented beneath it. */
function render(diagnostics: readonly Diagnostic[]): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    lines.push(formatDiagnostic(d));
    for (const r of d.related ?? []) lines.push(`    related ${r.file}:${r.range.start.line}:${r.range.start.column} ${r.message}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

describe('golden diagnostics for broken workspaces', () => {
  it('has fixtures to check', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('%s', async (name) => {
    const folder = join(FIXTURES, name);
    const result = validateWorkspace(await readWorkspace(folder));
    const actual = render(result.diagnostics);
    // A fixture that reports nothing no longer shows its mistake.
    expect(actual).not.toBe('');
    const expectedPath = join(folder, 'expected.txt');
    if (UPDATE || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, actual);
      if (!UPDATE) throw new Error(`${name}/expected.txt was missing and has been written: review it, then run the test again`);
      return;
    }
    expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
  });
});
