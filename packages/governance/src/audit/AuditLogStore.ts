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
  /** Resolves once the record is durable: only then may the action it records be reported done. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Signs and stores a checkpoint of everything appended so far. */
  checkpoint(): Promise<Checkpoint>;
  latestCheckpoint(): Checkpoint | undefined;
  checkpoints(): readonly Checkpoint[];
  /** The stored lines of records `from` to `to` (exclusive): the exact bytes the tree hashes. */
  readLines(from?: number, to?: number): Promise<string[]>;
  inclusionProof(seq: number, size: number): string[];
  consistencyProof(size1: number, size2: number): string[];
  rootAt(size: number): string;
  close(): Promise<void>;
}
