import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BundleExportError,
  ed25519Signer,
  exportBundle,
  serializeBundle,
  signBundleContents,
  signCheckpoint,
  toHex,
  verifyBundle,
  type AuditBundle,
  type AuditEntry,
  type AuditEvidence,
  type BundleProblemKind,
  type Checkpoint,
  type JsonObject,
} from '../src/index.ts';
import { FileAuditLog, FileEvidenceStore, nativeSha256 } from '../src/node/index.ts';
import { steppingClock, tempDir, TEST_SIGNER } from './support/auditLogs.ts';
import { prettyJson, simulationReport } from './support/reports.ts';

const OTHER_SIGNER = ed25519Signer(new Uint8Array(32).fill(9));

function evidenceOf(report: JsonObject): AuditEvidence {
  return { reportHash: report['reportHash'] as string, workspaceHash: 'ab'.repeat(32), recognizer: 'lexical', model: null, weightsHash: null, seed: (report['run'] as JsonObject)['seed'] as string, passRates: { scripted: 100, generated: 92.5 } };
}

const dana = { account: 'dana', role: 'designer' };
const omar = { account: 'omar', role: 'ops_manager' };

interface Fixture {
  readonly root: string;
  readonly log: FileAuditLog;
  readonly evidence: FileEvidenceStore;
  /** A checkpoint signed after the first five records, as an auditor would have kept. */
  readonly since: Checkpoint;
  readonly reportA: JsonObject;
  readonly reportB: JsonObject;
  /** Positions of CR-1's records and of one of CR-2's. */
  readonly cr1: readonly number[];
  readonly cr2: number;
}

/** A real log with records of CR-1 and CR-2 interleaved (and some of neither), reports in a real evidence store. */
async function fixture(): Promise<Fixture> {
  const root = await tempDir();
  const log = await FileAuditLog.open({ dir: join(root, 'audit'), signer: TEST_SIGNER, now: steppingClock(), checkpointDelayMs: 600_000 });
  const evidence = FileEvidenceStore.forWorkspace(root);
  const reportA = simulationReport('cr1-seed');
  const reportB = simulationReport('cr2-seed', 81);
  await evidence.put(prettyJson(reportA));
  await evidence.put(prettyJson(reportB));
  const entries: AuditEntry[] = [
    { actor: dana, action: 'auth.login' },
    { actor: dana, action: 'change.created', change: 'CR-1' },
    { actor: dana, action: 'change.created', change: 'CR-2' },
    { actor: dana, action: 'change.edited', change: 'CR-1', files: [{ path: 'flows/card_lost.yaml', before: '11'.repeat(32), after: '22'.repeat(32) }] },
    { actor: dana, action: 'simulation.evidence', change: 'CR-1', evidence: evidenceOf(reportA) },
  ];
  for (const entry of entries) await log.append(entry);
  const since = await log.checkpoint();
  const more: AuditEntry[] = [
    { actor: dana, action: 'simulation.evidence', change: 'CR-2', evidence: evidenceOf(reportB) },
    { actor: dana, action: 'change.submitted', change: 'CR-1' },
    { actor: omar, action: 'auth.login' },
    { actor: omar, action: 'change.approved', change: 'CR-1', rationale: 'Clearer handover; every scripted test passes.', evidence: evidenceOf(reportA) },
    { actor: omar, action: 'change.rejected', change: 'CR-2', rationale: 'Generated cases pass at 81%.', evidence: evidenceOf(reportB) },
    { actor: dana, action: 'change.published', change: 'CR-1', details: { commit: 'c0ffee' } },
  ];
  for (const entry of more) await log.append(entry);
  return { root, log, evidence, since, reportA, reportB, cr1: [1, 3, 4, 6, 8, 10], cr2: 5 };
}

/** The bundle as an auditor reads it from the file. */
function reread(bundle: AuditBundle): AuditBundle {
  return JSON.parse(serializeBundle(bundle)) as AuditBundle;
}

function mutable(bundle: AuditBundle): any {
  return JSON.parse(JSON.stringify(bundle));
}

function problems(value: unknown, options: Parameters<typeof verifyBundle>[1] = {}): [BundleProblemKind, number | string | undefined, string][] {
  const result = verifyBundle(value, { sha256: nativeSha256, ...options });
  expect(result.ok).toBe(result.problems.length === 0);
  return result.problems.map((p) => [p.kind, p.record ?? p.report, p.message]);
}

function flip(hex: string): string {
  return `${hex[0] === '0' ? '1' : '0'}${hex.slice(1)}`;
}

describe('an evidence bundle', () => {
  let f: Fixture;
  let bundle: AuditBundle;
  let plain: AuditBundle;
  beforeAll(async () => {
    f = await fixture();
    bundle = reread(await exportBundle(f.log, { change: 'CR-1', signer: TEST_SIGNER, evidence: f.evidence, since: f.since, sha256: nativeSha256 }));
    plain = reread(await exportBundle(f.log, { change: 'CR-1', signer: TEST_SIGNER, evidence: f.evidence }));
    await f.log.close();
  });

  it('holds the change’s records (exact lines), their proofs, a fresh signed checkpoint, the key and the reports they name', async () => {
    expect(bundle).toMatchObject({ format: 'colloquy.audit-bundle', version: 1, origin: f.log.origin, change: 'CR-1', publicKey: toHex(TEST_SIGNER.publicKey) });
    expect(bundle.checkpoint.size).toBe(11);
    expect(bundle.records.map((r) => r.index)).toEqual(f.cr1);
    const lines = await f.log.readLines();
    for (const record of bundle.records) expect(record.line).toBe(lines[record.index]);
    expect(bundle.reports).toEqual([{ reportHash: f.reportA['reportHash'], report: f.reportA }]);
    expect(bundle.contents.reports).toEqual([f.reportA['reportHash']]);
    expect(bundle.consistency?.from).toEqual(f.since);
    expect(plain.consistency).toBeUndefined();
  });

  it('verifies, in pure TypeScript as in the browser, with the key from the bundle, a trusted key or a saved checkpoint', () => {
    expect(verifyBundle(bundle)).toMatchObject({ ok: true, keySource: 'bundle', consistencyChecked: 1, problems: [] });
    expect(verifyBundle(bundle, { trustedKey: toHex(TEST_SIGNER.publicKey) })).toMatchObject({ ok: true, keySource: 'given' });
    expect(verifyBundle(bundle, { saved: [f.since], sha256: nativeSha256 })).toMatchObject({ ok: true, keySource: 'saved checkpoint', consistencyChecked: 2 });
    expect(verifyBundle(plain, { saved: [bundle.checkpoint] })).toMatchObject({ ok: true, consistencyChecked: 1 });
  });

  it('one byte of a record changed, anywhere in it: the record is named', () => {
    const target = bundle.records[3]!;
    const recordPosition = 3;
    for (let i = 0; i < target.line.length; i++) {
      const tampered = mutable(bundle);
      const code = target.line.charCodeAt(i);
      tampered.records[recordPosition].line = `${target.line.slice(0, i)}${String.fromCharCode(code ^ 1)}${target.line.slice(i + 1)}`;
      const found = problems(tampered);
      expect(found, `byte ${i}`).toContainEqual(['record', target.index, `record ${target.index} was changed: its bytes are not the ones the signed list names`]);
      expect(found.some(([kind, record]) => kind === 'inclusion' && record === target.index), `byte ${i}`).toBe(true);
      expect(found.every(([, record]) => record === target.index), `byte ${i}: only that record is named`).toBe(true);
    }
  });

  it('a record dropped from the bundle is named; dropped from the signed list too, the list’s signature fails', () => {
    const tampered = mutable(bundle);
    const [dropped] = tampered.records.splice(2, 1);
    expect(problems(tampered)).toEqual([['contents', dropped.index, `record ${dropped.index} is in the signed list but not in the bundle: it was removed`]]);
    tampered.contents.records.splice(2, 1);
    expect(problems(tampered).map(([kind]) => kind)).toEqual(['signature']);
  });

  it('a proof hash changed: that record is not proven', () => {
    const tampered = mutable(bundle);
    tampered.records[1].proof[0] = flip(tampered.records[1].proof[0]);
    const found = problems(tampered);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual(['inclusion', bundle.records[1]!.index, expect.stringMatching(/^record 3 is not proven to be in the log the checkpoint signed .*: the record or its proof was changed$/)]);
  });

  it('the checkpoint’s root changed: its signature fails (and no record is proven against it)', () => {
    const tampered = mutable(bundle);
    tampered.checkpoint.root = flip(tampered.checkpoint.root);
    const found = problems(tampered);
    expect(found[0]).toEqual(['signature', undefined, expect.stringMatching(/the bundle's checkpoint of 11 records .* signature that does not verify/)]);
    expect(found.filter(([kind]) => kind === 'inclusion').map(([, record]) => record)).toEqual(f.cr1);
  });

  it('a report changed: the report is named', () => {
    const tampered = mutable(bundle);
    tampered.reports[0].report.summary.generated.passed = 40;
    expect(problems(tampered)).toEqual([['report', f.reportA['reportHash'], expect.stringMatching(/^report [0-9a-f]{64} was changed: its content hashes to [0-9a-f]{64}, not to the [0-9a-f]{64} it claims$/)]]);
    // Swapped for another, consistent report: named too, and the record's report is missing.
    const swapped = mutable(bundle);
    swapped.reports[0].report = f.reportB;
    expect(problems(swapped).map(([kind, which]) => [kind, which])).toEqual([['report', f.reportA['reportHash']]]);
    const removed = mutable(bundle);
    removed.reports = [];
    expect(problems(removed)).toEqual([['contents', f.reportA['reportHash'], expect.stringMatching(/in the signed list but not in the bundle/)]]);
  });

  it('the key swapped: the signatures fail; everything re-signed with another key passes only until a key is pinned', () => {
    const swapped = mutable(bundle);
    swapped.publicKey = toHex(OTHER_SIGNER.publicKey);
    // Checkpoint and list no longer signed by the bundle's key; the exporter's --since checkpoint not by the key trusted.
    expect(problems(swapped).map(([kind]) => kind)).toEqual(['key', 'signature', 'key']);
    expect(problems(swapped, { trustedKey: toHex(TEST_SIGNER.publicKey) }).map(([kind]) => kind)).toEqual(['key', 'key', 'signature']);

    // Someone with their own key re-signs the checkpoint and the list: consistent in itself...
    const { key: _key, signature: _signature, ...fields } = bundle.checkpoint;
    const checkpoint = signCheckpoint(OTHER_SIGNER, fields);
    const resigned: AuditBundle = { ...plain, publicKey: toHex(OTHER_SIGNER.publicKey), checkpoint, contentsSignature: signBundleContents(OTHER_SIGNER, { ...plain, checkpoint }) };
    expect(verifyBundle(resigned)).toMatchObject({ ok: true, keySource: 'bundle' });
    // ...but not against the log's key, given or from a checkpoint saved earlier.
    expect(problems(resigned, { trustedKey: toHex(TEST_SIGNER.publicKey) })).toEqual([['key', undefined, expect.stringMatching(/the bundle's public key \(.*\) is not the trusted one/)]]);
    expect(problems(resigned, { saved: [f.since] }).map(([kind]) => kind)).toEqual(['key', 'consistency']);
  });

  it('a record of another change slipped in, or the bundle relabelled: named', async () => {
    const lines = await f.log.readLines();
    const slipped = mutable(plain);
    const other = { index: f.cr2, line: lines[f.cr2]!, proof: await proofOf(f.cr2, plain.checkpoint.size) };
    slipped.records.splice(3, 0, other); // in log order, between records 4 and 6
    expect(problems(slipped)).toEqual([
      ['contents', f.cr2, `record ${f.cr2} is not in the signed list: it was added to the bundle after export`],
      ['record', f.cr2, `record ${f.cr2} is about "CR-2", not CR-1`],
      ['report', f.cr2, `record ${f.cr2} rests on report ${f.reportB['reportHash']}, which is not in the bundle`],
    ]);
    const relabelled = mutable(plain);
    relabelled.change = 'CR-2';
    const found = problems(relabelled);
    expect(found[0]![0]).toBe('signature');
    expect(found.filter(([kind]) => kind === 'record').map(([, record]) => record)).toEqual(f.cr1);
  });

  it('checks the log extends the checkpoints an auditor saved, and says when it cannot', () => {
    // Saved after the bundle's checkpoint: the bundle is older.
    const later = signCheckpoint(TEST_SIGNER, { origin: bundle.origin, size: 12, root: '33'.repeat(32), time: '2026-11-24T09:00:00.000Z' });
    expect(problems(bundle, { saved: [later] })).toEqual([['consistency', undefined, expect.stringMatching(/counts more records than the bundle's checkpoint \(11\)/)]]);
    // No proof from the saved checkpoint in a bundle exported without --since.
    expect(problems(plain, { saved: [f.since] })).toEqual([['consistency', undefined, expect.stringMatching(/holds no consistency proof from the saved checkpoint of 5 records/)]]);
    // A checkpoint of the same log (same key) at the same size with another root: the log was rewritten since.
    const forked = signCheckpoint(TEST_SIGNER, { origin: bundle.origin, size: 5, root: flip(f.since.root), time: f.since.time });
    expect(problems(bundle, { saved: [forked] })).toEqual([['consistency', undefined, expect.stringMatching(/different roots: the log was rewritten since the saved checkpoint/)]]);
    // The consistency proof itself changed.
    const tampered = mutable(bundle);
    tampered.consistency.proof[0] = flip(tampered.consistency.proof[0]);
    expect(problems(tampered)).toEqual([['consistency', undefined, expect.stringMatching(/not shown to extend the exporter's checkpoint of 5 records/)]]);
    // Another log's checkpoint.
    const elsewhere = signCheckpoint(TEST_SIGNER, { ...f.since, origin: 'colloquy-audit/elsewhere' });
    expect(problems(bundle, { saved: [elsewhere] })).toEqual([['origin', undefined, expect.stringMatching(/saved checkpoint is of another log/)]]);
  });

  it('names what is wrong with something that is not a bundle, never throwing', () => {
    for (const [value, message] of [
      [null, /the bundle must be a JSON object/],
      [{ format: 'colloquy.simulation-report' }, /not an audit bundle/],
      [{ ...mutable(bundle), version: 2 }, /version 2 is not one this version of Colloquy reads/],
      [{ ...mutable(bundle), records: 'x' }, /`records` must be a list/],
      [{ ...mutable(bundle), records: [...mutable(bundle).records].reverse() }, /`records` must be in log order/],
      [{ ...mutable(bundle), checkpoint: { ...bundle.checkpoint, root: 'xyz' } }, /`checkpoint`: `root` must be 64 lower-case hex digits/],
      [{ ...mutable(bundle), change: 'CR-1\nCR-2' }, /`change` must be a change request id/],
    ] as const) {
      expect(problems(value)).toEqual([['malformed', undefined, expect.stringMatching(message)]]);
    }
  });

  async function proofOf(index: number, size: number): Promise<string[]> {
    const log = await FileAuditLog.open({ dir: join(f.root, 'audit'), signer: TEST_SIGNER });
    try {
      return log.inclusionProof(index, size);
    } finally {
      await log.close();
    }
  }
});

describe('exporting a bundle', () => {
  it('refuses, saying why: no records of the change, a report missing, another key, a checkpoint the log no longer matches', async () => {
    const f = await fixture();
    const refused = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as BundleExportError);
    expect(await refused(exportBundle(f.log, { change: 'CR-9', signer: TEST_SIGNER, evidence: f.evidence }))).toMatchObject({ kind: 'no-records', message: expect.stringMatching(/no record of CR-9/) });
    expect(await refused(exportBundle(f.log, { change: 'CR-1', signer: OTHER_SIGNER, evidence: f.evidence }))).toMatchObject({ kind: 'key' });
    const forked = signCheckpoint(TEST_SIGNER, { ...f.since, root: flip(f.since.root) });
    expect(await refused(exportBundle(f.log, { change: 'CR-1', signer: TEST_SIGNER, evidence: f.evidence, since: forked }))).toMatchObject({ kind: 'since', message: expect.stringMatching(/no longer holds what the checkpoint of 5 records/) });
    const altered = { ...f.since, size: 4 };
    expect(await refused(exportBundle(f.log, { change: 'CR-1', signer: TEST_SIGNER, evidence: f.evidence, since: altered }))).toMatchObject({ kind: 'since', message: expect.stringMatching(/signature that does not verify/) });
    await rm(join(f.evidence.dir, `${f.reportA['reportHash']}.json`));
    expect(await refused(exportBundle(f.log, { change: 'CR-1', signer: TEST_SIGNER, evidence: f.evidence }))).toMatchObject({
      kind: 'evidence',
      message: expect.stringMatching(/record 4 rests on report [0-9a-f]{64}, which cannot be exported: no evidence report/),
    });
    await f.log.close();
  });
});
