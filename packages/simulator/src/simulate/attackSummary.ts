/**
 * The report's `attacks` section from the adversarial search's records: per
 * intent (in workspace order, only intents with an attacked source), how many
 * source examples were attacked, how many attacks succeeded, the attack
 * success rate, and the mean share of words the successful attacks changed.
 */
import type { Workspace } from '@colloquy/core';
import type { AttackRecord } from '../generate/adversarial.ts';
import { sourceIntents } from '../generate/sources.ts';
import { rate, type AttackSummary, type IntentAttacks } from './simulationReport.ts';

export const NO_ATTACKS: AttackSummary = { attacked: 0, succeeded: 0, rate: null, byIntent: [] };

export function attackSummary(workspace: Workspace, records: readonly AttackRecord[]): AttackSummary {
  const byIntent: IntentAttacks[] = [];
  for (const { flow, intent } of sourceIntents(workspace)) {
    const attacked = records.filter((r) => r.intent === intent && r.attacked);
    if (attacked.length === 0) continue;
    const succeeded = attacked.filter((r) => r.succeeded);
    const changedShare = succeeded.reduce((sum, r) => sum + r.changes.length / r.words, 0);
    byIntent.push({
      intent,
      flow,
      attacked: attacked.length,
      succeeded: succeeded.length,
      rate: rate(succeeded.length, attacked.length),
      wordsChanged: succeeded.length === 0 ? null : Math.round((changedShare * 1000) / succeeded.length) / 10,
    });
  }
  const attacked = byIntent.reduce((n, i) => n + i.attacked, 0);
  const succeeded = byIntent.reduce((n, i) => n + i.succeeded, 0);
  return { attacked, succeeded, rate: rate(succeeded, attacked), byIntent };
}
