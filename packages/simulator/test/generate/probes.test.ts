import { BLANK_PROBES, OUT_OF_SCOPE_PROBES } from '@colloquy/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@colloquy/core';
import { exampleWorkspace } from '../support/exampleWorkspace.ts';
import { casesOf } from './helpers.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await exampleWorkspace();
});

describe('blank generator', () => {
  it('gives every empty and whitespace-only probe, expecting out-of-scope', () => {
    const cases = casesOf(workspace, 'blank');
    expect(cases).toHaveLength(BLANK_PROBES.empty.length + BLANK_PROBES.whitespace.length);
    expect(cases[0]).toMatchObject({ id: 'blank/empty/0', utterance: '' });
    for (const c of cases) {
      expect(c.utterance.trim()).toBe('');
      expect(c).toMatchObject({ generator: 'blank', expectation: 'out-of-scope', accept: ['out-of-scope'], sources: [], intents: [] });
    }
    expect(new Set(cases.map((c) => c.utterance)).size).toBe(cases.length);
  });

  it('is a fixed list: the seed does not change it', () => {
    expect(casesOf(workspace, 'blank', 'one')).toEqual(casesOf(workspace, 'blank', 'two'));
  });
});

describe('out_of_scope generator', () => {
  it('gives the documented probes, expecting out-of-scope, whatever the seed', () => {
    const cases = casesOf(workspace, 'out_of_scope');
    expect(cases.map((c) => c.utterance)).toEqual(Object.values(OUT_OF_SCOPE_PROBES).flat());
    expect(casesOf(workspace, 'out_of_scope', 'other seed')).toEqual(cases);
    expect(cases[0]!.id).toBe('out_of_scope/weather/0');
    for (const c of cases) expect(c).toMatchObject({ generator: 'out_of_scope', transformation: 'probe', expectation: 'out-of-scope', sources: [] });
  });

  it('holds no word that names something a bank assistant does', () => {
    for (const text of Object.values(OUT_OF_SCOPE_PROBES).flat()) {
      expect(text).not.toMatch(/\b(card|account|payment|pay|bank|balance|transfer|loan|mortgage|complain|branch|person|human)\w*/i);
    }
  });
});
