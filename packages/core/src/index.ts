/**
 * @colloquy/core: file kinds and their JSON Schemas, YAML with source
 * positions, validation (schema, cross-file references, graph, rules, policies)
 * and diagnostics. Runs in the browser and in Node: nothing here touches `fs`
 * or the network (the Node-only workspace reader is `@colloquy/core/node`).
 */
export * from './diagnostics/diagnostic.ts';
export { DIAGNOSTIC_CODES, codeInfo, type CodeInfo, type DiagnosticCode } from './diagnostics/codes/index.ts';
export * from './kinds/index.ts';
export { migrateData, validateMigrations, type Migration, type MigrationResult, type MigrationFailureReason } from './kinds/migrations.ts';
export * from './source/index.ts';
export { SchemaValidator } from './schema/schemaValidator.ts';
export { closestName, didYouMean } from './schema/closestName.ts';
export { describePath } from './schema/describePath.ts';
export { loadFile, type LoadedFile, type AnyLoadedFile, type BrokenFile, type FileLoadResult } from './workspace/loadFile.ts';
export { buildWorkspace, type Workspace } from './workspace/workspace.ts';
export { isSkippedFolderName, isYamlFileName, MAX_PATH_LENGTH, MAX_SEGMENT_BYTES, workspacePathProblem, type PathProblem } from './workspace/pathRules.ts';
export {
  WorkspaceValidator,
  validateWorkspace,
  type SourceFile,
  type ValidationResult,
  type WorkspaceValidatorOptions,
} from './workspace/WorkspaceValidator.ts';
export { FILE_CHECKS, WORKSPACE_CHECKS, type FileCheck, type WorkspaceCheck } from './checks/index.ts';
export {
  edgeId,
  flowNode,
  hasImplicitExit,
  isTerminal,
  nodeRole,
  nodeRoles,
  nodeSuccessors,
  reachableNodes,
  transitionId,
  type NodeRole,
  type NodeTransition,
} from './checks/flowGraph.ts';
export { stronglyConnectedComponents } from './checks/stronglyConnected.ts';
export { findPlaceholders, type Placeholder } from './checks/placeholders.ts';
export { normaliseExample } from './checks/normaliseExample.ts';
export * from './rules/index.ts';
