/**
 * The attacks part of the terminal report: the attack success rate per
 * intent when the adversarial generator ran, and a line saying the
 * model-guided generators did not run with the lexical recognizer, so that
 * no rate reads as measured when it was not.
 */
import { describe, expect, it } from 'vitest';
import { formatSimulationReport, simulate, type SimulationReport } from '@colloquy/simulator';
import { fourIntentWorkspace } from '../support/fourIntents.ts';

describe('formatSimulationReport: attacks', () => {
  const lexical = simulate(fourIntentWorkspace(), { seed: 'format', perIntent: 1, generators: ['noise'] });

  it('says the model-guided generators did not run with the lexical recognizer, and shows no rate', () => {
    const text = formatSimulationReport(lexical);
    expect(text).toContain('Not run: paraphrase, adversarial (they need a model recognizer, e.g. --recognizer use); no attack success rate.');
    expect(text).not.toContain('Adversarial attacks');
  });

  it('lists the intents an attack broke, weakest first, and counts the ones that withstood every attack', () => {
    const attacked: SimulationReport = {
      ...lexical,
      run: { ...lexical.run, recognizer: 'use', model: 'use-lite-512', generators: [...lexical.run.generators, 'paraphrase', 'adversarial'] },
      attacks: {
        attacked: 9,
        succeeded: 3,
        rate: 33.3,
        byIntent: [
          { intent: 'check_balance', flow: 'check_balance', attacked: 3, succeeded: 1, rate: 33.3, wordsChanged: 25 },
          { intent: 'close_account', flow: 'close_account', attacked: 3, succeeded: 0, rate: 0, wordsChanged: null },
          { intent: 'greet', flow: 'greet', attacked: 3, succeeded: 2, rate: 66.7, wordsChanged: 100 },
        ],
      },
    };
    const lines = formatSimulationReport(attacked).split('\n');
    const at = lines.findIndex((l) => l.startsWith('Adversarial attacks'));
    expect(lines.slice(at, at + 4)).toEqual([
      'Adversarial attacks (small meaning-preserving changes that flip the intent): 3 of 9 examples (33.3%)',
      `  ${'greet'.padEnd(28)} 2/3 (66.7%)`,
      `  ${'check_balance'.padEnd(28)} 1/3 (33.3%)`,
      '  1 more intent withstood every attack; --format json lists all',
    ]);
    expect(lines.join('\n')).not.toContain('Not run');
  });
});
