/**
 * `simulateWithRecognizer`: `simulate` with an asynchronous recognizer (a model
 * recognizer that embeds utterances). The engine is synchronous
 * (docs/decisions/0004), so the run recognises utterances in batches up front
 * and hands the engine a lookup: a first pass records every utterance the
 * engine asks about (answering "not understood"), `recognizeBatch` recognises
 * them all at once, and the run repeats with the answers until no utterance is
 * missing (one repeat, unless a recognition leads a conversation to ask about an
 * utterance it did not reach before). Only the last pass's report is returned,
 * so it is exactly what `simulate` gives with a synchronous recognizer that
 * answers the same. Deterministic when `recognizeBatch` is: the batches hold
 * the same texts in the same order on every run.
 */
import type { Workspace } from '@colloquy/core';
import type { Recognition, Recognizer } from '@colloquy/nlu';
import { simulate, type SimulateOptions } from './simulate.ts';
import type { SimulationReport } from './simulationReport.ts';

const PENDING: Recognition = Object.freeze({ intent: null, confidence: 0, ranking: Object.freeze([]), slots: Object.freeze({}), rejected: 'empty' });

/** At most this many passes; each adds at least one utterance, so only a pathological recognizer gets near it. */
const MAX_PASSES = 50;

export async function simulateWithRecognizer(
  workspace: Workspace,
  recognizer: Pick<Recognizer, 'recognizeBatch'>,
  options: Omit<SimulateOptions, 'nlu'>,
): Promise<SimulationReport> {
  const known = new Map<string, Recognition>();
  for (let pass = 1; ; pass++) {
    const missing: string[] = [];
    const seen = new Set<string>();
    const nlu = (text: string): Recognition => {
      const found = known.get(text);
      if (found) return found;
      if (!seen.has(text)) {
        seen.add(text);
        missing.push(text);
      }
      return PENDING;
    };
    const report = simulate(workspace, { ...options, nlu });
    if (missing.length === 0) return report;
    if (pass >= MAX_PASSES) throw new Error(`simulate: the recognizer kept reaching new utterances after ${MAX_PASSES} passes`);
    const recognitions = await recognizer.recognizeBatch(missing);
    missing.forEach((text, i) => known.set(text, recognitions[i]!));
  }
}
