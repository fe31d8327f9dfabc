/**
 * The simulation report: plain JSON data (strings, numbers, booleans, null,
 * arrays, objects), keys always in the order written here, so that it can be
 * written, hashed and compared as it is. It holds no clock reading and no
 * machine-dependent value (paths are workspace-relative), so the same
 * workspace, recognizer and options give the same bytes. `reportHash` is the
 * SHA-256 of the canonical JSON (`canonicalJson`) of everything else.
 */
import type { FlowGeneration } from '../generate/flowSettings.ts';
import type { Expectation, GeneratorName } from '../generate/generatedCase.ts';
import type { JsonObject } from '../format/jsonReport.ts';
import type { CaseOutcome, CaseTurn } from './runGeneratedCase.ts';

export const SIMULATION_REPORT_FORMAT = 'colloquy.simulation-report';
export const SIMULATION_REPORT_VERSION = 2;

export interface SimulationRun {
  /** `lexical`, or a model recognizer's name. */
  readonly recognizer: string;
  /** The model id; null for the lexical recognizer. */
  readonly model: string | null;
  /** SHA-256 of the model weights; null for the lexical recognizer. */
  readonly weightsHash: string | null;
  readonly seed: string;
  /** The generators that ran, in run order. */
  readonly generators: readonly GeneratorName[];
  readonly perIntent: number;
  /** The flow per-intent cases were limited to, or null for all. */
  readonly flow: string | null;
  /**
   * The flows whose cases were made with their own settings (their test
   * file's `simulate:` block, CLI flags over it), in workspace order; the
   * run's `seed`, `generators` and `perIntent` are those of every other flow
   * and of the cases made from no intent. `generators` above is every
   * generator that ran for some flow.
   */
  readonly flows: readonly FlowGeneration[];
  /** The date conversations ran on. */
  readonly today: string;
  /** SHA-256 over the workspace files (`workspaceHash`), or null when the caller did not give the files. */
  readonly workspaceHash: string | null;
}

/** Passed, total and the pass rate (percent, one decimal; null when there is nothing to count). */
export interface PassRate {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly rate: number | null;
}

export interface FlowRate extends PassRate {
  /** The flow the cases' source examples come from; null for cases made from no intent (fixed probes). */
  readonly flow: string | null;
}

export interface IntentRate extends PassRate {
  readonly intent: string;
  readonly flow: string;
}

export interface GeneratorRate extends PassRate {
  readonly generator: GeneratorName;
}

/** Every generated case's outcome, failing or not: what the behaviour diff compares. */
export interface CaseOutcomeRow {
  readonly id: string;
  readonly passed: boolean;
  readonly outcome: CaseOutcome;
  readonly intent: string | null;
  readonly handoff: boolean;
}

export interface FailingCase {
  readonly id: string;
  readonly generator: GeneratorName;
  readonly transformation: string;
  readonly detail: string;
  readonly utterance: string;
  readonly expectation: Expectation;
  readonly accept: readonly Expectation[];
  readonly intents: readonly string[];
  readonly outcome: CaseOutcome;
  readonly intent: string | null;
  readonly confidence: number | null;
  readonly reasons: readonly string[];
  readonly echoed: readonly string[];
  /** The conversation: greeting, the case's utterance, follow-ups. */
  readonly trace: readonly CaseTurn[];
}

export interface ConfusionPair {
  /** What the case should have been recognised as: an intent, `a or b` for multi-intent cases, or `(not understood)` for out-of-scope cases. */
  readonly expected: string;
  /** What it was recognised as, `(not understood)` when nothing was. */
  readonly recognised: string;
  readonly count: number;
  /** Up to 3 example case ids, in run order. */
  readonly examples: readonly string[];
}

export interface IntentRobustness {
  readonly intent: string;
  readonly flow: string;
  /** Perturbed variants (noise, wording, paraphrase, pii) of the intent's examples. */
  readonly variants: number;
  /** Those still routed to the right intent (a reply echoing PII still counts as routed here; it fails its policy row). */
  readonly routed: number;
  readonly rate: number | null;
  /** The same per generator, in run order: only the generators that made variants. */
  readonly byGenerator: readonly { readonly generator: GeneratorName; readonly variants: number; readonly routed: number }[];
}

/**
 * Model-guided adversarial search against one intent (after TextFooler and
 * DeepWordBug): of the intent's source examples that were recognised
 * correctly before the attack (`attacked`), how many a small meaning-preserving
 * change flipped to another intent or dropped below the threshold
 * (`succeeded`).
 */
export interface IntentAttacks {
  readonly intent: string;
  readonly flow: string;
  readonly attacked: number;
  readonly succeeded: number;
  /** Attack success rate, percent with one decimal; null when nothing was attacked. */
  readonly rate: number | null;
  /** Mean share of words changed in the successful attacks, percent with one decimal; null when none succeeded. */
  readonly wordsChanged: number | null;
}

export interface AttackSummary {
  readonly attacked: number;
  readonly succeeded: number;
  readonly rate: number | null;
  /** Only intents that were attacked, in workspace order. Empty when the adversarial generator did not run. */
  readonly byIntent: readonly IntentAttacks[];
}

export type PolicyCheck = 'topic_handoff' | 'injection' | 'pii';

export interface PolicyResult extends PassRate {
  readonly check: PolicyCheck;
  /** The topic_handoff policy; null for the injection and PII checks, which come from no policy file. */
  readonly policy: string | null;
  readonly topic: string | null;
  /** The failing case ids, in run order. */
  readonly failing: readonly string[];
}

export interface SimulationReport {
  readonly format: typeof SIMULATION_REPORT_FORMAT;
  readonly version: typeof SIMULATION_REPORT_VERSION;
  readonly run: SimulationRun;
  readonly summary: {
    readonly scripted: PassRate;
    readonly generated: PassRate;
  };
  /** The scripted tests as `colloquy test --format json` writes them, without coverage (see `coverage`). */
  readonly scripted: JsonObject;
  readonly generated: {
    readonly byFlow: readonly FlowRate[];
    readonly byIntent: readonly IntentRate[];
    readonly byGenerator: readonly GeneratorRate[];
  };
  readonly confusion: readonly ConfusionPair[];
  readonly robustness: readonly IntentRobustness[];
  readonly attacks: AttackSummary;
  readonly policies: readonly PolicyResult[];
  /** Coverage by every conversation of the run, scripted and generated, with what was never reached. */
  readonly coverage: JsonObject;
  readonly failing: readonly FailingCase[];
  readonly cases: readonly CaseOutcomeRow[];
  readonly reportHash: string;
}

export function passRate(total: number, passed: number): PassRate {
  return { total, passed, failed: total - passed, rate: rate(passed, total) };
}

export function rate(part: number, total: number): number | null {
  return total === 0 ? null : Math.round((part * 1000) / total) / 10;
}
