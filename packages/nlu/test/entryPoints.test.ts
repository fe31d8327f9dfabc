/**
 * `@colloquy/nlu`'s main entry is what the studio loads on first paint (the lexical recognizer,
 * slots) and what the simulator and engine use everywhere: it must not reach the model
 * runtimes, which are megabytes. They come through `@colloquy/nlu/use` and `@colloquy/nlu/node`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
const MODEL_RUNTIMES = /^@(tensorflow|huggingface|energetic-ai)\//;

/** Every package a module reaches through its static imports (dynamic `import()` excluded). */
function packagesReachedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
      if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!));
      else packages.add(spec!);
    }
  };
  visit(entry);
  return packages;
}

describe('the entry points of @colloquy/nlu', () => {
  it('keeps the model runtimes out of the main entry', () => {
    const reached = [...packagesReachedFrom(resolve(SRC, 'index.ts'))];
    expect(reached.filter((name) => MODEL_RUNTIMES.test(name))).toEqual([]);
  });

  it('would notice one (the use entry does reach TensorFlow.js)', () => {
    const reached = [...packagesReachedFrom(resolve(SRC, 'model/createUseEmbedder.ts'))];
    expect(reached.some((name) => MODEL_RUNTIMES.test(name))).toBe(true);
  });
});
