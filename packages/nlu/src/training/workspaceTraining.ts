import type { Workspace } from '@colloquy/core';
import type { RecognitionThresholds } from '../recognition/decideIntent.ts';
import type { IntentTraining } from '../recognizer.ts';

/** Threshold used when the workspace has no (valid) agent.yaml to take it from. */
export const DEFAULT_THRESHOLD = 0.5;

/**
 * Every intent the workspace's flows declare, with its examples. An intent
 * declared by two flows (an error the checks report) keeps the examples of
 * both, so recognition still works while the designer fixes it.
 */
export function workspaceIntents(workspace: Workspace): IntentTraining[] {
  const examples = new Map<string, string[]>();
  for (const flow of workspace.flows) {
    for (const [intent, definition] of Object.entries(flow.data.intents ?? {})) {
      const list = examples.get(intent) ?? [];
      list.push(...(definition.examples ?? []));
      examples.set(intent, list);
    }
  }
  return [...examples].map(([intent, list]) => ({ intent, examples: list }));
}

/** The agent's `nlu.threshold` and `nlu.margin`, with defaults when there is no agent. */
export function workspaceThresholds(workspace: Workspace): RecognitionThresholds {
  const nlu = workspace.agent?.data.nlu;
  return { threshold: nlu?.threshold ?? DEFAULT_THRESHOLD, margin: nlu?.margin ?? 0 };
}
