/**
 * `simulate`: the scripted tests (runTests) plus generated edge cases
 * (generateCases), each case in a fresh session of one engine, judged
 * (`judgeCase`) and summarised into a SimulationReport: pass rates per flow,
 * intent and generator, confusion pairs, robustness, policy checks, coverage
 * by every conversation, failing cases with their trace, and the run's
 * metadata and hash. Synchronous and deterministic: no clock, no Math.random;
 * the recognizer is a parameter so model recognizers plug in unchanged.
 */
import type { Workspace } from '@colloquy/core';
import { ConversationEngine, DEFAULT_TODAY, type ConversationEngineOptions, type SessionConfig } from '@colloquy/engine';
import { lexicalNlu, type NluFunction } from '@colloquy/nlu';
import { coverageFromFacts } from '../coverage/computeCoverage.ts';
import { TraceFactsCollector } from '../coverage/traceFacts.ts';
import { toJsonReport, type JsonObject } from '../format/jsonReport.ts';
import { flowGenerations, type RunSetting } from '../generate/flowSettings.ts';
import { DEFAULT_PER_INTENT, generateCases } from '../generate/generateCases.ts';
import { GENERATOR_NAMES, isModelGuided, type GeneratedCase, type GeneratorName } from '../generate/generatedCase.ts';
import type { ModelGuidedCases } from '../generate/modelGuidedCases.ts';
import { sensitiveTopics, sourceIntents } from '../generate/sources.ts';
import { describeError } from '../runner/runTestCase.ts';
import { runTests } from '../runner/runTests.ts';
import { attackSummary, NO_ATTACKS } from './attackSummary.ts';
import { canonicalJson } from './canonicalJson.ts';
import { runGeneratedCase, type CaseJudgement, type CaseRun, type StartSession } from './runGeneratedCase.ts';
import { sha256Hex } from './sha256.ts';
import {
  SIMULATION_REPORT_FORMAT,
  SIMULATION_REPORT_VERSION,
  passRate,
  rate,
  type ConfusionPair,
  type FailingCase,
  type FlowRate,
  type GeneratorRate,
  type IntentRate,
  type IntentRobustness,
  type PolicyResult,
  type SimulationReport,
  type SimulationRun,
} from './simulationReport.ts';

/** The recognizer a run used, as the report records it. */
export interface SimulationRecognizer {
  readonly name: string;
  readonly model?: string;
  readonly weightsHash?: string;
}

export interface SimulateOptions {
  /** Any text; the generated cases depend on it. */
  readonly seed: string;
  /** The recognizer the engine calls. Default: the workspace's lexical recognizer. */
  readonly nlu?: NluFunction;
  /** How the report names the recognizer. Default `{ name: 'lexical' }`; give it whenever `nlu` is given. */
  readonly recognizer?: SimulationRecognizer;
  /**
   * Default: every generator without a model, plus the model-guided ones
   * `modelGuided` holds. Naming a model-guided generator that `modelGuided`
   * does not hold is a programming error (it throws).
   */
  readonly generators?: readonly GeneratorName[];
  /**
   * The cases (and attack records) of the model-guided generators, made first
   * by `modelGuidedCases` with the same seed, perIntent and flow (checked).
   */
  readonly modelGuided?: ModelGuidedCases;
  /** Default 3 (DEFAULT_PER_INTENT). */
  readonly perIntent?: number;
  /**
   * The test files' `simulate:` blocks give a flow its own generators,
   * perIntent and seed (flowGenerations): they win over `generators`,
   * `perIntent` and `seed` here for that flow's intents, except for the
   * settings listed in `overrides`, which the user set on purpose (a CLI
   * flag) and which apply to every flow. Default: none. Model-guided
   * generators a file names run only when `modelGuided` holds them.
   */
  readonly overrides?: readonly RunSetting[];
  /** Only make per-intent cases from this flow's intents (fixed probes and scripted tests still run). */
  readonly flow?: string;
  /** Default 2026-01-01 (DEFAULT_TODAY), as `colloquy test`. */
  readonly today?: string;
  /** The workspace content hash (`workspaceHash` over the files it was read from); null in the report when absent. */
  readonly workspaceHash?: string;
  /** How many confusion pairs to keep, most frequent first. Default 10. */
  readonly confusionTop?: number;
  /** Called after each conversation (scripted tests first, then generated cases) with how many have run out of how many will. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly engine?: ConversationEngineOptions;
}

/** The seed when none is given: fixed, so two runs without one compare case by case (the CLI and the server use it). */
export const DEFAULT_SEED = 'colloquy';
export const DEFAULT_CONFUSION_TOP = 10;
/** The generators whose cases are perturbed variants of an intent's examples: robustness counts these. */
export const ROBUSTNESS_GENERATORS: readonly GeneratorName[] = ['noise', 'wording', 'paraphrase', 'pii'];
const NOT_UNDERSTOOD = '(not understood)';

interface JudgedCase {
  readonly testCase: GeneratedCase;
  readonly run: CaseRun;
}

export function simulate(workspace: Workspace, options: SimulateOptions): SimulationReport {
  const nlu = options.nlu ?? lexicalNlu(workspace);
  const today = options.today ?? DEFAULT_TODAY;
  const perIntent = options.perIntent ?? DEFAULT_PER_INTENT;
  const modelGuided = checkedModelGuided(options, perIntent);
  const ran = (name: GeneratorName): boolean => !isModelGuided(name) || (modelGuided?.generators.includes(name) ?? false);
  const runGenerators = GENERATOR_NAMES.filter((name) => (options.generators ? options.generators.includes(name) : ran(name)));
  const missing = runGenerators.filter((name) => !ran(name));
  if (missing.length > 0) throw new Error(`simulate: ${missing.join(', ')} need a model: make their cases with modelGuidedCases and pass them as modelGuided`);
  const flows = flowGenerations(workspace, { generators: runGenerators, perIntent, seed: options.seed }, options.overrides)
    .filter((f) => options.flow === undefined || f.flow === options.flow)
    .map((f) => ({ ...f, generators: f.generators.filter(ran) }));
  const generators = GENERATOR_NAMES.filter((name) => runGenerators.includes(name) || flows.some((f) => f.generators.includes(name)));
  // A flow's generators: its own when a test file configures it, else the run's (the attack success rate counts only flows that ran adversarial).
  const generatorsOf = (flow: string): readonly GeneratorName[] => flows.find((f) => f.flow === flow)?.generators ?? runGenerators;
  const cases = generateCases(workspace, {
    seed: options.seed,
    generators: runGenerators,
    perIntent,
    today,
    flows,
    ...(options.flow !== undefined ? { flow: options.flow } : {}),
    ...(modelGuided ? { modelGuided: modelGuided.cases } : {}),
  });
  const scriptedTotal = workspace.tests.reduce((n, file) => n + file.data.tests.length, 0);
  const total = scriptedTotal + cases.length;
  const facts = new TraceFactsCollector();

  const scripted = runTests(workspace, {
    nlu,
    today,
    ...(options.engine ? { engine: options.engine } : {}),
    onTrace: (trace) => facts.add(trace),
    ...(options.onProgress ? { onProgress: (done: number) => options.onProgress!(done, total) } : {}),
  });

  const startSession = sessionStarter(workspace, nlu, options.engine);
  const config: SessionConfig = { today };
  const judged: JudgedCase[] = cases.map((testCase, index) => {
    const run = runGeneratedCase(startSession, testCase, config);
    facts.add(run.trace);
    options.onProgress?.(scriptedTotal + index + 1, total);
    return { testCase, run };
  });

  const run: SimulationRun = {
    recognizer: options.recognizer?.name ?? 'lexical',
    model: options.recognizer?.model ?? null,
    weightsHash: options.recognizer?.weightsHash ?? null,
    seed: options.seed,
    generators,
    perIntent,
    flow: options.flow ?? null,
    flows,
    today,
    workspaceHash: options.workspaceHash ?? null,
  };
  const scriptedJson = toJsonReport(scripted);
  const coverageJson = toJsonReport({ ...scripted, coverage: coverageFromFacts(workspace, facts.facts()) })['coverage'] as JsonObject;
  const generatedPassed = judged.filter((c) => c.run.judgement.passed).length;
  const body: Omit<SimulationReport, 'reportHash'> = {
    format: SIMULATION_REPORT_FORMAT,
    version: SIMULATION_REPORT_VERSION,
    run,
    summary: {
      scripted: passRate(scripted.summary.total, scripted.summary.passed),
      generated: passRate(judged.length, generatedPassed),
    },
    scripted: { summary: scriptedJson['summary']!, suites: scriptedJson['suites']! },
    generated: {
      byFlow: byFlow(workspace, judged),
      byIntent: byIntent(workspace, judged),
      byGenerator: byGenerator(generators, judged),
    },
    confusion: confusionPairs(judged, options.confusionTop ?? DEFAULT_CONFUSION_TOP),
    robustness: robustness(workspace, judged),
    attacks: modelGuided ? attackSummary(workspace, modelGuided.attacks.filter((r) => generatorsOf(r.flow).includes('adversarial'))) : NO_ATTACKS,
    policies: policyResults(workspace, judged),
    coverage: coverageJson,
    failing: judged.filter((c) => !c.run.judgement.passed).map(failingCase),
    cases: judged.map(({ testCase, run: { judgement } }) => ({
      id: testCase.id,
      passed: judgement.passed,
      outcome: judgement.outcome,
      intent: judgement.intent,
      handoff: judgement.handoff,
    })),
  };
  return { ...body, reportHash: simulationReportHash(body) };
}

/** `modelGuided`, after checking it was made for this run (a mismatch is a bug in the caller, not bad input). */
function checkedModelGuided(options: SimulateOptions, perIntent: number): ModelGuidedCases | undefined {
  const given = options.modelGuided;
  if (!given) return undefined;
  if (given.seed !== options.seed || given.perIntent !== perIntent || given.flow !== (options.flow ?? null)) {
    throw new Error('simulate: modelGuided was made with another seed, perIntent or flow than this run');
  }
  return given;
}

/** SHA-256 of the canonical JSON of a report without its `reportHash`. */
export function simulationReportHash(report: Omit<SimulationReport, 'reportHash'> | SimulationReport): string {
  const { reportHash: _ignored, ...body } = report as SimulationReport;
  return sha256Hex(canonicalJson(body));
}

/** Whether every scripted test and every generated case passed. */
export function simulationPassed(report: SimulationReport): boolean {
  return report.summary.scripted.failed === 0 && report.summary.generated.failed === 0;
}

function sessionStarter(workspace: Workspace, nlu: NluFunction, options: ConversationEngineOptions | undefined): StartSession {
  try {
    const engine = new ConversationEngine(workspace, nlu, options);
    return (config) => engine.startSession(config);
  } catch (error) {
    const message = `the engine could not load the workspace: ${describeError(error)}`;
    return () => {
      throw new Error(message);
    };
  }
}

/** The flow and intent a case was made from (its first source), if any. */
function sourceOf(testCase: GeneratedCase): { flow: string; intent: string } | undefined {
  return testCase.sources[0];
}

function byFlow(workspace: Workspace, judged: readonly JudgedCase[]): FlowRate[] {
  const order = [...new Set(sourceIntents(workspace).map((i) => i.flow))];
  const counts = new Map<string | null, { total: number; passed: number }>();
  for (const { testCase, run } of judged) {
    const key = sourceOf(testCase)?.flow ?? null;
    const entry = counts.get(key) ?? { total: 0, passed: 0 };
    entry.total++;
    if (run.judgement.passed) entry.passed++;
    counts.set(key, entry);
  }
  const keys: (string | null)[] = [...order.filter((f) => counts.has(f)), ...(counts.has(null) ? [null] : [])];
  return keys.map((flow) => ({ flow, ...passRate(counts.get(flow)!.total, counts.get(flow)!.passed) }));
}

function byIntent(workspace: Workspace, judged: readonly JudgedCase[]): IntentRate[] {
  const rows: IntentRate[] = [];
  for (const { flow, intent } of sourceIntents(workspace)) {
    const mine = judged.filter((c) => sourceOf(c.testCase)?.intent === intent);
    if (mine.length === 0) continue;
    rows.push({ intent, flow, ...passRate(mine.length, mine.filter((c) => c.run.judgement.passed).length) });
  }
  return rows;
}

function byGenerator(generators: readonly GeneratorName[], judged: readonly JudgedCase[]): GeneratorRate[] {
  return generators.map((generator) => {
    const mine = judged.filter((c) => c.testCase.generator === generator);
    return { generator, ...passRate(mine.length, mine.filter((c) => c.run.judgement.passed).length) };
  });
}

/**
 * Expected → recognised for every case whose recognition was wrong: a
 * same-intent case recognised as another intent or not understood, an
 * out-of-scope case recognised as an intent. Most frequent first, then by
 * expected and recognised text (code-unit order), so ties are stable.
 */
function confusionPairs(judged: readonly JudgedCase[], top: number): ConfusionPair[] {
  const pairs = new Map<string, { expected: string; recognised: string; count: number; examples: string[] }>();
  for (const { testCase, run } of judged) {
    const pair = confusionOf(testCase, run.judgement);
    if (!pair) continue;
    const key = `${pair.expected}\u0000${pair.recognised}`;
    const entry = pairs.get(key) ?? { ...pair, count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < 3) entry.examples.push(testCase.id);
    pairs.set(key, entry);
  }
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...pairs.values()]
    .sort((a, b) => b.count - a.count || compare(a.expected, b.expected) || compare(a.recognised, b.recognised))
    .slice(0, Math.max(0, top))
    .map(({ expected, recognised, count, examples }) => ({ expected, recognised, count, examples }));
}

function confusionOf(testCase: GeneratedCase, judgement: CaseJudgement): { expected: string; recognised: string } | undefined {
  if (judgement.outcome === 'error') return undefined;
  const recognised = judgement.outcome === 'out-of-scope' || judgement.intent === null ? NOT_UNDERSTOOD : judgement.intent;
  if (testCase.expectation === 'same-intent') {
    if (judgement.met.includes('same-intent')) return undefined;
    return { expected: testCase.intents.join(' or '), recognised };
  }
  if (testCase.expectation === 'out-of-scope' && !judgement.passed && recognised !== NOT_UNDERSTOOD) {
    return { expected: NOT_UNDERSTOOD, recognised };
  }
  return undefined;
}

function robustness(workspace: Workspace, judged: readonly JudgedCase[]): IntentRobustness[] {
  const rows: IntentRobustness[] = [];
  for (const { flow, intent } of sourceIntents(workspace)) {
    const byGenerator: { generator: GeneratorName; variants: number; routed: number }[] = [];
    for (const generator of ROBUSTNESS_GENERATORS) {
      const mine = judged.filter((c) => c.testCase.generator === generator && c.testCase.expectation === 'same-intent' && sourceOf(c.testCase)?.intent === intent);
      if (mine.length > 0) byGenerator.push({ generator, variants: mine.length, routed: mine.filter((c) => c.run.judgement.met.includes('same-intent')).length });
    }
    if (byGenerator.length === 0) continue;
    const variants = byGenerator.reduce((n, g) => n + g.variants, 0);
    const routed = byGenerator.reduce((n, g) => n + g.routed, 0);
    rows.push({ intent, flow, variants, routed, rate: rate(routed, variants), byGenerator });
  }
  return rows;
}

/**
 * The policy-shaped checks: per topic_handoff policy and topic, the cases
 * that must reach a person because of it; then prompt injection and PII
 * (nothing echoed, the right outcome), which no policy file declares.
 */
function policyResults(workspace: Workspace, judged: readonly JudgedCase[]): PolicyResult[] {
  const rows: PolicyResult[] = [];
  const result = (check: PolicyResult['check'], policy: string | null, topic: string | null, mine: readonly JudgedCase[]): PolicyResult => ({
    check,
    policy,
    topic,
    ...passRate(mine.length, mine.filter((c) => c.run.judgement.passed).length),
    failing: mine.filter((c) => !c.run.judgement.passed).map((c) => c.testCase.id),
  });
  for (const { topic, policies } of sensitiveTopics(workspace)) {
    for (const policy of policies) {
      const mine = judged.filter((c) => c.testCase.topic === topic && c.testCase.policies.includes(policy));
      if (mine.length > 0) rows.push(result('topic_handoff', policy, topic, mine));
    }
  }
  const injection = judged.filter((c) => c.testCase.generator === 'injection');
  if (injection.length > 0) rows.push(result('injection', null, null, injection));
  const pii = judged.filter((c) => c.testCase.generator === 'pii');
  if (pii.length > 0) rows.push(result('pii', null, null, pii));
  return rows;
}

function failingCase({ testCase, run }: JudgedCase): FailingCase {
  const { judgement } = run;
  return {
    id: testCase.id,
    generator: testCase.generator,
    transformation: testCase.transformation,
    detail: testCase.detail,
    utterance: testCase.utterance,
    expectation: testCase.expectation,
    accept: testCase.accept,
    intents: testCase.intents,
    outcome: judgement.outcome,
    intent: judgement.intent,
    confidence: judgement.confidence,
    reasons: judgement.reasons,
    echoed: judgement.echoed,
    trace: run.turns,
  };
}
