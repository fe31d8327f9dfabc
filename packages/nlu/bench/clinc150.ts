/**
 * CLINC150 (Larson et al., EMNLP 2019; CC BY 3.0) for tuning and measuring
 * the lexical recognizer. Train on `train`, choose on `val`/`oos_val`, and
 * report once on `test`/`oos_test`: never tune on the test split.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IntentTraining } from '@colloquy/nlu';

/** The data set lives beside the repository, in ../shared/datasets (not committed: its licence and size); CLINC150=path overrides. */
export const CLINC150_PATH = process.env.CLINC150 ?? fileURLToPath(new URL('../../../../shared/datasets/clinc150/data_full.json', import.meta.url));

export type Split = 'train' | 'val' | 'test' | 'oos_train' | 'oos_val' | 'oos_test';
export type Labelled = readonly [text: string, intent: string];
export type Clinc150 = Readonly<Record<Split, readonly Labelled[]>>;

export function loadClinc150(path = CLINC150_PATH): Clinc150 {
  return JSON.parse(readFileSync(path, 'utf8')) as Clinc150;
}

/**
 * The data set, or exit with a message that says where it was looked for and
 * how to get it: a benchmark without its data must fail, not report figures
 * from something else.
 */
export function requireClinc150(path = CLINC150_PATH): Clinc150 {
  if (!existsSync(path)) {
    console.error(
      `CLINC150 not found at ${path}.\n` +
        'The NLU benchmark needs the data set in ../shared/datasets/clinc150/data_full.json beside the repository ' +
        '(see ../shared/datasets/clinc150/README.md; source: github.com/clinc/oos-eval, data/data_full.json), ' +
        'or its path in the CLINC150 environment variable.',
    );
    process.exit(2);
  }
  return loadClinc150(path);
}

/** Examples grouped by intent, in file order, at most `perIntent` each, only for `intents` when given. */
export function trainingFrom(rows: readonly Labelled[], options: { perIntent?: number; intents?: ReadonlySet<string> } = {}): IntentTraining[] {
  const byIntent = new Map<string, string[]>();
  for (const [text, intent] of rows) {
    if (options.intents && !options.intents.has(intent)) continue;
    const list = byIntent.get(intent) ?? [];
    if (list.length < (options.perIntent ?? Infinity)) list.push(text);
    byIntent.set(intent, list);
  }
  return [...byIntent].map(([intent, examples]) => ({ intent, examples }));
}

/**
 * A workspace-sized scenario: `intentCount` intents (every n-th by name) with
 * `perIntent` examples each, like a bank assistant's ~300 examples. In scope
 * are held-out utterances of those intents; out of scope are CLINC's
 * out-of-scope utterances plus utterances of all the other intents, which is
 * what an assistant meets from customers asking for things it does not do.
 */
export interface Scenario {
  readonly name: string;
  readonly training: IntentTraining[];
  readonly inScope: readonly Labelled[];
  readonly outOfScope: readonly string[];
}

export function fullScenario(data: Clinc150, evaluate: 'val' | 'test'): Scenario {
  return {
    name: `clinc150-full-${evaluate}`,
    training: trainingFrom(data.train),
    inScope: data[evaluate],
    outOfScope: data[evaluate === 'val' ? 'oos_val' : 'oos_test'].map(([text]) => text),
  };
}

export function workspaceSizedScenario(data: Clinc150, evaluate: 'val' | 'test', intentCount = 30, perIntent = 10, offset = 0): Scenario {
  const all = [...new Set(data.train.map(([, intent]) => intent))].sort();
  const step = Math.floor(all.length / intentCount);
  const chosen = new Set(all.filter((_, i) => i % step === offset % step).slice(0, intentCount));
  const heldOut = data[evaluate];
  return {
    name: `clinc150-${intentCount}x${perIntent}-${evaluate}-${offset}`,
    training: trainingFrom(data.train, { perIntent, intents: chosen }),
    inScope: heldOut.filter(([, intent]) => chosen.has(intent)),
    outOfScope: [
      ...data[evaluate === 'val' ? 'oos_val' : 'oos_test'].map(([text]) => text),
      ...heldOut.filter(([, intent]) => !chosen.has(intent)).map(([text]) => text),
    ],
  };
}
