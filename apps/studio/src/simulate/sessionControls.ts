/**
 * What a Try-it conversation can be configured with, read from agent.yaml:
 * its context variables (typed, so the panel offers a checkbox, a number or a
 * list instead of free text) and its action catalogue (each action's
 * outcomes). The studio's equivalent of `colloquy chat --context NAME=VALUE
 * --action NAME=OUTCOME`, but typed by the declarations instead of guessed from
 * the text.
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

export type ParsedContextValue = { readonly ok: true; readonly value: ContextValue | undefined } | { readonly ok: false; readonly reason: string };

/**
 * A context control's input as a value of the variable's declared type. Empty
 * input means "not set" (the conversation uses the default). A number that
 * does not parse, or a text outside the declared `values`, is refused with a
 * reason the panel shows beside the field.
 */
export function parseContextInput(control: ContextControl, raw: string): ParsedContextValue {
  const text = raw.trim();
  if (text === '') return { ok: true, value: undefined };
  switch (control.type) {
    case 'boolean':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, reason: `${control.name} is true or false` };
    case 'number': {
      const value = Number(text);
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `${control.name} is a number, e.g. 0.5` };
    }
    case 'string':
      if (control.values && !control.values.includes(text)) return { ok: false, reason: `${control.name} is one of ${control.values.join(', ')}` };
      return { ok: true, value: text };
    default: {
      const unreachable: never = control.type;
      return { ok: false, reason: `unknown type ${String(unreachable)}` };
    }
  }
}

/** How the panel shows a value in an input (the inverse of `parseContextInput`). */
export function formatContextValue(value: ContextValue | undefined): string {
  return value === undefined ? '' : String(value);
}
