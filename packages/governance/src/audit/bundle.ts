/**
 * An evidence bundle: what an auditor needs to check, on their own machine and
 * without the server, what was decided about one change request, by whom and
 * on what evidence. It holds
 * - the change's records, each as its exact line in the log (the bytes the
 *   Merkle tree hashes), with an inclusion proof against
 * - a signed checkpoint of the log taken at export, and the public key;
 * - the simulation reports the records name by `evidence.reportHash`;
 * - optionally a consistency proof from a checkpoint the exporter was given
 *   (`colloquy audit export --since`), so an auditor holding that checkpoint
 *   sees that the log the bundle comes from extends the one they saw;
 * - `contents`, the list of the records (position and leaf hash) and reports,
 *   signed with the log's key: inclusion proofs show that each record is in
 *   the log, the signed list shows that none of the change's records was left
 *   out of the bundle or slipped in after export.
 *
 * JSON, versioned by `format` and `version`. Reading and verifying are pure
 * (verifyBundle.ts): the studio runs them in the browser.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromHex, toHex } from '../hex.ts';
import { REPORT_HASH_PATTERN, type JsonObject } from '../evidence/evidenceReport.ts';
import { parseCheckpoint, type Checkpoint, type CheckpointSigner } from './checkpoint.ts';

export const BUNDLE_FORMAT = 'colloquy.audit-bundle';
export const BUNDLE_VERSION = 1;

export interface BundleRecord {
  /** The record's position in the log (its leaf index). */
  readonly index: number;
  /** The record's line, exactly as stored (without its newline). */
  readonly line: string;
  /** Hex hashes of the inclusion proof of leaf `index` in the tree of `checkpoint.size` leaves. */
  readonly proof: readonly string[];
}

export interface BundleReport {
  readonly reportHash: string;
  /** The simulation report, as JSON; its `reportHash` is checked against its content. */
  readonly report: JsonObject;
}

/** What the bundle holds, signed with the log's key (`contentsSignature`). */
export interface BundleContents {
  readonly records: readonly { readonly index: number; readonly leaf: string }[];
  readonly reports: readonly string[];
}

export interface BundleConsistency {
  /** The earlier checkpoint the exporter was given. */
  readonly from: Checkpoint;
  /** Hex hashes of the consistency proof from `from.size` to the bundle's checkpoint. */
  readonly proof: readonly string[];
}

export interface AuditBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  /** The log the records come from (its checkpoints' origin). */
  readonly origin: string;
  /** The change request, e.g. `CR-12`. */
  readonly change: string;
  /** Hex Ed25519 public key of the log. */
  readonly publicKey: string;
  readonly checkpoint: Checkpoint;
  readonly contents: BundleContents;
  /** Hex Ed25519 signature of `bundleContentsMessage`. */
  readonly contentsSignature: string;
  /** In log order. */
  readonly records: readonly BundleRecord[];
  /** In hash order. */
  readonly reports: readonly BundleReport[];
  readonly consistency?: BundleConsistency;
}

const HEADER = 'colloquy audit bundle v1';

/**
 * The bytes `contentsSignature` signs: the header, origin, change, the
 * checkpoint's size and root, then a line per record and per report. The
 * header differs from a checkpoint's, so neither signature passes for the other.
 */
export function bundleContentsMessage(fields: Pick<AuditBundle, 'origin' | 'change' | 'checkpoint' | 'contents'>): Uint8Array {
  const lines = [HEADER, fields.origin, fields.change, `${fields.checkpoint.size}`, fields.checkpoint.root];
  for (const record of fields.contents.records) lines.push(`record ${record.index} ${record.leaf}`);
  for (const report of fields.contents.reports) lines.push(`report ${report}`);
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

export function signBundleContents(signer: CheckpointSigner, fields: Pick<AuditBundle, 'origin' | 'change' | 'checkpoint' | 'contents'>): string {
  return toHex(signer.sign(bundleContentsMessage(fields)));
}

/** Whether `contentsSignature` is `publicKey`'s over the bundle's contents (false for malformed keys or signatures, never a throw). */
export function bundleContentsSignatureValid(bundle: AuditBundle, publicKey: string = bundle.publicKey): boolean {
  try {
    return ed25519.verify(fromHex(bundle.contentsSignature), bundleContentsMessage(bundle), fromHex(publicKey));
  } catch {
    return false;
  }
}

/** The bundle as a file: JSON, two-space indented, a final newline. */
export function serializeBundle(bundle: AuditBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

const HASH = /^[0-9a-f]{64}$/;
/** Change request ids as the server names them (`CR-12`); one line, no spaces, so the signed message stays unambiguous. */
const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A bundle from parsed JSON, its shape checked (not its proofs or signatures:
 * verifyBundle does that). Throws a SyntaxError naming the first field that
 * is wrong.
 */
export function parseBundle(value: unknown): AuditBundle {
  const v = object(value, 'the bundle');
  if (v['format'] !== BUNDLE_FORMAT) throw new SyntaxError(`not an audit bundle: \`format\` must be "${BUNDLE_FORMAT}"`);
  if (v['version'] !== BUNDLE_VERSION) throw new SyntaxError(`audit bundle version ${JSON.stringify(v['version'])} is not one this version of Colloquy reads (${BUNDLE_VERSION})`);
  const origin = text(v, 'origin', /^[^\n]{1,200}$/, 'one line of text', 'the bundle');
  const change = text(v, 'change', CHANGE_ID, 'a change request id such as CR-12', 'the bundle');
  const publicKey = text(v, 'publicKey', HASH, 'an Ed25519 public key in hex (64 digits)', 'the bundle');
  const checkpoint = parseCheckpoint(v['checkpoint'], 'the bundle’s `checkpoint`');
  const contentsValue = object(v['contents'], '`contents`');
  const contents: BundleContents = {
    records: array(contentsValue['records'], '`contents.records`').map((item, i) => {
      const where = `\`contents.records[${i}]\``;
      const entry = object(item, where);
      return { index: whole(entry['index'], `${where}.index`), leaf: text(entry, 'leaf', HASH, '64 lower-case hex digits', where) };
    }),
    reports: array(contentsValue['reports'], '`contents.reports`').map((item, i) => hash(item, `\`contents.reports[${i}]\``)),
  };
  ascending(contents.records.map((r) => r.index), '`contents.records`');
  const contentsSignature = text(v, 'contentsSignature', /^[0-9a-f]{128}$/, 'an Ed25519 signature in hex (128 digits)', 'the bundle');
  const records = array(v['records'], '`records`').map((item, i): BundleRecord => {
    const where = `\`records[${i}]\``;
    const record = object(item, where);
    const line = record['line'];
    if (typeof line !== 'string') throw new SyntaxError(`${where}.line must be the record's line as a string`);
    return { index: whole(record['index'], `${where}.index`), line, proof: array(record['proof'], `${where}.proof`).map((h, j) => hash(h, `${where}.proof[${j}]`)) };
  });
  ascending(records.map((r) => r.index), '`records`');
  const reports = array(v['reports'], '`reports`').map((item, i): BundleReport => {
    const where = `\`reports[${i}]\``;
    const entry = object(item, where);
    return { reportHash: text(entry, 'reportHash', REPORT_HASH_PATTERN, '64 lower-case hex digits', where), report: object(entry['report'], `${where}.report`) as JsonObject };
  });
  let consistency: BundleConsistency | undefined;
  if (v['consistency'] !== undefined) {
    const c = object(v['consistency'], '`consistency`');
    consistency = { from: parseCheckpoint(c['from'], '`consistency.from`'), proof: array(c['proof'], '`consistency.proof`').map((h, j) => hash(h, `\`consistency.proof[${j}]\``)) };
  }
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, origin, change, publicKey, checkpoint, contents, contentsSignature, records, reports, ...(consistency ? { consistency } : {}) };
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new SyntaxError(`${where} must be a list`);
  return value;
}

function text(v: Record<string, unknown>, name: string, pattern: RegExp, what: string, where: string): string {
  const field = v[name];
  if (typeof field !== 'string' || !pattern.test(field)) throw new SyntaxError(`${where}: \`${name}\` must be ${what}`);
  return field;
}

function hash(value: unknown, where: string): string {
  if (typeof value !== 'string' || !HASH.test(value)) throw new SyntaxError(`${where} must be 64 lower-case hex digits`);
  return value;
}

function whole(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new SyntaxError(`${where} must be a whole number from 0`);
  return value;
}

function ascending(indexes: readonly number[], where: string): void {
  indexes.forEach((index, i) => {
    if (i > 0 && index <= indexes[i - 1]!) throw new SyntaxError(`${where} must be in log order, each position once (${index} after ${indexes[i - 1]})`);
  });
}
