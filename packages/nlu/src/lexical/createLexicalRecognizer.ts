import { decideIntent, EMPTY_RECOGNITION, RANKING_SIZE, type RecognitionThresholds } from '../recognition/decideIntent.ts';
import { RecentRecognitions } from '../recognition/RecentRecognitions.ts';
import type { IntentScore, IntentTraining, Recognition, SyncRecognizer } from '../recognizer.ts';
import { normalizeUtterance } from '../text/normalizeUtterance.ts';
import { calibrate, intentScores } from './intentScores.ts';
import { LexicalIndex } from './LexicalIndex.ts';
import { DEFAULT_LEXICAL_TUNING, type LexicalTuning } from './LexicalTuning.ts';

export interface LexicalRecognizerOptions extends RecognitionThresholds {
  readonly intents: readonly IntentTraining[];
  /** For benchmarks and tuning only; designers tune `threshold` and `margin`. Default: DEFAULT_LEXICAL_TUNING. */
  readonly tuning?: Partial<LexicalTuning>;
}

/**
 * The built-in recognizer: no model, no download, deterministic. It compares
 * the utterance with every training example by TF-IDF cosine similarity over
 * words and character n-grams (see LexicalIndex) and scores each intent from
 * its closest examples (see intentScores). Recognitions depend only on the
 * text, the training data and the settings, never on the order of the
 * training data or on earlier calls.
 */
export function createLexicalRecognizer(options: LexicalRecognizerOptions): SyncRecognizer {
  const tuning: LexicalTuning = { ...DEFAULT_LEXICAL_TUNING, ...options.tuning };
  const thresholds: RecognitionThresholds = { threshold: options.threshold, margin: options.margin ?? 0 };
  const index = new LexicalIndex(options.intents, tuning);
  const similarities = new Float64Array(index.exampleCount);
  const raw = new Float64Array(index.intentNames.length);
  const topK = new Float64Array(Math.max(1, Math.floor(tuning.topK)));
  const recent = new RecentRecognitions();

  const recognizeNormalized = (normalized: string): Recognition => {
    if (normalized.length === 0) return EMPTY_RECOGNITION;
    index.similarities(normalized, similarities);
    intentScores(similarities, index.intentStart, tuning, raw, topK);
    return Object.freeze(decideIntent(topIntents(index.intentNames, raw, tuning), thresholds));
  };

  const recognizeSync = (text: string): Recognition => {
    if (typeof text !== 'string') return EMPTY_RECOGNITION;
    const known = recent.get(text);
    if (known) return known;
    const recognition = recognizeNormalized(normalizeUtterance(text));
    recent.remember(text, recognition);
    return recognition;
  };

  return {
    info: Object.freeze({ recognizer: 'lexical' as const }),
    recognizeSync,
    recognize: async (text) => recognizeSync(text),
    recognizeBatch: async (texts) => texts.map(recognizeSync),
  };
}

/**
 * The best RANKING_SIZE intents, best first. Selected on raw scores (cheap:
 * only the winners get a calibrated score and an object), then ordered by
 * calibrated score with ties broken by name, so that results never depend on
 * the order of the training data. Intent indices follow name order.
 */
function topIntents(names: readonly string[], raw: Float64Array, tuning: LexicalTuning): readonly IntentScore[] {
  const chosen: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const score = raw[i]!;
    if (chosen.length === RANKING_SIZE && !(score > raw[chosen[RANKING_SIZE - 1]!]!)) continue;
    if (chosen.length === RANKING_SIZE) chosen.pop();
    let at = chosen.length;
    while (at > 0 && score > raw[chosen[at - 1]!]!) at--;
    chosen.splice(at, 0, i);
  }
  const ranking = chosen.map((i) => ({ intent: names[i]!, score: calibrate(raw[i]!, tuning), index: i }));
  ranking.sort((a, b) => b.score - a.score || a.index - b.index);
  // Frozen like the recognition holding it: the memo hands the same object to every caller.
  return Object.freeze(ranking.map(({ intent, score }) => Object.freeze({ intent, score })));
}
