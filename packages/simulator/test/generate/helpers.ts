/**
 * Domain assertions for the generator tests, written independently of the
 * generators (the Luhn and IBAN checks here share no code with piiValues.ts).
 */
import type { Workspace } from '@colloquy/core';
import { generateCases, type GeneratedCase, type GeneratorName } from '@colloquy/simulator';
import { expect } from 'vitest';

export function casesOf(workspace: Workspace, generator: GeneratorName, seed = 'seed-a', perIntent = 3): GeneratedCase[] {
  return generateCases(workspace, { generators: [generator], seed, perIntent });
}

/** Every intent example of the workspace, by intent. */
export function examplesByIntent(workspace: Workspace): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const flow of workspace.flows) {
    for (const [intent, def] of Object.entries(flow.data.intents ?? {})) map.set(intent, def.examples);
  }
  return map;
}

/** Same seed twice: identical JSON; another seed: different JSON. */
export function expectSeeded(make: (seed: string) => GeneratedCase[]): void {
  const first = JSON.stringify(make('seed-a'));
  expect(JSON.stringify(make('seed-a'))).toBe(first);
  expect(JSON.stringify(make('seed-b'))).not.toBe(first);
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps each cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    let n = Number(c);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  });
  return /^\d+$/.test(digits) && sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, the whole as a number mod 97 must be 1. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const numeric = (compact.slice(4) + compact.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return BigInt(numeric) % 97n === 1n;
}

/** Lower case, no final stop: how the generators may embed an example. */
export function loose(text: string): string {
  return text.toLowerCase().replace(/[.!?]+$/, '');
}
