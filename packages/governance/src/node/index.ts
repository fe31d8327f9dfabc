/**
 * @colloquy/governance/node: the parts of governance that touch the disk or
 * Node's crypto, for the server and the CLI.
 */
export { ARCHIVE_FOLDER, CHECKPOINTS_FILE, FileAuditLog, LOG_FILE, readCheckpoints, type FileAuditLogOptions, type PruneOptions, type PruneResult } from './FileAuditLog.ts';
export { EVIDENCE_FOLDER, FileEvidenceStore } from './FileEvidenceStore.ts';
export { nativeSha256 } from './nativeSha256.ts';
export { DEFAULT_SIGNING_KEY, loadOrCreateSigningKey, loadSigningKey } from './signingKey.ts';
export { AuditLogBusyError, WRITER_LOCK_FILE } from './writerLock.ts';
export { ACCOUNTS_FILE, AccountError, AccountStore, type AccountErrorCode, type AccountStoreOptions, type SignInFailure, type SignInResult } from './AccountStore.ts';
export { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParameters } from './passwordHash.ts';
export {
  DEFAULT_ABSOLUTE_MS,
  DEFAULT_IDLE_MS,
  MAX_SESSIONS_PER_ACCOUNT,
  SESSIONS_FILE,
  SessionStore,
  type Session,
  type SessionEnd,
  type SessionEndListener,
  type SessionLookup,
  type SessionStoreOptions,
} from './SessionStore.ts';
export { openWorkspaceAuditLog, WORKSPACE_AUDIT_FOLDER } from './openWorkspaceAuditLog.ts';
