/**
 * Grid search for the lexical recognizer's defaults on CLINC150 train/val
 * (never test). Run: npx tsx packages/nlu/bench/tuneLexical.ts
 * Prints each tuning's threshold-free quality on a workspace-sized scenario
 * (30 intents x 10 examples, three different intent selections) and on the
 * full data set, and the raw threshold where in-scope and out-of-scope
 * separate best: the calibration centre.
 */
import { DEFAULT_LEXICAL_TUNING, type LexicalTuning } from '../src/lexical/LexicalTuning.ts';
import { fullScenario, requireClinc150, workspaceSizedScenario } from './clinc150.ts';
import { evaluateRaw } from './evaluateRaw.ts';

const data = requireClinc150();
const small = [0, 1, 2].map((offset) => workspaceSizedScenario(data, 'val', 30, 10, offset));
const full = fullScenario(data, 'val');
const withFull = process.argv.includes('--full');

const grid: Partial<LexicalTuning>[] = [];
for (const [minGram, maxGram] of [
  [1, 3],
  [2, 4],
  [2, 5],
]) {
  for (const wordShare of [0.3, 0.4, 0.5]) {
    for (const maxShare of [0, 0.15, 0.3]) {
      for (const topK of [4, 5, 7, 10]) grid.push({ minGram, maxGram, wordShare, maxShare, topK });
    }
  }
}

const rows = [];
for (const overrides of grid) {
  const tuning = { ...DEFAULT_LEXICAL_TUNING, ...overrides };
  const evaluations = small.map((s) => evaluateRaw(s, tuning));
  const mean = (pick: (e: (typeof evaluations)[number]) => number) => evaluations.reduce((sum, e) => sum + pick(e), 0) / evaluations.length;
  const row = {
    ...overrides,
    smallBalanced: mean((e) => e.balanced),
    smallTop1: mean((e) => e.topOneAccuracy),
    smallThreshold: mean((e) => e.bestThreshold),
    ...(withFull ? (({ balanced, topOneAccuracy, bestThreshold }) => ({ fullBalanced: balanced, fullTop1: topOneAccuracy, fullThreshold: bestThreshold }))(evaluateRaw(full, tuning)) : {}),
  };
  rows.push(row);
}
rows.sort((a, b) => b.smallBalanced - a.smallBalanced);
for (const row of rows.slice(0, 15)) console.log(JSON.stringify(row, (_, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
