/**
 * The simulate feature without its views: Try-it sessions, saving a
 * conversation as a test, running the tests with progress and coverage.
 * DOM-free and Node-free, so a worker, a review page or a test can use it.
 */
export {
  DEFAULT_TRY_IT_CONFIG,
  LEXICAL,
  createTryItSession,
  summariseTrace,
  type ModelRecognitions,
  type TryItConfig,
  type TryItConversation,
  type TryItMessage,
  type TryItModel,
  type TryItNodeStep,
  type TryItRuleRow,
  type TryItSession,
  type TryItStart,
  type TryItTrace,
  type TryItTurn,
} from './tryItSession.ts';
export { actionControls, contextControls, type ActionControl, type ContextControl } from './sessionControls.ts';
export {
  checkTestId,
  conversationToTest,
  keyPhrase,
  suggestTestTarget,
  testCaseFromConversation,
  verifySavedTest,
  type BotCheck,
  type BuiltTestCase,
  type SaveAsTestRequest,
  type SaveAsTestResult,
  type SavedTestCheck,
  type SuiteDefaults,
  type TestCaseOptions,
  type TestRecording,
} from './conversationToTest.ts';
export { coverageByFlow, toGraphCoverage, type CoverageByFlow, type CoverageEdge, type FlowCoverage, type Reached } from './flowCoverage.ts';
export {
  runWorkspaceTests,
  type TestRunOptions,
  type TestRunOutcome,
  type TestRunPhase,
  type TestRunProgress,
} from './testRun.ts';
export { describeSummary, testResultsByFile, type DiffRow, type FailureView, type TestFileResults, type TestResultView } from './testResults.ts';
export {
  createIncrementalValidation,
  filesChanged,
  isTestFilePath,
  isWorkspaceFile,
  rangeAtLineColumn,
  refusalFor,
  snapshotFiles,
  type IncrementalValidation,
  type Refusal,
  type WorkspaceFiles,
} from './workspaceSource.ts';
export {
  IDLE,
  SimulationRunner,
  advanceRun,
  describeRun,
  isBusy,
  runIdOf,
  runProgress,
  type SimulationRunAction,
  type SimulationRunState,
  type SimulationRunnerOptions,
} from './simulationRun.ts';
export { failingCaseReplay, replayDifferences, type RecordedTurn, type TryItReplayRequest } from './caseReplay.ts';
