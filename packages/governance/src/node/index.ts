/**
 * @colloquy/governance/node: the parts of governance that touch the disk or
 * Node's crypto, for the server and the CLI.
 */
export { CHECKPOINTS_FILE, FileAuditLog, LOG_FILE, readCheckpoints, type FileAuditLogOptions } from './FileAuditLog.ts';
export { EVIDENCE_FOLDER, FileEvidenceStore } from './FileEvidenceStore.ts';
export { nativeSha256 } from './nativeSha256.ts';
export { DEFAULT_SIGNING_KEY, loadOrCreateSigningKey, loadSigningKey, syncFolder } from './signingKey.ts';
export { AuditLogBusyError, WRITER_LOCK_FILE } from './writerLock.ts';
