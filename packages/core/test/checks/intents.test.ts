import { describe, expect, it } from 'vitest';
import { normaliseExample } from '../../src/checks/normaliseExample.ts';
import { flowWith, lines, validate } from './workspaceBuilder.ts';

const otherFlow = (intents: string) =>
  `kind: flow\nversion: 1\nid: other\ntitle: Other\nintents:\n${intents}start: a\nnodes:\n  a:\n    end: done\n`;

describe('CQ213 intent claimed by two flows', () => {
  it('reports each claim after the first, pointing at the first', () => {
    const found = validate({ 'flows/other.flow.yaml': otherFlow('  report_lost_card:\n    examples: ["card gone"]\n') });
    expect(lines(found, 'CQ213')).toEqual([
      'flows/other.flow.yaml:6:3 error CQ213 intent `report_lost_card` already starts flow `card_lost` (flows/card_lost.flow.yaml); an intent starts exactly one flow, so remove it here or merge the flows',
    ]);
    expect(found.find((d) => d.code === 'CQ213')!.related![0]).toMatchObject({ file: 'flows/card_lost.flow.yaml', range: { start: { line: 6, column: 3 } } });
  });

  it('leaves two files with the same flow id to the duplicate-id check', () => {
    const copy = validate({ 'flows/z_copy.flow.yaml': validateCopy() });
    expect(copy.map((d) => d.code).filter((c) => c === 'CQ213' || c === 'CQ200')).toEqual(['CQ200']);
  });
});

function validateCopy(): string {
  return flowWith('a:\n  end: done').replace('id: test_flow', 'id: card_lost').replace('test_intent', 'report_lost_card');
}

describe('CQ214 the same example under two intents', () => {
  it('warns on the later example after normalising case, punctuation, spacing and Unicode forms', () => {
    const found = validate({ 'flows/other.flow.yaml': otherFlow('  card_gone:\n    examples: ["something else", "  I LOST my  card!! "]\n  wide:\n    examples: ["ｍｙ card was stolen"]\n') });
    expect(lines(found, 'CQ214')).toEqual([
      'flows/other.flow.yaml:7:34 warning CQ214 the example "I LOST my card!!" of intent `card_gone` also trains intent `report_lost_card` in flow `card_lost`; one utterance cannot mean two intents, so keep it in one',
      'flows/other.flow.yaml:9:16 warning CQ214 the example "ｍｙ card was stolen" of intent `wide` also trains intent `report_lost_card` in flow `card_lost`; one utterance cannot mean two intents, so keep it in one',
    ]);
    expect(found.find((d) => d.code === 'CQ214')!.related![0]).toMatchObject({ file: 'flows/card_lost.flow.yaml', range: { start: { line: 7, column: 16 } } });
  });

  it('reports duplicates between intents of one flow, but not within one intent', () => {
    const found = validate({ 'flows/other.flow.yaml': otherFlow('  one:\n    examples: ["hello there", "Hello there."]\n  two:\n    examples: ["hello, there"]\n') });
    expect(lines(found, 'CQ214')).toEqual([
      'flows/other.flow.yaml:9:16 warning CQ214 the example "hello, there" of intent `two` also trains intent `one`; one utterance cannot mean two intents, so keep it in one',
    ]);
  });

  it('keeps examples that differ in words', () => {
    const found = validate({ 'flows/other.flow.yaml': otherFlow('  one:\n    examples: ["I lost my cards"]\n') });
    expect(lines(found, 'CQ214')).toEqual([]);
  });
});

describe('normaliseExample', () => {
  it('folds case, compatibility forms, punctuation and whitespace', () => {
    expect(normaliseExample('  Can’t  find MY card?! ')).toBe('cant find my card');
    expect(normaliseExample('ﬁnd my ｃａｒｄ')).toBe('find my card');
  });
});
