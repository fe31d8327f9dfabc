/**
 * @colloquy/nlu: intent recognition and slot extraction behind one interface.
 * Runs in the browser and in Node: nothing here touches `fs`, the network or
 * a clock.
 */
export type { IntentScore, IntentTraining, NluFunction, Recognition, Recognizer, RecognizerInfo, SlotValue, SyncRecognizer } from './recognizer.ts';
export { mulberry32 } from './seededRandom.ts';
export { extractSlot, prefillSlots } from './slots/extractSlot.ts';
export type { SlotExtraction, SlotExtractionOptions } from './slots/SlotExtraction.ts';
export { createLexicalRecognizer, type LexicalRecognizerOptions } from './lexical/createLexicalRecognizer.ts';
export { lexicalNlu, lexicalRecognizerForWorkspace } from './lexical/lexicalRecognizerForWorkspace.ts';
export { DEFAULT_LEXICAL_TUNING, type LexicalTuning } from './lexical/LexicalTuning.ts';
export { decideIntent, RANKING_SIZE, type RecognitionThresholds } from './recognition/decideIntent.ts';
export { DEFAULT_THRESHOLD, workspaceIntents, workspaceThresholds } from './training/workspaceTraining.ts';
export { normalizeUtterance } from './text/normalizeUtterance.ts';
export type { Embedder } from './model/Embedder.ts';
export { EmbeddingCache } from './model/EmbeddingCache.ts';
export { cachedEmbedder } from './model/cachedEmbedder.ts';
export type { UseVocabulary } from './model/useTokenizer.ts';
export { IntentClassifier } from './model/IntentClassifier.ts';
export {
  calibrateClassifier,
  trainIntentClassifier,
  type ClassifierTuning,
  type ClassifierValidation,
  type LabelledEmbedding,
  type UnlabelledEmbedding,
} from './model/trainIntentClassifier.ts';
export { addLexicalEvidence, DEFAULT_LEXICAL_WEIGHT, lexicalEvidence, type LexicalEvidence } from './model/lexicalEvidence.ts';
export { BACKGROUND_RECALL, createModelRecognizer, recognizerFor, type ModelRecognizer, type ModelRecognizerOptions } from './model/createModelRecognizer.ts';
export { BACKGROUND_MAX_SIMILARITY, BACKGROUND_UTTERANCES, backgroundFor } from './model/backgroundUtterances.ts';
export { DEFAULT_OUT_OF_SCOPE_RECALL } from './model/calibration.ts';
export type { ModelRecognizerName } from './model/createModelRecognizer.ts';
export { workspaceModelRecognizer } from './model/workspaceModelRecognizer.ts';
export { cosine } from './model/vectors.ts';
