/**
 * Generation settings per flow. A test file about a flow (`flow:`) may say
 * how that flow's edge cases are made, in a `simulate:` block: which
 * generators, how many cases per intent, which seed (docs/reference/tests.md).
 * A run has its own settings (CLI flags, the studio's form, or defaults);
 * this module decides, field by field, which one a flow's cases use:
 *
 * - a run setting the user set on purpose (`overrides`: a CLI flag) applies
 *   to every flow, the configured ones included: "--seed x" means other
 *   cases everywhere;
 * - otherwise the flow's own setting, when its file has one;
 * - otherwise the run's setting.
 *
 * Only the first `simulate:` block per flow counts (validation reports any
 * other as CQ220), and only flows that exist. Pure: the same workspace and
 * run give the same settings.
 */
import type { Workspace } from '@colloquy/core';
import { GENERATOR_NAMES, type GeneratorName } from './generatedCase.ts';

/** The settings a set of cases is made with. */
export interface GenerationSettings {
  /** In GENERATOR_NAMES order. */
  readonly generators: readonly GeneratorName[];
  readonly perIntent: number;
  readonly seed: string;
}

/** A flow's own settings, as its cases were made. */
export interface FlowGeneration extends GenerationSettings {
  readonly flow: string;
}

/** The run settings a caller can set on purpose, over the flows' own. */
export const RUN_SETTINGS = ['generators', 'perIntent', 'seed'] as const;
export type RunSetting = (typeof RUN_SETTINGS)[number];

/**
 * The settings of every flow whose test file has a `simulate:` block, in
 * the workspace's flow order, resolved against the run's settings and the
 * ones the caller set on purpose.
 */
export function flowGenerations(workspace: Workspace, run: GenerationSettings, overrides: readonly RunSetting[] = []): FlowGeneration[] {
  const blocks = new Map<string, NonNullable<Workspace['tests'][number]['data']['simulate']>>();
  for (const file of workspace.tests) {
    const { flow, simulate } = file.data;
    if (flow !== undefined && simulate !== undefined && !blocks.has(flow)) blocks.set(flow, simulate);
  }
  const wins = (setting: RunSetting): boolean => overrides.includes(setting);
  return workspace.flows.flatMap((file): FlowGeneration[] => {
    const block = blocks.get(file.data.id);
    if (!block) return [];
    // A flow id declared twice (CQ200) gets its settings once.
    blocks.delete(file.data.id);
    const named = block.generators;
    return [
      {
        flow: file.data.id,
        generators: wins('generators') || named === undefined ? run.generators : GENERATOR_NAMES.filter((name) => named.includes(name)),
        perIntent: wins('perIntent') || block.per_intent === undefined ? run.perIntent : block.per_intent,
        seed: wins('seed') || block.seed === undefined ? run.seed : block.seed,
      },
    ];
  });
}
