/**
 * Evidence bundles from the running server (`POST /api/audit/export`), the
 * way `colloquy audit export` makes them while no server holds the log:
 * 1. the log as stored must verify with the log's own key (a bundle signed
 *    over a damaged or edited log would vouch for it): 409 naming each problem;
 * 2. governance's exportBundle (a fresh signed checkpoint, the change's
 *    records with inclusion proofs, the reports they rest on);
 * 3. `audit.exported` (who, in which role, the bundle's SHA-256) appended and
 *    on disk before the bundle is handed out: an export the log does not show
 *    never happens.
 */
import { BundleExportError, exportBundle, serializeBundle, toHex, TreeHasher, verifyLog, type AuditLogStore, type CheckpointSigner, type EvidenceStore } from '@colloquy/governance';
import { nativeSha256 } from '@colloquy/governance/node';
import { actingRole, type Principal } from '../auth/authGuard.ts';
import { ChangeError } from '../changes/ChangeError.ts';

export interface AuditExport {
  /** The bundle's bytes, as hashed in the audit.exported record. */
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** The audit.exported record's number. */
  readonly recordSeq: number;
}

export class AuditExports {
  constructor(
    private readonly audit: AuditLogStore,
    private readonly signer: CheckpointSigner,
    private readonly evidence: Pick<EvidenceStore, 'get'>,
  ) {}

  async export(principal: Principal, change: string): Promise<AuditExport> {
    await this.checkLog();
    let bundle;
    try {
      bundle = await exportBundle(this.audit, { change, signer: this.signer, evidence: this.evidence, sha256: nativeSha256 });
    } catch (error) {
      if (!(error instanceof BundleExportError)) throw error;
      // No record of the change: nothing to export. Anything else is the log's or the evidence's damage.
      throw new ChangeError(error.kind === 'no-records' ? 404 : 409, `${change} cannot be exported: ${error.message}`);
    }
    const bytes = new TextEncoder().encode(serializeBundle(bundle));
    const sha256 = toHex(nativeSha256(bytes));
    const record = await this.audit.append({
      actor: { account: principal.account, role: actingRole(principal, 'audit.export') },
      action: 'audit.exported',
      change,
      details: { via: 'studio', bundleSha256: sha256, records: bundle.records.length, reports: bundle.reports.length, checkpointSize: bundle.checkpoint.size },
    });
    return { bytes, sha256, recordSeq: record.seq };
  }

  /** Refuses (409, each problem named) unless the stored log verifies with the log's key. */
  private async checkLog(): Promise<void> {
    const checkpoints = [...this.audit.checkpoints()];
    const { problems } = verifyLog(await this.audit.readLog(), checkpoints, { hasher: new TreeHasher(nativeSha256), trustedKey: toHex(this.signer.publicKey) });
    if (problems.length === 0) return;
    const listed = problems.map((p) => `${p.record !== undefined ? `record ${p.record}: ` : ''}${p.message}`);
    throw new ChangeError(409, `Nothing exported: the audit log does not verify (${problems.length} problem${problems.length === 1 ? '' : 's'}), and a bundle would sign over it. ${listed.join('; ')}`, { problems });
  }
}
