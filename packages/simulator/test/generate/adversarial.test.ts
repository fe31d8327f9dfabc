/**
 * The adversarial search against a real `use` recognizer (the packaged
 * Universal Sentence Encoder, offline, loaded once for the file) trained on a
 * small fixed workspace: deterministic, its query budget respected, every
 * attack within the similarity constraint, smallest (no change it did not
 * need) and really flipping the recognizer; the attack success rate per
 * intent; each flow's own settings from its test file; and
 * simulateWithEmbedder filling the report's attacks section the same way
 * twice.
 */
import { cachedEmbedder, EmbeddingCache, workspaceModelRecognizer, type Embedder, type ModelRecognizer } from '@colloquy/nlu';
import { loadUseEmbedder } from '@colloquy/nlu/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTACK_QUERY_BUDGET,
  MAX_CHANGED_SHARE,
  MIN_EDIT_SIMILARITY,
  MIN_SENTENCE_SIMILARITY,
  MIN_WORD_SIMILARITY,
  attackSummary,
  flowGenerations,
  GENERATOR_NAMES,
  isKnownWord,
  modelGuidedCases,
  sentenceWords,
  SimilarityCheck,
  simulate,
  simulateWithEmbedder,
  type AttackRecord,
  type ModelGuidedCases,
  type WordNet,
} from '@colloquy/simulator';
import { loadWordNet } from '@colloquy/simulator/node';
import { FOUR_INTENTS, fourIntentWorkspace } from '../support/fourIntents.ts';

const workspace = fourIntentWorkspace();
const PER_INTENT = 6;
let model: Embedder;
let use: Embedder;
let recognizer: ModelRecognizer;
let wordNet: WordNet;
let run: ModelGuidedCases;

function attack(budget?: number): Promise<ModelGuidedCases> {
  return modelGuidedCases(workspace, { seed: 'test', perIntent: PER_INTENT, generators: ['adversarial'], embedder: use, recognizer, wordNet, ...(budget ? { budget } : {}) });
}

beforeAll(async () => {
  model = await loadUseEmbedder();
  use = cachedEmbedder(model, new EmbeddingCache());
  wordNet = await loadWordNet();
  recognizer = await workspaceModelRecognizer(use, workspace, 'use');
  run = await attack();
}, 120_000);
afterAll(() => model?.dispose());

const succeeded = (): AttackRecord[] => run.attacks.filter((r) => r.succeeded);

describe('adversarial search', { timeout: 120_000 }, () => {
  it('attacks every example it was asked to, breaks some and not others, and gives the same records on a second run', async () => {
    expect(run.generators).toEqual(['adversarial']);
    expect(run.attacks).toHaveLength(4 * PER_INTENT);
    expect(run.attacks.every((r) => r.attacked)).toBe(true);
    expect(succeeded().length).toBeGreaterThan(2);
    expect(succeeded().length).toBeLessThan(run.attacks.length - 2);
    expect(JSON.stringify(await attack())).toBe(JSON.stringify(run));
  });

  it('turns each successful attack into a same-intent case labelled with its source', () => {
    expect(run.cases).toHaveLength(succeeded().length);
    run.cases.forEach((c, i) => {
      const record = succeeded()[i]!;
      expect(c).toMatchObject({ generator: 'adversarial', expectation: 'same-intent', utterance: record.utterance, intents: [record.intent] });
      expect(c.sources).toEqual([{ flow: record.flow, intent: record.intent, utterance: record.source }]);
    });
  });

  it('really flips the recognizer: the attack is another intent or not understood, the source was its intent', async () => {
    const attacks = succeeded();
    const before = await recognizer.recognizeBatch(attacks.map((r) => r.source));
    const after = await recognizer.recognizeBatch(attacks.map((r) => r.utterance!));
    attacks.forEach((r, i) => {
      expect(before[i]!.intent).toBe(r.intent);
      expect(after[i]!.intent).not.toBe(r.intent);
      expect(r.after).toEqual({ intent: after[i]!.intent, confidence: after[i]!.confidence });
    });
  });

  it('keeps every attack within the similarity constraint: synonyms by sentence and word, typos by the floor, and typos make no real word', async () => {
    const check = new SimilarityCheck(use);
    const attacks = succeeded();
    const synonymPairs = attacks.flatMap((r) => r.changes.filter((c) => c.edit === 'synonym').flatMap((c) => [c.from.toLowerCase(), c.to.toLowerCase()]));
    await check.prepare([...attacks.flatMap((r) => [r.source, r.utterance!]), ...synonymPairs]);
    for (const r of attacks) {
      const similarity = check.similarity(r.source, r.utterance!);
      expect(r.similarity).toBeCloseTo(similarity, 6);
      const synonyms = r.changes.filter((c) => c.edit === 'synonym');
      expect(similarity, r.utterance!).toBeGreaterThanOrEqual(synonyms.length > 0 ? MIN_SENTENCE_SIMILARITY : MIN_EDIT_SIMILARITY);
      for (const c of synonyms) expect(check.similarity(c.from.toLowerCase(), c.to.toLowerCase())).toBeGreaterThanOrEqual(MIN_WORD_SIMILARITY);
      for (const c of r.changes.filter((c) => c.edit !== 'synonym')) {
        expect(isKnownWord(c.to, wordNet), `${c.from} -> ${c.to}`).toBe(false);
        expect(c.to[0]).toBe(c.from[0]);
      }
    }
  });

  it('keeps the smallest change: within the share of words allowed, and undoing any one change gives the intent back', async () => {
    const undone: { text: string; intent: string }[] = [];
    for (const r of succeeded()) {
      expect(r.changes.length).toBeGreaterThan(0);
      expect(r.changes.length).toBeLessThanOrEqual(Math.max(1, Math.floor(r.words * MAX_CHANGED_SHARE)));
      // Each change, undone alone, in the attack's text.
      const words = sentenceWords(r.utterance!);
      for (const change of r.changes) {
        const at = words.find((w) => w.text === change.to)!;
        undone.push({ text: r.utterance!.slice(0, at.start) + change.from + r.utterance!.slice(at.end), intent: r.intent });
      }
    }
    expect(undone.length).toBeGreaterThan(succeeded().length); // some attack needed two changes
    const recognitions = await recognizer.recognizeBatch(undone.map((u) => u.text));
    undone.forEach((u, i) => expect(recognitions[i]!.intent, u.text).toBe(u.intent));
  });

  it('respects its query budget, and a smaller budget finds no more than a larger one', async () => {
    for (const r of run.attacks) expect(r.queries).toBeLessThanOrEqual(ATTACK_QUERY_BUDGET);
    const tight = await attack(6);
    for (const r of tight.attacks) expect(r.queries).toBeLessThanOrEqual(6);
    expect(tight.attacks.some((r) => r.queries === 6 && !r.succeeded)).toBe(true);
    const found = new Set(tight.attacks.filter((r) => r.succeeded).map((r) => r.source));
    expect(found.size).toBeLessThan(succeeded().length);
    await expect(attack(0.5)).rejects.toThrow(/budget must be a whole number/);
  });

  it('rates attacks per intent: succeeded over attacked, in workspace order', () => {
    const summary = attackSummary(workspace, run.attacks);
    expect(summary.byIntent.map((i) => i.intent)).toEqual(Object.keys(FOUR_INTENTS).sort());
    for (const row of summary.byIntent) {
      const mine = run.attacks.filter((r) => r.intent === row.intent);
      const broken = mine.filter((r) => r.succeeded).length;
      expect(row).toMatchObject({ attacked: mine.length, succeeded: broken, rate: Math.round((broken / mine.length) * 1000) / 10 });
    }
    expect(summary.succeeded).toBe(succeeded().length);
    // Not every intent is equally fragile on this workspace.
    expect(new Set(summary.byIntent.map((i) => i.rate)).size).toBeGreaterThan(1);
  });
});

describe('per-flow settings (test files\' simulate: blocks)', { timeout: 120_000 }, () => {
  const configured = fourIntentWorkspace({ greet: '{ generators: [noise, paraphrase], per_intent: 1, seed: g }', check_balance: '{ generators: [adversarial], per_intent: 2, seed: c }' });
  const flows = flowGenerations(configured, { generators: GENERATOR_NAMES, perIntent: 1, seed: 'test' });

  it('attacks and paraphrases each flow with its own generators, cases per intent and seed', async () => {
    const made = await modelGuidedCases(configured, { seed: 'test', perIntent: 1, flows, embedder: use, recognizer, wordNet });
    const count = (intent: string) => made.attacks.filter((r) => r.intent === intent).length;
    expect([count('check_balance'), count('greet'), count('close_account'), count('report_lost_card')]).toEqual([2, 0, 1, 1]);
    expect(made.cases.some((c) => c.generator === 'paraphrase' && c.intents[0] === 'check_balance')).toBe(false);
    expect(made.cases.filter((c) => c.generator === 'paraphrase' && c.intents[0] === 'greet').length).toBeLessThanOrEqual(1);
    // check_balance's attacks are the ones its own seed and count give.
    const own = await modelGuidedCases(configured, { seed: 'c', perIntent: 2, flow: 'check_balance', generators: ['adversarial'], embedder: use, recognizer, wordNet });
    expect(made.attacks.filter((r) => r.intent === 'check_balance')).toEqual(own.attacks);
  });

  it('counts in the attack success rate only the flows that ran adversarial', async () => {
    // Attacks made for every flow, handed to a run whose test file leaves adversarial out of greet.
    const made = await modelGuidedCases(configured, { seed: 'test', perIntent: 1, embedder: use, recognizer, wordNet });
    expect(made.attacks.some((r) => r.intent === 'greet')).toBe(true);
    const report = simulate(configured, { seed: 'test', perIntent: 1, modelGuided: made });
    expect(report.attacks.byIntent.map((i) => i.intent)).not.toContain('greet');
    expect(report.attacks.attacked).toBe(made.attacks.filter((r) => r.intent !== 'greet').length);
    expect(report.cases.some((c) => c.id.startsWith('adversarial/greet/'))).toBe(false);
  });
});

describe('simulateWithEmbedder', { timeout: 180_000 }, () => {
  it('runs paraphrase and adversarial against the recognizer it trains, fills the attacks section, and repeats byte for byte', async () => {
    const options = { seed: 'report', perIntent: 2, wordNet };
    // A fresh cache each run, as two separate runs of `colloquy simulate` have.
    const report = await simulateWithEmbedder(workspace, model, 'use', options);
    expect(report.run).toMatchObject({ recognizer: 'use', model: 'use-lite-512', seed: 'report', perIntent: 2 });
    expect(report.run.generators).toContain('paraphrase');
    expect(report.run.generators.at(-1)).toBe('adversarial');
    const { attacks } = report;
    expect(attacks.attacked).toBe(4 * 2);
    expect(attacks.byIntent.reduce((n, i) => n + i.succeeded, 0)).toBe(attacks.succeeded);
    expect(attacks.rate).toBe(Math.round((attacks.succeeded / attacks.attacked) * 1000) / 10);
    // Each successful attack is a case of the run, and it fails: the recognizer is what it broke.
    expect(report.generated.byGenerator.find((g) => g.generator === 'adversarial')).toMatchObject({ total: attacks.succeeded, passed: 0 });
    expect(report.generated.byGenerator.find((g) => g.generator === 'paraphrase')!.total).toBeGreaterThan(0);
    expect(report.robustness.some((r) => r.byGenerator.some((g) => g.generator === 'paraphrase'))).toBe(true);

    const again = await simulateWithEmbedder(workspace, model, 'use', options);
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
  });

  it('without WordNet runs neither model-guided generator, and says so in the run; naming one then is an error', async () => {
    const report = await simulateWithEmbedder(workspace, model, 'use', { seed: 'report', perIntent: 1, generators: ['noise', 'blank'] });
    expect(report.run.generators).toEqual(['noise', 'blank']);
    expect(report.attacks).toEqual({ attacked: 0, succeeded: 0, rate: null, byIntent: [] });
    await expect(simulateWithEmbedder(workspace, model, 'use', { seed: 'report', perIntent: 1, generators: ['adversarial'] })).rejects.toThrow(/adversarial need WordNet/);
  });
});
