/**
 * Where audit records are kept. The embedded default is FileAuditLog
 * (`@colloquy/governance/node`); a PostgreSQL store for the scale-out set-up
 * implements the same operations (an append that is durable when it
 * resolves, signed checkpoints, proofs), so the server does not change.
 */
import type { AuditEntry, AuditRecord } from './auditRecord.ts';
import type { Checkpoint } from './checkpoint.ts';

export interface AuditLogStore {
  /** Names the log in its checkpoints. */
  readonly origin: string;
  readonly size: number;
  /** The first record the store holds: those before it were archived under the retention setting (0 when none were). */
  readonly first: number;
  /** Resolves once the record is durable: only then may the action it records be reported done. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Signs and stores a checkpoint of everything appended so far. */
  checkpoint(): Promise<Checkpoint>;
  latestCheckpoint(): Checkpoint | undefined;
  checkpoints(): readonly Checkpoint[];
  /** The stored lines of records `from` to `to` (exclusive): the exact bytes the tree hashes (none before `first`). */
  readLines(from?: number, to?: number): Promise<string[]>;
  /**
   * The log's bytes exactly as stored (every line with its newline): what `verifyLog` reads, so
   * someone else (the studio, an auditor) can check the log without trusting this store's tree.
   */
  readLog(): Promise<Uint8Array>;
  inclusionProof(seq: number, size: number): string[];
  consistencyProof(size1: number, size2: number): string[];
  rootAt(size: number): string;
  close(): Promise<void>;
}
