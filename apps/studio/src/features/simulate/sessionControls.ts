/**
 * What a Try-it conversation can be configured with, read from agent.yaml:
 * its context variables (typed, so the panel offers a checkbox, a number or a
 * list instead of free text) and its action catalogue (each action's
 * outcomes). The studio's equivalent of `colloquy chat --context NAME=VALUE
 * --action NAME=OUTCOME`. What the designer types is read by the simulator's
 * `parseContextValue`, as the CLI reads `--context` (a `ContextControl` is a
 * `ContextDeclaration`), so both give a text the same value.
 */
import type { ContextVariable, Workspace } from '@colloquy/core';
import type { ContextValue } from '@colloquy/engine';

export interface ContextControl {
  readonly name: string;
  readonly type: ContextVariable['type'];
  /** For text variables with a closed list of values. */
  readonly values?: readonly string[];
  /** What the conversation gets when the designer sets nothing (agent.yaml `default`). */
  readonly defaultValue?: ContextValue;
  readonly description?: string;
}

export interface ActionControl {
  readonly name: string;
  readonly outcomes: readonly string[];
  /** What the action reports unless the designer picks another outcome. */
  readonly defaultOutcome: string;
  readonly description?: string;
}

/** The context variables agent.yaml declares, in file order. Empty without an agent file. */
export function contextControls(workspace: Workspace): ContextControl[] {
  return Object.entries(workspace.agent?.data.context ?? {}).map(([name, variable]) => ({
    name,
    type: variable.type,
    ...(variable.values ? { values: variable.values } : {}),
    ...(variable.default !== undefined && variable.default !== null ? { defaultValue: variable.default as ContextValue } : {}),
    ...(variable.description ? { description: variable.description } : {}),
  }));
}

/** The action catalogue, in file order. */
export function actionControls(workspace: Workspace): ActionControl[] {
  return Object.entries(workspace.agent?.data.actions ?? {}).map(([name, action]) => ({
    name,
    outcomes: action.outcomes,
    defaultOutcome: action.default,
    ...(action.description ? { description: action.description } : {}),
  }));
}
