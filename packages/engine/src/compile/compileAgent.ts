/**
 * The agent-wide settings the runtime uses, from agent.yaml or, when the
 * workspace has none (a partial workspace in the studio, a flow being tried
 * on its own), from safe defaults so that the engine still runs.
 */
import type { Handoff, LoadedFile } from '@colloquy/core';
import type { ContextValue } from '../session.ts';
import type { SourceRef } from '../trace.ts';
import type { AgentSettings, CompiledHandoff, CompiledMessage } from './compiled.ts';
import { keyRef } from './sourceRef.ts';
import { compileTemplate } from './template.ts';

/** Used when there is no agent.yaml. */
export const DEFAULT_FALLBACK_SAY = "Sorry, I didn't understand that.";
export const DEFAULT_MAX_FAILURES = 2;
export const DEFAULT_QUEUE = 'default';

export function compileAgent(file: LoadedFile<'agent'> | undefined): AgentSettings {
  if (!file) {
    return {
      greeting: undefined,
      fallbackSay: { template: compileTemplate(DEFAULT_FALLBACK_SAY), at: undefined },
      fallbackAt: undefined,
      maxFailures: DEFAULT_MAX_FAILURES,
      fallbackHandoff: { queue: DEFAULT_QUEUE, reason: undefined, say: undefined, at: undefined },
      actionDefaults: new Map(),
      contextDefaults: Object.create(null) as Record<string, ContextValue>,
    };
  }
  const agent = file.data;
  const message = (text: string, path: readonly string[]): CompiledMessage => ({ template: compileTemplate(text), at: keyRef(file, path) });
  const actionDefaults = new Map<string, string>();
  for (const [name, definition] of Object.entries(agent.actions ?? {})) actionDefaults.set(name, definition.default);
  const contextDefaults = Object.create(null) as Record<string, ContextValue>;
  for (const [name, variable] of Object.entries(agent.context ?? {})) {
    if (variable.default !== undefined) contextDefaults[name] = variable.default;
  }
  return {
    greeting: agent.greeting === undefined ? undefined : message(agent.greeting, ['greeting']),
    fallbackSay: message(agent.fallback.say, ['fallback', 'say']),
    fallbackAt: keyRef(file, ['fallback']),
    maxFailures: agent.fallback.max_failures,
    fallbackHandoff: compileHandoff(agent.fallback.handoff, (path) => keyRef(file, ['fallback', 'handoff', ...path])),
    actionDefaults,
    contextDefaults,
  };
}

/** A handoff with its message compiled; `refAt([])` is the `handoff` key, `refAt(['say'])` its message. */
export function compileHandoff(handoff: Handoff, refAt: (path: readonly string[]) => SourceRef): CompiledHandoff {
  return {
    queue: handoff.queue,
    reason: handoff.reason,
    say: handoff.say === undefined ? undefined : { template: compileTemplate(handoff.say), at: refAt(['say']) },
    at: refAt([]),
  };
}
