/**
 * @colloquy/governance: roles, change requests and the verifiable audit log.
 * Pure TypeScript (runs in the browser, where the studio verifies a log);
 * file storage and Node's crypto are in `@colloquy/governance/node`.
 */
export { fromHex, toHex } from './hex.ts';
export { HASH_SIZE, pureSha256, TreeHasher, type Sha256 } from './merkle/treeHasher.ts';
export { largestPowerOfTwoBelow, MerkleLog } from './merkle/MerkleLog.ts';
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
export { verifyLog, type LogProblem, type LogProblemKind, type LogVerification, type VerifyLogOptions } from './audit/verifyLog.ts';
