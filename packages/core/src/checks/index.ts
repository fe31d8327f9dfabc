/**
 * The registry of semantic checks. A *file check* looks at one file only, so
 * its result is cached with the file and re-run only when that file changes. A
 * *workspace check* looks across files and runs on every validation in which
 * some file changed, so after an edit it must cost what the edit changed:
 * results about one file are kept while the things they read are unchanged
 * (PerFileResults.ts, flowAgainstAgent.ts), and names claimed across files
 * are indexed by file (ClaimIndex.ts). See
 * docs/decisions/0005-validation-performance.md.
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
import { createActionReferencesCheck } from './references/actionReferences.ts';
import { checkAgentFiles } from './references/agentFiles.ts';
import { checkAgentReferences } from './references/agentReferences.ts';
import { createDecideReferencesCheck } from './references/decideReferences.ts';
import { createDuplicateExamplesCheck } from './references/duplicateExamples.ts';
import { createDuplicateIdsCheck } from './references/duplicateIds.ts';
import { checkDuplicateTestIds } from './references/duplicateTestIds.ts';
import { checkFlowNodeReferences } from './references/flowNodeReferences.ts';
import { checkFlowSimulations } from './references/flowSimulations.ts';
import { createHandoffQueuesCheck } from './references/handoffQueues.ts';
import { createIntentClaimsCheck } from './references/intentClaims.ts';
import { createIntentTopicsCheck } from './references/intentTopics.ts';
import { createMessagePlaceholdersCheck } from './references/messagePlaceholders.ts';
import { createTestReferencesCheck } from './references/testReferences.ts';
import { analyseRulesTable } from '../rules/analyseRulesTable.ts';

export type FileCheck<K extends FileKind> = (file: LoadedFile<K>) => Diagnostic[];
export type WorkspaceCheck = (workspace: Workspace) => readonly Diagnostic[];

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

/**
 * Each entry makes one instance of a workspace check. Most instances remember
 * what they computed on earlier runs (results per file, indexes of names), so
 * a validator makes its own set once (createWorkspaceChecks) and runs it on
 * every validation; the cheap stateless checks share one function.
 */
const WORKSPACE_CHECK_FACTORIES: readonly (() => WorkspaceCheck)[] = [
  () => checkAgentFiles,
  createDuplicateIdsCheck,
  createDecideReferencesCheck,
  createActionReferencesCheck,
  createHandoffQueuesCheck,
  createIntentTopicsCheck,
  createMessagePlaceholdersCheck,
  createIntentClaimsCheck,
  createDuplicateExamplesCheck,
  createTestReferencesCheck,
  () => checkFlowSimulations,
  () => checkPolicies,
];

/** A fresh set of workspace checks, for one validator to keep for its lifetime. */
export function createWorkspaceChecks(): WorkspaceCheck[] {
  return WORKSPACE_CHECK_FACTORIES.map((create) => create());
}

/** The workspace checks as plain functions: each call is a run from scratch. */
export const WORKSPACE_CHECKS: readonly WorkspaceCheck[] = WORKSPACE_CHECK_FACTORIES.map((create) => (workspace: Workspace) => create()(workspace));
