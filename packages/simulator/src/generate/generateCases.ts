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
import { DEFAULT_TODAY } from '@colloquy/engine';
import type { FlowGeneration } from './flowSettings.ts';
import { GENERATOR_NAMES, isModelGuided, type GeneratedCase, type GeneratorName, type ModelGuidedGeneratorName } from './generatedCase.ts';
import { injectionCases } from './injection.ts';
import { multiIntentCases } from './multiIntent.ts';
import { multiTurnCases } from './multiTurn.ts';
import { nearMissCases } from './nearMiss.ts';
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
  /** The date conversations run on, as simulate's `today`: multi_turn's dry runs use it. Default 2026-01-01 (DEFAULT_TODAY). */
  readonly today?: string;
  /**
   * The cases of the model-guided generators (MODEL_GUIDED_GENERATORS), made
   * beforehand by `modelGuidedCases` with the same seed, perIntent and flow:
   * they need a model and are asynchronous. They take their generators'
   * places in the output; without them those generators give nothing.
   */
  readonly modelGuided?: readonly GeneratedCase[];
  /**
   * Flows whose cases are made with their own settings (a test file's
   * `simulate:` block, resolved by `flowGenerations`): their intents get
   * their generators, perIntent and seed instead of the ones above, which
   * still apply to every other flow and to the cases made from no intent.
   * Each generator gives the other flows' cases first, then each configured
   * flow's. A model-guided generator keeps only its cases (`modelGuided`) of
   * flows that list it; they were made with the run's seed and perIntent.
   */
  readonly flows?: readonly FlowGeneration[];
}

export const DEFAULT_PER_INTENT = 3;

/** Each generator without a model, typed so that adding a name to GENERATOR_NAMES without one fails to compile. */
const GENERATORS: Readonly<Record<Exclude<GeneratorName, ModelGuidedGeneratorName>, (context: GeneratorContext) => GeneratedCase[]>> = {
  noise: noiseCases,
  wording: wordingCases,
  blank: blankCases,
  out_of_scope: outOfScopeCases,
  near_miss: nearMissCases,
  negation: negationCases,
  multi_intent: multiIntentCases,
  sensitive: sensitiveCases,
  injection: injectionCases,
  pii: piiCases,
  multi_turn: multiTurnCases,
};

export function generateCases(workspace: Workspace, options: GenerateCasesOptions): GeneratedCase[] {
  const chosen = new Set<GeneratorName>(options.generators ?? GENERATOR_NAMES);
  const context = generatorContext(workspace, options);
  // Only flows whose intents are in play (all, or the one `flow` names) make cases with their own settings.
  const configured = (options.flows ?? []).filter((f) => context.intents.some((i) => i.flow === f.flow));
  const own = new Map(configured.map((f) => [f.flow, f]));
  const rest: GeneratorContext = { ...context, intents: context.intents.filter((i) => !own.has(i.flow)) };
  const flowContexts = configured.map((f) => ({
    settings: f,
    context: { ...generatorContext(workspace, { ...options, seed: f.seed, perIntent: f.perIntent }), intents: context.intents.filter((i) => i.flow === f.flow) },
  }));
  const modelGuided = options.modelGuided ?? [];
  const wanted = (name: GeneratorName, c: GeneratedCase): boolean => {
    const settings = c.sources[0] && own.get(c.sources[0].flow);
    return settings ? settings.generators.includes(name) : chosen.has(name);
  };
  const names = GENERATOR_NAMES.filter((name) => chosen.has(name) || configured.some((f) => f.generators.includes(name)));
  return names.flatMap((name) => {
    if (isModelGuided(name)) return modelGuided.filter((c) => c.generator === name && wanted(name, c));
    const generate = GENERATORS[name];
    const others = chosen.has(name) ? generate(rest) : [];
    // A configured flow's run also makes the cases that come from no intent: those belong to the run's settings.
    const flows = flowContexts.flatMap(({ settings, context: flowContext }) =>
      settings.generators.includes(name) ? generate(flowContext).filter((c) => c.sources[0]?.flow === settings.flow) : [],
    );
    return [...others, ...flows];
  });
}

/** What every generator is given, for these options (the model-guided generators too). */
export function generatorContext(workspace: Workspace, options: Pick<GenerateCasesOptions, 'seed' | 'perIntent' | 'flow' | 'today'>): GeneratorContext {
  const perIntent = options.perIntent ?? DEFAULT_PER_INTENT;
  if (!Number.isInteger(perIntent) || perIntent < 0) throw new RangeError(`perIntent must be a whole number from 0, got ${perIntent}`);
  const allIntents = sourceIntents(workspace);
  return {
    seed: options.seed,
    perIntent,
    intents: options.flow === undefined ? allIntents : allIntents.filter((i) => i.flow === options.flow),
    allIntents,
    sensitiveTopics: sensitiveTopics(workspace),
    workspace,
    today: options.today ?? DEFAULT_TODAY,
  };
}
