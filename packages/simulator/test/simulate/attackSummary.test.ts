/**
 * The report's `attacks` section from the adversarial search's records, built
 * by hand here: per intent in workspace order, only examples that were
 * attacked (recognised as their intent first) count, and the attack success
 * rate is the share of those a small change flipped.
 */
import { describe, expect, it } from 'vitest';
import { attackSummary, NO_ATTACKS, type AttackRecord } from '@colloquy/simulator';
import { fourIntentWorkspace } from '../support/fourIntents.ts';

function attack(intent: string, fields: Partial<AttackRecord> = {}): AttackRecord {
  return {
    flow: intent,
    intent,
    source: 'an example',
    attacked: true,
    succeeded: false,
    utterance: null,
    changes: [],
    words: 4,
    queries: 10,
    before: 0.9,
    after: null,
    similarity: null,
    ...fields,
  };
}

function success(intent: string, changed: number, words: number): AttackRecord {
  const changes = Array.from({ length: changed }, (_, i) => ({ from: `w${i}`, to: `x${i}`, edit: 'swap' as const }));
  return attack(intent, { succeeded: true, utterance: 'changed', changes, words, after: { intent: null, confidence: 0.3 }, similarity: 0.7 });
}

describe('attackSummary', () => {
  const workspace = fourIntentWorkspace();

  it('rates each attacked intent in workspace order and the whole run', () => {
    const records = [
      // Given records in another order than the workspace's intents…
      attack('greet'),
      success('check_balance', 1, 4),
      attack('check_balance'),
      success('check_balance', 1, 2),
      attack('report_lost_card'),
      attack('report_lost_card'),
      success('report_lost_card', 2, 8),
    ];
    // …when summarised…
    const summary = attackSummary(workspace, records);
    // …then intents come in workspace order (its flows by file), each with its own rate and mean share of words changed.
    expect(summary.byIntent).toEqual([
      { intent: 'check_balance', flow: 'check_balance', attacked: 3, succeeded: 2, rate: 66.7, wordsChanged: 37.5 },
      { intent: 'greet', flow: 'greet', attacked: 1, succeeded: 0, rate: 0, wordsChanged: null },
      { intent: 'report_lost_card', flow: 'report_lost_card', attacked: 3, succeeded: 1, rate: 33.3, wordsChanged: 25 },
    ]);
    expect(summary).toMatchObject({ attacked: 7, succeeded: 3, rate: 42.9 });
  });

  it('leaves out examples that were not recognised as their intent, and intents with nothing attacked', () => {
    const summary = attackSummary(workspace, [attack('greet', { attacked: false, before: 0.2 }), attack('close_account', { attacked: false }), success('close_account', 1, 3)]);
    expect(summary).toEqual({
      attacked: 1,
      succeeded: 1,
      rate: 100,
      byIntent: [{ intent: 'close_account', flow: 'close_account', attacked: 1, succeeded: 1, rate: 100, wordsChanged: 33.3 }],
    });
  });

  it('has no rate when nothing was attacked', () => {
    expect(attackSummary(workspace, [])).toEqual(NO_ATTACKS);
    expect(NO_ATTACKS).toEqual({ attacked: 0, succeeded: 0, rate: null, byIntent: [] });
  });
});
