/**
 * Decision tables: one reading of every FEEL cell (`analyseCell`), shared by
 * the runtime evaluator and the static checker so the two can never disagree
 * (docs/decisions/0003-rules-evaluation-in-core.md).
 */
export { evaluateDecisionTable, type DecisionResult, type RuleOutputs, type RuleOutputValue } from './evaluateDecisionTable.ts';
export { analyseRulesTable } from './analyseRulesTable.ts';
