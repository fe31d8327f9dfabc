/**
 * The one interface every intent recognizer implements, from the built-in
 * lexical recognizer to model-based ones. Recognition applies the out-of-scope
 * threshold itself: `intent` is null when the utterance is not understood.
 */
export type SlotValue = string | number | boolean;

export interface IntentScore {
  readonly intent: string;
  /** Between 0 and 1; higher is more likely. */
  readonly score: number;
}

export interface Recognition {
  /** The recognised intent, or null when the utterance is out of scope or ambiguous. */
  readonly intent: string | null;
  /** The best intent's score (also when it fell below the threshold). */
  readonly confidence: number;
  /** Every intent's score, best first (at most 10). */
  readonly ranking: readonly IntentScore[];
  /** Slot values the recognizer found in the utterance (model recognizers may fill this; lexical leaves it empty). */
  readonly slots: Readonly<Record<string, SlotValue>>;
  /** Why `intent` is null, when it is. */
  readonly rejected?: 'out_of_scope' | 'ambiguous' | 'empty';
}

export interface RecognizerInfo {
  readonly recognizer: 'lexical' | 'use' | 'transformers';
  /** Model id, when the recognizer uses a model. */
  readonly model?: string;
  /** sha256 of the model weights, when the recognizer uses a model. */
  readonly modelHash?: string;
}

export interface Recognizer {
  readonly info: RecognizerInfo;
  recognize(text: string): Promise<Recognition>;
  recognizeBatch(texts: readonly string[]): Promise<Recognition[]>;
}

/** A recognizer that can answer synchronously (the lexical one); the engine needs this form. */
export interface SyncRecognizer extends Recognizer {
  recognizeSync(text: string): Recognition;
}

/** What the conversation engine calls for each utterance that needs an intent. */
export type NluFunction = (text: string) => Recognition;

export interface IntentTraining {
  readonly intent: string;
  readonly examples: readonly string[];
}
