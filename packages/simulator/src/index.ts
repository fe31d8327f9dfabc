/**
 * @colloquy/simulator: runs a workspace's scripted test conversations
 * against its flows, measures coverage from the traces, and writes the
 * results as text, JUnit XML or JSON; generates edge-case utterances from
 * the intents (src/generate/). Pure TypeScript, synchronous and
 * deterministic; runs in the browser and in Node.
 */
export { runTests, type RunTestsOptions } from './runner/runTests.ts';
export { runTestCase, type StartSession, type TestCaseRun } from './runner/runTestCase.ts';
export { compareTurn, formatSlotValue, type TurnMismatch } from './compare/compareTurn.ts';
export { sameSlotValue, parseNumberText } from './compare/sameSlotValue.ts';
export { normaliseReplyText, replyContains } from './compare/replyText.ts';
export {
  EXPECTATION_FIELDS,
  summarise,
  type ExpectationField,
  type Mismatch,
  type SourceLocation,
  type SuiteResult,
  type TestCaseResult,
  type TestFailure,
  type TestRunReport,
  type TestStatus,
  type TestSummary,
  type TranscriptLine,
} from './report.ts';
export { computeCoverage, coverageFromFacts } from './coverage/computeCoverage.ts';
export { TraceFactsCollector, collectTraceFacts, type TraceFacts } from './coverage/traceFacts.ts';
export {
  COVERAGE_CATEGORIES,
  type Coverage,
  type CoverageCategory,
  type CoverageCategoryName,
  type CoverageCounts,
  type CoverageGroup,
  type CoverageItem,
} from './coverage/coverageTypes.ts';
export { formatLocation } from './sourceLocation.ts';
export { contextDeclarations, formatContextValue, parseContextValue, type ContextDeclaration, type ParsedContextValue } from './session/contextValue.ts';
export { formatTestReport, type FormatTestReportOptions } from './format/formatTestReport.ts';
export { toJUnitXml, type JUnitXmlOptions } from './format/junitXml.ts';
export { toJsonReport, JSON_REPORT_FORMAT, JSON_REPORT_VERSION, type JsonObject, type JsonReportOptions, type JsonValue } from './format/jsonReport.ts';
export { generateCases, DEFAULT_PER_INTENT, type GenerateCasesOptions } from './generate/generateCases.ts';
export { RUN_SETTINGS, flowGenerations, type FlowGeneration, type GenerationSettings, type RunSetting } from './generate/flowSettings.ts';
export {
  EXPECTATIONS,
  GENERATOR_NAMES,
  MODEL_GUIDED_GENERATORS,
  echoedText,
  isGeneratorName,
  isModelGuided,
  type ConversationExpectation,
  type Expectation,
  type GeneratedCase,
  type GeneratorName,
  type ModelGuidedGeneratorName,
  type SourceExample,
} from './generate/generatedCase.ts';
export { modelGuidedCases, type ModelGuidedCases, type ModelGuidedOptions } from './generate/modelGuidedCases.ts';
export { MAX_PARAPHRASE_SWAPS } from './generate/paraphrase.ts';
export {
  ATTACK_QUERY_BUDGET,
  MAX_CHANGED_SHARE,
  MAX_SYNONYMS_PER_WORD,
  type AttackChange,
  type AttackEdit,
  type AttackRecord,
} from './generate/adversarial.ts';
export { CHARACTER_EDITS, characterEdits, type CharacterEdit } from './generate/adversarialEdits.ts';
export { MIN_EDIT_SIMILARITY, MIN_SENTENCE_SIMILARITY, MIN_WORD_SIMILARITY, SimilarityCheck } from './generate/SimilarityCheck.ts';
export { WORDNET_POS, WordNet, type IndexEntry, type Synonym, type Synset, type WordNetFiles, type WordNetPos } from './generate/lexicon/WordNet.ts';
export { MIN_SYNONYM_TAG_COUNT, SYNONYM_SENSES, isKnownWord, replaceWords, sentenceWords, substitutableWords, type SentenceWord, type SubstitutableWord } from './generate/lexicon/wordSubstitutes.ts';
export { inflect, lemmaCandidates, type Inflection, type LemmaCandidate } from './generate/lexicon/inflection.ts';
export { createRandom, hashString, type Random } from './generate/random.ts';
export { MAX_NOISE_EDITS, NOISE_KINDS, QWERTY_NEIGHBOURS, type NoiseKind } from './generate/noise.ts';
export { LONG_INPUT_MIN_LENGTH, WORDING_KINDS, type WordingKind } from './generate/wording.ts';
export { BLANK_PROBES, OUT_OF_SCOPE_PROBES } from './generate/probes.ts';
export { NEGATION_RULES, negate } from './generate/negation.ts';
export { NEAR_MISS_KINDS, domainTerms, nearMiss, type NearMissKind, type TermMatch } from './generate/nearMiss.ts';
export { DOMAIN_TERMS, type DomainTerm } from './generate/nearMissLexicon.ts';
export { MULTI_TURN_KINDS, type MultiTurnKind } from './generate/multiTurn.ts';
export { CORRECTION_TEMPLATES, EARLY_TEMPLATES, EARLY_VALUE_MAX_WORDS, PREFILLED_TYPES, invalidAnswers, validAnswers, type SpokenValue } from './generate/slotAnswers.ts';
export type { CaseConversation, ConversationCheck, ConversationCheckName } from './generate/conversation.ts';
export { TOPIC_PROBES } from './generate/sensitive.ts';
export { INJECTION_TEMPLATES } from './generate/injection.ts';
export { PII_KINDS, type PiiKind } from './generate/pii.ts';
export { luhnCheckDigit, ibanCheckDigits } from './generate/piiValues.ts';
export { simulate, simulationPassed, simulationReportHash, DEFAULT_CONFUSION_TOP, DEFAULT_SEED, ROBUSTNESS_GENERATORS, type SimulateOptions, type SimulationRecognizer } from './simulate/simulate.ts';
export { simulateWithRecognizer } from './simulate/simulateWithRecognizer.ts';
export { simulateWithEmbedder, type ModelRunPhase, type SimulateWithEmbedderOptions } from './simulate/simulateWithEmbedder.ts';
export { attackSummary, NO_ATTACKS } from './simulate/attackSummary.ts';
export { confusionMatrix, type ConfusionMatrix } from './view/confusionMatrix.ts';
export {
  FOLLOW_UP_LIMIT,
  FOLLOW_UP_REPLY,
  judgeCase,
  runGeneratedCase,
  type CaseJudgement,
  type CaseOutcome,
  type CaseRun,
  type CaseTurn,
} from './simulate/runGeneratedCase.ts';
export { conversationFailures } from './simulate/judgeConversation.ts';
export {
  SIMULATION_REPORT_FORMAT,
  SIMULATION_REPORT_VERSION,
  type CaseOutcomeRow,
  type ConfusionPair,
  type FailingCase,
  type FlowRate,
  type GeneratorRate,
  type IntentRate,
  type IntentRobustness,
  type IntentAttacks,
  type AttackSummary,
  type PassRate,
  type PolicyCheck,
  type PolicyResult,
  type SimulationReport,
  type SimulationRun,
} from './simulate/simulationReport.ts';
export { diffReports, changesBetween, BEHAVIOUR_CHANGES, type BehaviourChange, type BehaviourDiff, type CaseState, type ChangedCase } from './simulate/diffReports.ts';
export { workspaceHash, type HashedFile } from './simulate/workspaceHash.ts';
export { sha256Hex } from './simulate/sha256.ts';
export { canonicalJson } from './simulate/canonicalJson.ts';
export { formatSimulationReport, formatBehaviourDiff, type FormatSimulationOptions } from './format/formatSimulationReport.ts';
export { simulationToJUnitXml } from './format/simulationJunit.ts';
export { simulationToHtml, type SimulationHtmlOptions } from './format/simulationHtml.ts';
