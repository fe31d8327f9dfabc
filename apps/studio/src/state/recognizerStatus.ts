/**
 * What the status bar says about intent recognition: the recognizer agent.yaml
 * names (`nlu.recognizer`, `nlu.threshold`), and which one the studio's Try it
 * and test runs use. The studio runs the built-in lexical recognizer in the
 * page; a model recognizer named by the agent is shown as such, so nobody reads
 * a lexical result as the model's.
 */
import { parseYaml } from '@colloquy/core';

export interface RecognizerStatus {
  readonly label: string;
  readonly title: string;
}

/** The recognizer the studio itself runs (Try it, test runs). */
export const STUDIO_RECOGNIZER = 'lexical';

export function recognizerStatus(agentText: string | undefined): RecognizerStatus {
  const settings = agentText === undefined ? undefined : nluSettings(agentText);
  if (!settings?.recognizer) {
    return { label: `recognizer: ${STUDIO_RECOGNIZER}`, title: 'agent.yaml names no recognizer (nlu.recognizer); the studio uses the lexical one.' };
  }
  const threshold = settings.threshold === undefined ? '' : ` ≥ ${settings.threshold}`;
  if (settings.recognizer === STUDIO_RECOGNIZER) {
    return { label: `recognizer: lexical${threshold}`, title: `agent.yaml: nlu.recognizer lexical, threshold${threshold || ' not set'}. Try it and test runs use it.` };
  }
  return {
    label: `recognizer: ${settings.recognizer} (studio: lexical)`,
    title: `agent.yaml names the ${settings.recognizer} recognizer; Try it and test runs in the studio use the lexical one, so their recognitions can differ from the model's.`,
  };
}

function nluSettings(text: string): { recognizer?: string; threshold?: number } | undefined {
  const { data } = parseYaml('agent.yaml', text);
  const nlu = typeof data === 'object' && data !== null ? (data as { nlu?: unknown }).nlu : undefined;
  if (typeof nlu !== 'object' || nlu === null) return undefined;
  const { recognizer, threshold } = nlu as { recognizer?: unknown; threshold?: unknown };
  return {
    ...(typeof recognizer === 'string' ? { recognizer: recognizer.slice(0, 40) } : {}),
    ...(typeof threshold === 'number' ? { threshold } : {}),
  };
}
