/**
 * What the status bar says about intent recognition: the recognizer agent.yaml
 * names (`nlu.recognizer`, `nlu.threshold`), and which one the studio's Try it
 * and test runs use. Test runs use the built-in lexical recognizer; Try it uses
 * `use` through the browser's model worker once it has loaded (`model`, from
 * worker/TryItRecognizer.ts), and lexical until then, if it fails, or for a
 * model the browser cannot run. Which one answers is always said, so nobody
 * reads a lexical result as the model's.
 */
import { parseYaml } from '@colloquy/core';
import type { TryItRecognizerState } from '../worker/TryItRecognizer.ts';

export interface RecognizerStatus {
  readonly label: string;
  readonly title: string;
}

/** The recognizer the studio itself runs (Try it, test runs). */
export const STUDIO_RECOGNIZER = 'lexical';

export function recognizerStatus(agentText: string | undefined, model?: TryItRecognizerState): RecognizerStatus {
  const settings = agentText === undefined ? undefined : nluSettings(agentText);
  if (!settings?.recognizer) {
    return { label: `recognizer: ${STUDIO_RECOGNIZER}`, title: 'agent.yaml names no recognizer (nlu.recognizer); the studio uses the lexical one.' };
  }
  const threshold = settings.threshold === undefined ? '' : ` ≥ ${settings.threshold}`;
  if (settings.recognizer === STUDIO_RECOGNIZER) {
    return { label: `recognizer: lexical${threshold}`, title: `agent.yaml: nlu.recognizer lexical, threshold${threshold || ' not set'}. Try it and test runs use it.` };
  }
  if (model && model.kind !== 'off' && model.recognizer === settings.recognizer) return modelStatus(model, threshold);
  return {
    label: `recognizer: ${settings.recognizer} (studio: lexical)`,
    title: `agent.yaml names the ${settings.recognizer} recognizer; Try it and test runs in the studio use the lexical one, so their recognitions can differ from the model's.`,
  };
}

function modelStatus(model: Exclude<TryItRecognizerState, { kind: 'off' }>, threshold: string): RecognizerStatus {
  const name = model.recognizer;
  switch (model.kind) {
    case 'loading':
      return { label: `recognizer: loading ${name}…`, title: `agent.yaml names the ${name} recognizer; its model is loading in the browser. Until it has, Try it uses the lexical one.` };
    case 'ready':
      return {
        label: `recognizer: ${name}${threshold}`,
        title: `agent.yaml: nlu.recognizer ${name}. Try it recognises with the model in the browser (${model.model}, weights sha256 ${model.weightsSha256.slice(0, 12)}…); test runs in the studio use the lexical one, as colloquy test does.`,
      };
    case 'failed':
      return { label: `recognizer: ${name} failed (studio: lexical)`, title: `The ${name} model could not run in the browser: ${model.reason}. Try it and test runs use the lexical recognizer.` };
    default: {
      const unknown: never = model;
      throw new Error(`unknown model state ${JSON.stringify(unknown)}`);
    }
  }
}

/** agent.yaml's `nlu.recognizer` and `nlu.threshold`, read leniently (the text may be mid-edit): for the status bar and the Try-it model. */
export function nluSettings(text: string): { recognizer?: string; threshold?: number } | undefined {
  const { data } = parseYaml('agent.yaml', text);
  const nlu = typeof data === 'object' && data !== null ? (data as { nlu?: unknown }).nlu : undefined;
  if (typeof nlu !== 'object' || nlu === null) return undefined;
  const { recognizer, threshold } = nlu as { recognizer?: unknown; threshold?: unknown };
  return {
    ...(typeof recognizer === 'string' ? { recognizer: recognizer.slice(0, 40) } : {}),
    ...(typeof threshold === 'number' ? { threshold } : {}),
  };
}
