/**
 * The fast path against the yaml package on every YAML file the repository
 * holds (example workspace, golden and broken fixtures, app fixtures, YAML
 * examples in the docs) and on files generated for `pnpm bench` (copied into
 * fixtures/bench, see its README): same data, diagnostics and positions. Also
 * checks the fast path really handles the real and bench files (a speed-up that
 * always bails would be fictional).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAgreement, fastPathHandles } from './fastPathAgreement.ts';

const ROOT = join(import.meta.dirname, '../../../..');

function yamlFilesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(ROOT, dir), { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /\.ya?ml$/.test(entry) && !entry.split(/[\\/]/).includes('node_modules'))
    .map((entry) => join(dir, entry))
    .sort();
}

const FIXTURE_DIRS = ['flows', 'tests', 'apps/cli/test/fixtures', 'apps/server/test/fixtures', 'apps/studio/test'];
const BENCH_DIR = 'packages/core/test/source/fixtures/bench';
const packageTestDirs = readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}/test`);
const files = [...FIXTURE_DIRS, ...packageTestDirs].flatMap(yamlFilesUnder);
const benchFiles = files.filter((f) => f.startsWith(BENCH_DIR));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** ```yaml blocks in the docs: hand-written examples in the style designers copy. */
function docExamples(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const entry of readdirSync(join(ROOT, 'docs'), { recursive: true }) as string[]) {
    if (!entry.endsWith('.md')) continue;
    const markdown = readFileSync(join(ROOT, 'docs', entry), 'utf8');
    let n = 0;
    for (const match of markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)) out.push({ name: `docs/${entry}#${++n}`, text: match[1]! });
  }
  return out;
}

describe('YAML fast path agrees with the yaml package', () => {
  it('finds the repository fixtures', () => {
    expect(files.filter((f) => f.startsWith('flows/')).length).toBeGreaterThan(20);
    expect(files.filter((f) => f.startsWith('tests/fixtures/')).length).toBeGreaterThan(20);
    expect(benchFiles.length).toBe(7);
  });

  it.each(files)('%s', { timeout: 30_000 }, (file) => {
    expectAgreement(read(file), { thoroughness: file.endsWith('big.flow.yaml') ? 'sample' : 'all' });
  });

  it('on the YAML examples in the docs', { timeout: 30_000 }, () => {
    const examples = docExamples();
    expect(examples.length).toBeGreaterThan(5);
    for (const { name, text } of examples) {
      try {
        expectAgreement(text);
      } catch (error) {
        throw new Error(`${name}: ${String(error)}`, { cause: error });
      }
    }
  });

  it('on the same files with CRLF line endings and without a final newline', { timeout: 60_000 }, () => {
    for (const file of [...files.filter((f) => f.startsWith('flows/')), ...benchFiles].map(read)) {
      expectAgreement(file.replace(/\n/g, '\r\n'), { thoroughness: 'sample' });
      expectAgreement(file.replace(/\n+$/, ''), { thoroughness: 'sample' });
    }
  });
});

describe('YAML fast path coverage', () => {
  it('handles every file of the example workspace', () => {
    const workspace = files.filter((f) => f.startsWith('flows/'));
    expect(workspace.filter((file) => !fastPathHandles(read(file)))).toEqual([]);
  });

  it('handles every generated bench file', () => {
    expect(benchFiles.filter((file) => !fastPathHandles(read(file)))).toEqual([]);
  });

  it('handles the example workspace and bench files with CRLF line endings', () => {
    const all = [...files.filter((f) => f.startsWith('flows/')), ...benchFiles];
    expect(all.filter((file) => !fastPathHandles(read(file).replace(/\n/g, '\r\n')))).toEqual([]);
  });

  it('leaves the broken-YAML fixtures to the yaml package, which reports them', () => {
    expect(fastPathHandles(read('tests/fixtures/broken/yaml_syntax_error/flows/card_lost.flow.yaml'))).toBe(false);
    expect(fastPathHandles(read('tests/fixtures/broken/duplicate_key/flows/card_lost.flow.yaml'))).toBe(false);
  });
});
