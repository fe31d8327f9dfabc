/**
 * The registry of semantic checks. A *file check* looks at one file only, so
 * its result is cached with the file and re-run only when that file changes. A
 * *workspace check* looks across files and runs on every validation, so it must
 * stay cheap (linear in the workspace, working from the indexes).
 *
 * To add a check: write it in its own module in this folder, give its
 * diagnostic codes a home in `diagnostics/codes/`, and list it here.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FileKind } from '../kinds/index.ts';
import type { LoadedFile } from '../workspace/loadFile.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { checkAskRouteValues } from './graph/askRouteValues.ts';
import { checkDeadEnds } from './graph/deadEnds.ts';
import { checkFlowEntry } from './graph/flowEntry.ts';
import { checkNodeRoleConflicts } from './graph/nodeRoleConflicts.ts';
import { checkTrappedCycles } from './graph/trappedCycles.ts';
import { checkUnreachableNodes } from './graph/unreachableNodes.ts';
import { checkPolicies } from './policies/index.ts';
import { checkActionReferences } from './references/actionReferences.ts';
import { checkAgentFiles } from './references/agentFiles.ts';
import { checkAgentReferences } from './references/agentReferences.ts';
import { checkDecideReferences } from './references/decideReferences.ts';
import { checkDuplicateExamples } from './references/duplicateExamples.ts';
import { checkDuplicateIds } from './references/duplicateIds.ts';
import { checkDuplicateTestIds } from './references/duplicateTestIds.ts';
import { checkFlowNodeReferences } from './references/flowNodeReferences.ts';
import { checkHandoffQueues } from './references/handoffQueues.ts';
import { checkIntentClaims } from './references/intentClaims.ts';
import { checkIntentTopics } from './references/intentTopics.ts';
import { checkMessagePlaceholders } from './references/messagePlaceholders.ts';
import { checkTestReferences } from './references/testReferences.ts';
import { analyseRulesTable } from '../rules/analyseRulesTable.ts';

export type FileCheck<K extends FileKind> = (file: LoadedFile<K>) => Diagnostic[];
export type WorkspaceCheck = (workspace: Workspace) => Diagnostic[];

export const FILE_CHECKS: { readonly [K in FileKind]: readonly FileCheck<K>[] } = {
  agent: [checkAgentReferences],
  flow: [
    checkFlowNodeReferences,
    checkNodeRoleConflicts,
    checkDeadEnds,
    checkUnreachableNodes,
    checkTrappedCycles,
    checkAskRouteValues,
    checkFlowEntry,
  ],
  rules: [analyseRulesTable],
  policy: [],
  test: [checkDuplicateTestIds],
};

export const WORKSPACE_CHECKS: readonly WorkspaceCheck[] = [
  checkAgentFiles,
  checkDuplicateIds,
  checkDecideReferences,
  checkActionReferences,
  checkHandoffQueues,
  checkIntentTopics,
  checkMessagePlaceholders,
  checkIntentClaims,
  checkDuplicateExamples,
  checkTestReferences,
  checkPolicies,
];
