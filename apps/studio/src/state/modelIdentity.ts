/**
 * What the status bar says about the model the server's simulations run
 * (api/ServerRecognizer.ts): the recognizer, the model id and a short weights
 * hash, with the full sha256 in the tooltip, so it can be compared with the
 * one a simulation report records; a warning when the server cannot load the
 * model (simulations would fail). Nothing for the lexical recognizer, which
 * has no model.
 */
import type { RecognizerDescription } from '../api/ServerRecognizer.ts';

export interface ModelIdentityStatus {
  readonly label: string;
  readonly title: string;
}

/** Hex digits of the weights hash the label shows: enough to tell two models apart at a glance. */
export const SHORT_HASH_LENGTH = 12;
/** Longest model id the label shows whole (a transformers model may be named by a long path); the tooltip has it all. */
export const MAX_SHOWN_MODEL = 32;

export function modelIdentityStatus(description: RecognizerDescription | undefined): ModelIdentityStatus | undefined {
  if (!description || description.recognizer === 'lexical') return undefined;
  const { recognizer, model, weightsHash } = description;
  if (weightsHash === null || model === null) {
    const named = model === null ? '' : ` ${model}`;
    return {
      label: `⚠ model: ${recognizer} not loaded`,
      title: `The server cannot load the ${recognizer} model${named} that agent.yaml names, so simulations will fail: ${sentence(description.error ?? 'the server gave no reason')}`,
    };
  }
  return {
    label: `model: ${recognizer} · ${shortModel(model)} · ${weightsHash.slice(0, SHORT_HASH_LENGTH)}`,
    title: `Simulations run the ${recognizer} recognizer that agent.yaml (as saved) names: model ${model}, weights sha256 ${weightsHash}. Their reports record the same.`,
  };
}

function shortModel(model: string): string {
  return model.length <= MAX_SHOWN_MODEL ? model : `…${model.slice(-(MAX_SHOWN_MODEL - 1))}`;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
