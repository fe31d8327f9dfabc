import { describe, expect, it } from 'vitest';
import { fuzzyMatch } from '../../../src/features/language/fuzzyMatch.ts';
import { createSymbolIndex } from '../../../src/features/language/symbolIndex.ts';
import { quickOpen, searchFiles, searchSymbols, type SymbolMatch } from '../../../src/features/language/workspaceSymbols.ts';
import { exampleIndex } from './support.ts';

describe('fuzzyMatch', () => {
  it.each([
    ['ask_consent', 'ask_consent', 'exact'],
    ['ask', 'ask_consent', 'prefix'],
    ['ASK_C', 'ask_consent', 'prefix'],
    ['consent', 'ask_consent', 'wordStart'],
    ['lost_card', 'report_lost_card', 'wordStart'],
    ['rlc', 'report_lost_card', 'wordStart'],
    ['replost', 'report_lost_card', 'wordStart'],
    ['freeze', 'cards.freeze', 'wordStart'],
    ['track', 'cardTrackDelivery', 'wordStart'],
    ['sent', 'ask_consent', 'substring'],
    ['akcn', 'ask_consent', 'subsequence'],
  ])('%s matches %s as %s', (query, candidate, tier) => {
    expect(fuzzyMatch(query, candidate)?.tier).toBe(tier);
  });

  it('does not match letters out of order', () => {
    expect(fuzzyMatch('tsa', 'ask_consent')).toBeUndefined();
    expect(fuzzyMatch('x', 'ask_consent')).toBeUndefined();
  });

  it('reports the matched positions for highlighting', () => {
    expect(fuzzyMatch('rlc', 'report_lost_card')?.positions).toEqual([0, 7, 12]);
    expect(fuzzyMatch('consent', 'ask_consent')?.positions).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(fuzzyMatch('akcn', 'ask_consent')?.positions).toEqual([0, 2, 4, 6]);
  });

  it('ranks tiers first: prefix > word start > substring > subsequence, then tighter and shorter', () => {
    const names = ['card_consent', 'consent', 'ask_consent', 'reconsent_flow', 'cxonsxent', 'consent_given'];
    const ranked = names
      .map((name) => ({ name, match: fuzzyMatch('consent', name)! }))
      .sort((a, b) => b.match.score - a.match.score)
      .map((m) => m.name);
    expect(ranked).toEqual(['consent', 'consent_given', 'ask_consent', 'card_consent', 'reconsent_flow', 'cxonsxent']);
  });
});

describe('searchSymbols and quickOpen on the example workspace', () => {
  const index = exampleIndex();
  const names = (matches: readonly SymbolMatch[]) => matches.map((m) => `${m.definition.kind} ${m.definition.container ? `${m.definition.container}.` : ''}${m.definition.name}`);

  it('finds nodes of every flow, named with their flow', () => {
    const matches = searchSymbols(index, 'ask_consent');
    expect(names(matches).slice(0, 2)).toEqual(['node card_lost.ask_consent', 'node change_address.ask_consent']);
    expect(matches[0]!.tier).toBe('exact');
  });

  it('ranks prefix matches above word-start matches above the rest', () => {
    const tiers = searchSymbols(index, 'card').map((m) => m.tier);
    const order = ['exact', 'prefix', 'wordStart', 'substring', 'subsequence'];
    expect(tiers.map((t) => order.indexOf(t))).toEqual([...tiers.map((t) => order.indexOf(t))].sort((a, b) => a - b));
    expect(tiers).toContain('prefix');
    expect(tiers).toContain('wordStart');
  });

  it('narrows by flow with a qualified query', () => {
    const matches = searchSymbols(index, 'change_address.ask_c');
    expect(names(matches).slice(0, 2)).toEqual(['node change_address.ask_code', 'node change_address.ask_consent']);
    expect(matches[1]!.label).toBe('change_address.ask_consent');
    expect(matches[1]!.tier).toBe('prefix');
  });

  it('filters by kind', () => {
    const intents = searchSymbols(index, 'card', { kinds: ['intent'] });
    expect(intents.length).toBeGreaterThan(0);
    expect(intents.every((m) => m.definition.kind === 'intent')).toBe(true);
    expect(names(intents)).toContain('intent card_lost.report_lost_card');
  });

  it('reads the quick-open prefix: # for the workspace, @ for the open file, none for files', () => {
    const workspace = quickOpen(index, '#freeze');
    expect(workspace.every((m) => m.type === 'symbol')).toBe(true);
    expect(new Set(workspace.map((m) => m.type === 'symbol' && m.definition.path)).size).toBeGreaterThan(1);

    const here = quickOpen(index, '@', { activePath: 'flows/card_lost.flow.yaml' });
    expect(here.map((m) => m.type === 'symbol' && m.definition.name).slice(0, 4)).toEqual(['card_lost', 'report_lost_card', 'card_consent', 'card_last4']);
    expect(here.every((m) => m.type === 'symbol' && m.definition.path === 'flows/card_lost.flow.yaml')).toBe(true);

    const files = quickOpen(index, 'cardlost');
    expect(files[0]).toMatchObject({ type: 'file', path: 'flows/card_lost.flow.yaml' });
    expect(files.map((m) => m.type === 'file' && m.path)).toContain('tests/card_lost.test.yaml');
  });

  it('matches files by name before folders', () => {
    const matches = searchFiles(index, 'tests');
    expect(matches[0]!.path.startsWith('tests/')).toBe(true);
    expect(searchFiles(index, 'policy')[0]!.path).toMatch(/\.policy\.yaml$/);
  });
});

describe('quick open on a large workspace', () => {
  it('searches ~1,000 files and caps the results (speed is for the benchmarks, not a timed test)', () => {
    // Given 1,000 flows of 30 nodes, 3 intents and 3 slots each (~37,000 symbols)
    const files: [string, string][] = [];
    for (let f = 0; f < 1000; f++) {
      const nodes = Array.from({ length: 30 }, (_, n) => `  step_${n}_of_${f}:\n    say: "Step {slot_${n % 3}}"\n    next: step_${(n + 1) % 30}_of_${f}\n`).join('');
      const intents = Array.from({ length: 3 }, (_, i) => `  intent_${f}_${i}:\n    examples: ["example ${f} ${i}"]\n`).join('');
      const slots = Array.from({ length: 3 }, (_, s) => `  slot_${s}: { type: text }\n`).join('');
      files.push([`flows/generated_${f}.flow.yaml`, `kind: flow\nversion: 1\nid: generated_${f}\ntitle: G\nintents:\n${intents}slots:\n${slots}start: step_0_of_${f}\nnodes:\n${nodes}`]);
    }
    const index = createSymbolIndex(files);
    // When searching with queries of each tier
    const queries = ['#step_1', '#s1o9', '#intent_99', '#xyz', '#of_5', 'gen', '#'];
    const results = queries.map((q) => quickOpen(index, q, { limit: 50 }));
    // Then results are capped, and a query matching nothing finds nothing
    expect(results[0]!.length).toBe(50);
    expect(results[3]!).toEqual([]);
  }, 60_000);
});
