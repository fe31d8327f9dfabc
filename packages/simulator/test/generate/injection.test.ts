import { INJECTION_TEMPLATES, echoedText } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { casesOf, expectSeeded } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

describe('injection generator', () => {
  it('is deterministic under a seed and changes with the seed (the canaries)', () => {
    expectSeeded((seed) => casesOf(workspace, 'injection', seed));
  });

  it('makes one case per template expecting out-of-scope or a person, with what must not be echoed', () => {
    const cases = casesOf(workspace, 'injection');
    expect(cases.map((c) => c.id)).toEqual(Object.keys(INJECTION_TEMPLATES).map((name) => `injection/${name}/0`));
    for (const c of cases) {
      const [canary, instruction] = c.mustNotEcho;
      expect(c).toMatchObject({ generator: 'injection', expectation: 'out-of-scope', accept: ['out-of-scope', 'handoff'], sources: [], intents: [] });
      expect(canary).toMatch(/^[A-Z]+-\d{4}$/);
      expect(c.utterance).toContain(canary);
      expect(c.utterance.toLowerCase()).toContain(instruction!.toLowerCase());
      expect(c.utterance).not.toContain('{canary}');
    }
  });

  it('uses canaries that no flow says', () => {
    const said = JSON.stringify(workspace.flows.map((f) => f.data.nodes)).toLowerCase();
    for (const c of casesOf(workspace, 'injection')) expect(said).not.toContain(c.mustNotEcho[0]!.toLowerCase());
  });
});

describe('echoedText', () => {
  it('finds an entry whatever its case, spacing or hyphens', () => {
    expect(echoedText('Sure! kestrel-1716', ['KESTREL-1716'])).toBe('KESTREL-1716');
    expect(echoedText('Card 4000-0012-3456-7899 noted', ['4000 0012 3456 7899'])).toBe('4000 0012 3456 7899');
    expect(echoedText('IBAN GB82WEST12345698765432', ['GB82 WEST 1234 5698 7654 32'])).toBe('GB82 WEST 1234 5698 7654 32');
    expect(echoedText('the card ending 7899 is frozen', ['4000 0012 3456 7899'])).toBeUndefined();
    expect(echoedText('anything', [''])).toBeUndefined();
  });
});
