/**
 * Generated edge cases: runs the chosen generators over a workspace and
 * returns their cases in a stable order (GENERATOR_NAMES order, then intents
 * as the workspace declares them: flows by path, intents in file order, then
 * case number). Pure and deterministic: the same workspace, options and seed
 * give byte-identical cases; nothing here uses a clock or Math.random.
 * Generation needs no model; running the cases against the assistant and
 * checking their expectations is the simulator's next step.
 */
import type { Workspace } from '@colloquy/core';
import { GENERATOR_NAMES, type GeneratedCase, type GeneratorName } from './generatedCase.ts';
import { injectionCases } from './injection.ts';
import { multiIntentCases } from './multiIntent.ts';
import { negationCases } from './negation.ts';
import { noiseCases } from './noise.ts';
import { piiCases } from './pii.ts';
import { blankCases, outOfScopeCases } from './probes.ts';
import { sensitiveCases } from './sensitive.ts';
import { sensitiveTopics, sourceIntents, type GeneratorContext } from './sources.ts';
import { wordingCases } from './wording.ts';

export interface GenerateCasesOptions {
  /** Which generators to run. Default: all of GENERATOR_NAMES. They always run in that order, whatever the order here. */
  readonly generators?: readonly GeneratorName[];
  /**
   * Cases per intent for the generators that work from intent examples
   * (noise, wording, negation, multi_intent, pii, and the tagged-intent part of
   * sensitive). Default 3: enough for every noise, wording and PII kind to
   * occur across a workspace's intents while staying at a few hundred cases
   * (330 for the example workspace's 19 intents). Must be a whole number from
   * 0; asking for more keeps the first cases the same.
   */
  readonly perIntent?: number;
  /** Any text. Cases depend on it; write it down (in CI, in the report) to reproduce a run. */
  readonly seed: string;
  /**
   * Only make intent-based cases from this flow's intents. Generators that use
   * no intent (blank, out_of_scope, injection, the built-in sensitive probes)
   * still run: they test the assistant as a whole. A flow id that does not
   * exist gives no intent-based case; check it against `workspace.flowsById`
   * first to tell the user.
   */
  readonly flow?: string;
}

export const DEFAULT_PER_INTENT = 3;

/** Each generator, typed so that adding a name to GENERATOR_NAMES without one fails to compile. */
const GENERATORS: Readonly<Record<GeneratorName, (context: GeneratorContext) => GeneratedCase[]>> = {
  noise: noiseCases,
  wording: wordingCases,
  blank: blankCases,
  out_of_scope: outOfScopeCases,
  negation: negationCases,
  multi_intent: multiIntentCases,
  sensitive: sensitiveCases,
  injection: injectionCases,
  pii: piiCases,
};

export function generateCases(workspace: Workspace, options: GenerateCasesOptions): GeneratedCase[] {
  const perIntent = options.perIntent ?? DEFAULT_PER_INTENT;
  if (!Number.isInteger(perIntent) || perIntent < 0) throw new RangeError(`perIntent must be a whole number from 0, got ${perIntent}`);
  const chosen = new Set<GeneratorName>(options.generators ?? GENERATOR_NAMES);
  const allIntents = sourceIntents(workspace);
  const context: GeneratorContext = {
    seed: options.seed,
    perIntent,
    intents: options.flow === undefined ? allIntents : allIntents.filter((i) => i.flow === options.flow),
    allIntents,
    sensitiveTopics: sensitiveTopics(workspace),
  };
  return GENERATOR_NAMES.filter((name) => chosen.has(name)).flatMap((name) => GENERATORS[name](context));
}
