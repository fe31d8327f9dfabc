/**
 * @colloquy/governance: roles, change requests and the verifiable audit log.
 * Pure TypeScript (runs in the browser, where the studio verifies a log);
 * file storage and Node's crypto are in `@colloquy/governance/node`.
 */
export { fromHex, toHex } from './hex.ts';
export { HASH_SIZE, pureSha256, TreeHasher, type Sha256 } from './merkle/treeHasher.ts';
export { compactHeights, largestPowerOfTwoBelow, MerkleLog, rootOfCompactRange, type CompactRange } from './merkle/MerkleLog.ts';
export { equalBytes, ProofError, rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle/verifyProofs.ts';
export {
  AUDIT_ACTIONS,
  GENESIS_PREV,
  canonicalJson,
  recordLine,
  type AuditAction,
  type AuditActor,
  type AuditEntry,
  type AuditEvidence,
  type AuditRecord,
  type FileChange,
  type JsonValue,
} from './audit/auditRecord.ts';
export {
  checkpointMessage,
  checkpointSignatureValid,
  ed25519Signer,
  newSecretKey,
  parseCheckpoint,
  signCheckpoint,
  type Checkpoint,
  type CheckpointSigner,
  type UnsignedCheckpoint,
} from './audit/checkpoint.ts';
export type { AuditLogStore } from './audit/AuditLogStore.ts';
export { checkEvidenceReport, evidenceReportHash, parseEvidenceReport, REPORT_HASH_PATTERN, type EvidenceCheck, type JsonObject } from './evidence/evidenceReport.ts';
export { EvidenceError, type EvidenceErrorKind, type EvidenceStore, type StoredReport } from './evidence/EvidenceStore.ts';
export {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  bundleContentsMessage,
  bundleContentsSignatureValid,
  parseBundle,
  serializeBundle,
  signBundleContents,
  type AuditBundle,
  type BundleConsistency,
  type BundleContents,
  type BundleRecord,
  type BundleReport,
} from './audit/bundle.ts';
export { BundleExportError, exportBundle, type ExportBundleOptions } from './audit/exportBundle.ts';
export { verifyBundle, type BundleProblem, type BundleProblemKind, type BundleVerification, type VerifyBundleOptions } from './audit/verifyBundle.ts';
export { verifyLog, type LogProblem, type LogProblemKind, type LogVerification, type PrunedPart, type VerifyLogOptions } from './audit/verifyLog.ts';
export { isPrunedBaseLine, joinArchive, parsePrunedBase, prunedBaseLine, prunedBaseOf, type PrunedBase } from './audit/prunedBase.ts';
export { AUDIT_RETENTION_FLOOR, describeRetention, KEEP_ALL, retentionCutoff, retentionOf, RetentionError, type Retention } from './audit/retention.ts';
export { isRole, PERMISSIONS, REVIEWER_ROLES, ROLES, roleMay, rolesFor, type Permission, type Role } from './roles/roles.ts';
export { permissionPhrase, permissionRefusal, rolesWith } from './roles/permissionText.ts';
export {
  ACCOUNT_NAME_PATTERN,
  accountNameProblem,
  ACCOUNTS_FORMAT_VERSION,
  accountSummary,
  MAX_ACCOUNT_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  normaliseRoles,
  parseAccountsFile,
  passwordProblem,
  rolesProblem,
  serialiseAccountsFile,
  type Account,
  type AccountsFile,
  type AccountSummary,
  type PasswordHash,
} from './accounts/account.ts';
export {
  DEFAULT_ACCOUNT_LIMIT,
  DEFAULT_ADDRESS_LIMIT,
  LoginRateLimiter,
  type LoginAttempt,
  type LoginRateLimitOptions,
  type LoginTicket,
  type RateLimit,
} from './accounts/LoginRateLimiter.ts';
export { CHANGE_EVENTS, CHANGE_STATES, FINAL_STATES, transition, type ChangeEvent, type ChangeState, type Transition } from './change/changeRequestStates.ts';
export {
  approvalStatus,
  DEFAULT_APPROVAL_RULES,
  requiredApprovals,
  type Approval,
  type ApprovalCondition,
  type ApprovalRule,
  type ApprovalStatus,
  type ChangedFile,
  type Requirement,
  type ReviewerRole,
} from './change/approvalRules.ts';
export { evidenceVerdict, type EvidenceGates, type EvidenceSummary, type EvidenceVerdict } from './change/evidenceGate.ts';
export { decide, REVIEW_ACTIONS, type ActionRequest, type Actor, type ChangeSnapshot, type Decision, type DecisionContext, type ReviewAction } from './change/reviewDecision.ts';
