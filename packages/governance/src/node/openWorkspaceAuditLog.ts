/**
 * Opens a workspace's audit log (`<workspace>/.colloquy/audit/`) for
 * appending, the way the server and `colloquy users` both need it: with the
 * signing key at `keyPath` (default `.colloquy/keys/audit-ed25519.key`),
 * created on first use, but never created for a log that already has
 * records: a new key would sign checkpoints the log's earlier ones do not
 * match, so a missing key there is an error naming the path.
 *
 * FileAuditLog takes the log's writer lock: while a server has it open, this
 * fails with AuditLogBusyError (the message names the process).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileAuditLog, LOG_FILE } from './FileAuditLog.ts';
import { DEFAULT_SIGNING_KEY, loadOrCreateSigningKey, loadSigningKey } from './signingKey.ts';

/** Where a workspace keeps its audit log, relative to the workspace folder. */
export const WORKSPACE_AUDIT_FOLDER = join('.colloquy', 'audit');

export async function openWorkspaceAuditLog(workspace: string, options: { readonly keyPath?: string; readonly now?: () => Date } = {}): Promise<FileAuditLog> {
  const dir = join(workspace, WORKSPACE_AUDIT_FOLDER);
  const keyPath = options.keyPath ?? join(workspace, DEFAULT_SIGNING_KEY);
  const hasRecords = ((await stat(join(dir, LOG_FILE)).catch(() => undefined))?.size ?? 0) > 0;
  const signer = hasRecords ? await loadSigningKey(keyPath) : await loadOrCreateSigningKey(keyPath);
  if (!signer) throw new Error(`the audit log in ${dir} has records but its signing key is not at ${keyPath}: point --audit-key at the key its checkpoints are signed with`);
  return FileAuditLog.open({ dir, signer, ...(options.now ? { now: options.now } : {}) });
}
