import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPECTATIONS, GENERATOR_NAMES, generateCases, isModelGuided, type GeneratedCase } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

const groupOf = (c: GeneratedCase) => c.id.slice(0, c.id.lastIndexOf('/'));

describe('generateCases', () => {
  it('runs every generator by default, in GENERATOR_NAMES order, with unique ids', () => {
    const cases = generateCases(workspace, { seed: 'colloquy' });
    const order = [...new Set(cases.map((c) => c.generator))];
    // The model-guided generators need a model: without their cases handed in, they give nothing.
    expect(order).toEqual(GENERATOR_NAMES.filter((name) => !isModelGuided(name)));
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.id.startsWith(`${c.generator}/`)).toBe(true);
      expect(EXPECTATIONS).toContain(c.expectation);
      expect(c.accept[0]).toBe(c.expectation);
      expect(c.intents.length > 0).toBe(c.expectation === 'same-intent');
      // Keys always in the same order, so the JSON of a run is stable.
      expect(Object.keys(c).filter((k) => k !== 'topic' && k !== 'conversation')).toEqual([
        'id', 'generator', 'transformation', 'detail', 'utterance', 'sources', 'expectation', 'accept', 'intents', 'policies', 'mustNotEcho',
      ]);
      expect(c.conversation !== undefined).toBe(c.generator === 'multi_turn');
      if (c.conversation) expect(Object.keys(c).at(-1)).toBe('conversation');
    }
  });

  it('orders intent-based cases as the workspace declares intents, numbering from 0', () => {
    const cases = generateCases(workspace, { generators: ['noise'], seed: 'x', perIntent: 2 });
    const intents = workspace.flows.flatMap((f) => Object.keys(f.data.intents ?? {}));
    expect(cases.map((c) => c.id)).toEqual(intents.flatMap((i) => [`noise/${i}/0`, `noise/${i}/1`]));
  });

  it('ignores the order and repetition of the generators asked for', () => {
    const a = generateCases(workspace, { generators: ['pii', 'noise', 'pii'], seed: 's' });
    const b = generateCases(workspace, { generators: ['noise', 'pii'], seed: 's' });
    expect(a).toEqual(b);
    expect(a[0]!.generator).toBe('noise');
  });

  it('keeps the first cases when asked for more per intent', () => {
    const few = generateCases(workspace, { seed: 'grow', perIntent: 2 });
    const more = generateCases(workspace, { seed: 'grow', perIntent: 4 });
    const byId = new Map(more.map((c) => [c.id, c]));
    for (const c of few) expect(byId.get(c.id)).toEqual(c);
    expect(more.length).toBeGreaterThan(few.length);
  });

  it('with perIntent 0 gives only the cases that come from no intent', () => {
    const cases = generateCases(workspace, { seed: 'zero', perIntent: 0 });
    expect(new Set(cases.map((c) => c.generator))).toEqual(new Set(['blank', 'out_of_scope', 'sensitive', 'injection']));
    expect(cases.every((c) => c.sources.length === 0)).toBe(true);
  });

  it('with a flow makes intent-based cases from its intents only, with the same ids as without', () => {
    const all = new Map(generateCases(workspace, { seed: 'flow' }).map((c) => [c.id, c]));
    const cases = generateCases(workspace, { seed: 'flow', flow: 'card_lost' });
    for (const c of cases) {
      expect(c.sources.length === 0 || c.sources[0]!.flow === 'card_lost').toBe(true);
      expect(all.get(c.id)).toEqual(c);
    }
    expect(cases.filter((c) => c.generator === 'noise').map(groupOf)).toEqual(['noise/report_lost_card', 'noise/report_lost_card', 'noise/report_lost_card']);
    // Cases that come from no intent still run: they test the assistant as a whole.
    expect(cases.some((c) => c.generator === 'injection')).toBe(true);
    expect(generateCases(workspace, { seed: 'flow', flow: 'no_such_flow', generators: ['noise', 'pii'] })).toEqual([]);
  });

  it('refuses a perIntent that is not a whole number from 0', () => {
    expect(() => generateCases(workspace, { seed: 's', perIntent: -1 })).toThrow(RangeError);
    expect(() => generateCases(workspace, { seed: 's', perIntent: 1.5 })).toThrow(RangeError);
  });

  it('gives byte-identical output for the example workspace on every run', async () => {
    // Given the example workspace read twice from disk (two separate model objects)
    const again = await import('@colloquy/core/node').then(async ({ readWorkspace }) => {
      const { validateWorkspace } = await import('@colloquy/core');
      return validateWorkspace(await readWorkspace(fileURLToPath(new URL('../../../../flows/', import.meta.url)))).workspace;
    });
    // When cases are generated from each with the same options
    const json = JSON.stringify(generateCases(workspace, { seed: 'colloquy' }));
    // Then the bytes are the same, and match the pinned hash (update it when a generator or the flows change on purpose)
    expect(JSON.stringify(generateCases(again, { seed: 'colloquy' }))).toBe(json);
    expect(createHash('sha256').update(json).digest('hex')).toMatchInlineSnapshot(`"bef50025523ed30b4b4e5d624f3ad22bce9e27c5a0706de99bfa08a9cc5be1de"`);
  });
});

describe('the generator sources', () => {
  it('use no clock, no Math.random and no Node built-ins', () => {
    const dir = fileURLToPath(new URL('../../src/generate/', import.meta.url));
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'))) {
      const code = readFileSync(`${dir}${file}`, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now|from 'node:/);
    }
  });
});
