/**
 * The README promises two command lines that work from a fresh clone: the first
 * starts the studio on the example workspace, the second runs the whole suite,
 * and CI runs exactly that second one. These tests keep the promise in step
 * with package.json and .ci/run.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const shellBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());

describe('the README', () => {
  it('has exactly two command lines, each one line', () => {
    expect(shellBlocks).toHaveLength(2);
    for (const block of shellBlocks) expect(block.split('\n')).toHaveLength(1);
  });

  it('starts the studio on the example workspace with the first: install, build, serve flows/ with demo accounts', () => {
    expect(shellBlocks[0]).toBe('npx --yes pnpm@10 install && npx --yes pnpm@10 start');
    expect(scripts['start']).toMatch(/build-studio\.ts && .*colloquy\.mjs serve flows --demo$/);
    // Every API route needs a signed-in account: the README says how a newcomer gets one.
    for (const account of ['dana', 'omar', 'rita', 'vic', 'ada']) expect(readme).toContain(account);
  });

  it('runs the whole suite with the second, and CI runs exactly that line', () => {
    expect(shellBlocks[1]).toBe('npx --yes pnpm@10 install && npx --yes pnpm@10 test');
    const ci = readFileSync(join(REPO, '.ci/run'), 'utf8');
    expect(ci.trim().split('\n').at(-1)).toBe(shellBlocks[1]);
    expect(scripts['test']).toContain('vitest run');
    expect(scripts['test']).not.toMatch(/--project|--exclude|-t /);
  });
});
