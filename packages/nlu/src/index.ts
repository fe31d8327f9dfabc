/**
 * @colloquy/nlu: intent recognition and slot extraction behind one interface.
 * Runs in the browser and in Node: nothing here touches `fs`, the network or
 * a clock.
 */
export type { IntentScore, IntentTraining, NluFunction, Recognition, Recognizer, RecognizerInfo, SlotValue, SyncRecognizer } from './recognizer.ts';
export { extractSlot, prefillSlots } from './slots/extractSlot.ts';
export type { SlotExtraction, SlotExtractionOptions } from './slots/SlotExtraction.ts';
export { createLexicalRecognizer, type LexicalRecognizerOptions } from './lexical/createLexicalRecognizer.ts';
export { lexicalNlu, lexicalRecognizerForWorkspace } from './lexical/lexicalRecognizerForWorkspace.ts';
export { DEFAULT_LEXICAL_TUNING, type LexicalTuning } from './lexical/LexicalTuning.ts';
export { decideIntent, RANKING_SIZE, type RecognitionThresholds } from './recognition/decideIntent.ts';
export { DEFAULT_THRESHOLD, workspaceIntents, workspaceThresholds } from './training/workspaceTraining.ts';
export { normalizeUtterance } from './text/normalizeUtterance.ts';
