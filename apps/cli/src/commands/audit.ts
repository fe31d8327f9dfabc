import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatDiagnostic, loadFile, SchemaValidator } from '@colloquy/core';
import { writeFileAtomic } from '@colloquy/core/node';
import {
  BundleExportError,
  describeRetention,
  exportBundle,
  joinArchive,
  RetentionError,
  retentionCutoff,
  retentionOf,
  parseCheckpoint,
  serializeBundle,
  toHex,
  TreeHasher,
  verifyBundle,
  verifyLog,
  type AuditBundle,
  type BundleVerification,
  type Checkpoint,
  type CheckpointSigner,
  type LogProblem,
  type LogVerification,
} from '@colloquy/governance';
import {
  AuditLogBusyError,
  CHECKPOINTS_FILE,
  DEFAULT_SIGNING_KEY,
  FileAuditLog,
  FileEvidenceStore,
  LOG_FILE,
  loadSigningKey,
  nativeSha256,
  readCheckpoints,
} from '@colloquy/governance/node';
import type { Command } from '../command.ts';
import { formatOption } from '../command.ts';
import { EXIT, UsageError, type CliIo, type ExitCode } from '../io.ts';

/** Where a workspace keeps its audit log. */
export const AUDIT_FOLDER = join('.colloquy', 'audit');

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify the audit log or an evidence bundle offline, print a checkpoint to keep, export a change request\'s evidence',
  help: `Usage: colloquy audit verify [dir] [--log PATH] [--archive DIR]... [--checkpoint FILE]...
                              [--public-key KEY] [--format pretty|json]
       colloquy audit verify --bundle FILE [--checkpoint FILE]... [--public-key KEY] [--format pretty|json]
       colloquy audit checkpoint [dir] [--log PATH]
       colloquy audit export --change CR-12 [dir] [--since FILE] [-o FILE] [--audit-key PATH]
       colloquy audit prune [dir] [--dry-run] [--audit-key PATH]

verify    Recomputes the audit log's Merkle tree from its records, checks that
          every record is in place and chained to the one before, that every
          signed checkpoint's signature and root hold, and that the log still
          holds what each checkpoint saved earlier saw. Any problem names the
          record it is about. A pruned log verifies on its own from where it
          was cut (and says what was archived, when, where to); with --archive
          (each archive folder, oldest first) the archives and the log are
          verified together as one log, which a checkpoint saved before the
          cut needs.
verify --bundle  Verifies an evidence bundle on its own (no log, no server):
          each record's inclusion proof against the bundle's signed checkpoint,
          the signatures, the signed list of records and reports, each report's
          hash, that every record is the change's, and consistency with the
          checkpoints given with --checkpoint.
checkpoint  Prints the log's latest signed checkpoint as JSON. Keep it somewhere
          the log's administrators cannot write: verifying later with
          --checkpoint proves the log was not rewritten or cut short since.
export    Writes the evidence bundle of one change request: its records with
          inclusion proofs, a checkpoint signed now, the public key, the
          simulation reports the records rest on (from [dir]/.colloquy/evidence)
          and, with --since, a consistency proof from that checkpoint. The log
          must verify first. The export is itself recorded in the log
          (audit.exported, with the bundle's SHA-256).
prune     Applies agent.yaml's audit.retention (default keep: all, never under
          six months): appends an audit.pruned record, then moves the records
          older than the period to a sealed archive folder
          (.colloquy/audit/archive/records-<first>-<last>, which verifies on its
          own and together with the log). The tree is never rewritten: the log
          keeps a signed header standing for the archived records. The log must
          verify first; the server must be stopped (one writer). --dry-run says
          what would move.

The log is [dir]/.colloquy/audit (default dir: the current folder).

Options:
  --log PATH            The log's folder, or its log.jsonl (checkpoints.jsonl beside it)
  --bundle FILE         verify: the evidence bundle to verify instead of a log
  --checkpoint FILE     A checkpoint saved earlier (JSON; a file may hold several, one per line).
                        Repeatable. Its key becomes the trusted key unless --public-key is given.
  --public-key KEY      The Ed25519 public key (64 hex digits, or a file holding them) every
                        checkpoint must be signed with
  --format pretty|json  Output format of verify (default: pretty)
  --change ID           export: the change request (CR-12)
  --since FILE          export: a checkpoint the auditor holds; the bundle proves the log extends it
  --output FILE, -o     export: write the bundle to FILE (default: standard output)
  --archive DIR         verify: an archive folder made by prune, verified with the log (repeatable, oldest first)
  --dry-run             prune: say what would be archived, change nothing
  --audit-key PATH      export, prune: the log's signing key (default: [dir]/${DEFAULT_SIGNING_KEY})
  -h, --help            Show this help

Exit codes: 0 the log or bundle verifies (export: written; prune: done or nothing to do), 1 it does
not (tampering or damage, each problem listed; export, prune: the log does not verify), 2 usage or
I/O error (prune: agent.yaml's audit.retention is not valid).`,
  options: {
    log: { type: 'string' },
    bundle: { type: 'string' },
    checkpoint: { type: 'string', multiple: true },
    'public-key': { type: 'string' },
    format: { type: 'string' },
    change: { type: 'string' },
    since: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'audit-key': { type: 'string' },
    archive: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
  },
  maxPositionals: 2,
  async run({ values, positionals }, io) {
    const [action, dir] = positionals;
    if (action !== 'verify' && action !== 'checkpoint' && action !== 'export' && action !== 'prune') {
      throw new UsageError(action === undefined ? 'audit: say what to do: verify, checkpoint, export or prune (see --help)' : `audit: unknown action \`${action}\`; use verify, checkpoint, export or prune`);
    }
    for (const [option, allowed] of Object.entries(OPTIONS_FOR)) {
      if (values[option] !== undefined && !allowed.includes(action)) throw new UsageError(`audit ${action}: --${option} is for ${allowed.map((a) => `audit ${a}`).join(' and ')}`);
    }
    if (action === 'export') return exportAction(values, dir, io);
    if (action === 'prune') return pruneAction(values, dir, io);
    if (values['bundle'] !== undefined) {
      if (dir !== undefined || values['log'] !== undefined) throw new UsageError('audit verify: give either --bundle or a log (a workspace folder or --log), not both');
      return verifyBundleAction(values, io);
    }
    const folder = await logFolder(values['log'] as string | undefined, dir, io.cwd);
    if (action === 'checkpoint') {
      const { checkpoints } = await readCheckpoints(join(folder, CHECKPOINTS_FILE));
      const latest = checkpoints.at(-1);
      if (!latest) throw new UsageError(`audit: the log in ${folder} has no signed checkpoint yet`);
      io.stdout.write(`${JSON.stringify(latest)}\n`);
      return EXIT.ok;
    }
    const format = formatOption(values['format'], ['pretty', 'json'] as const, 'audit verify');
    const saved = await savedCheckpoints((values['checkpoint'] as string[] | undefined) ?? [], io.cwd);
    const trustedKey = await publicKey(values['public-key'] as string | undefined, io.cwd);
    const archives = ((values['archive'] as string[] | undefined) ?? []).map((archive) => resolve(io.cwd, archive));
    const { verification, problems } = await verifyLogFolder(folder, { saved, ...(trustedKey ? { trustedKey } : {}) }, archives);
    if (format === 'json') {
      const { tree: _tree, ...result } = verification;
      io.stdout.write(`${JSON.stringify({ log: folder, ...result, ok: problems.length === 0, problems }, null, 2)}\n`);
    } else {
      io.stdout.write(formatVerification(verification, problems, folder, archives));
    }
    return problems.length === 0 ? EXIT.ok : EXIT.findings;
  },
};

/** The options only some actions take (the others refuse them rather than ignore them). */
const OPTIONS_FOR: Readonly<Record<string, readonly string[]>> = {
  log: ['verify', 'checkpoint'],
  bundle: ['verify'],
  checkpoint: ['verify'],
  'public-key': ['verify'],
  format: ['verify'],
  change: ['export'],
  since: ['export'],
  output: ['export'],
  'audit-key': ['export', 'prune'],
  archive: ['verify'],
  'dry-run': ['prune'],
};

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

/**
 * Reads a log folder and verifies it: the checkpoints file's own problems first. With `archives`
 * (folders `prune` made, oldest first), they and the log are verified as one log.
 */
async function verifyLogFolder(folder: string, options: { saved?: readonly Checkpoint[]; trustedKey?: string }, archives: readonly string[] = []): Promise<{ verification: LogVerification; problems: LogProblem[] }> {
  const parts = [];
  for (const part of [...archives, folder]) {
    const log = await readFile(join(part, LOG_FILE)).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`audit: cannot read ${join(part, LOG_FILE)}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    parts.push({ log, ...(await readCheckpoints(join(part, CHECKPOINTS_FILE))) });
  }
  const joined = joinArchive(parts.map((p) => p.log));
  const verification = verifyLog(joined.log, [...parts.flatMap((p) => p.checkpoints), ...joined.checkpoints], { hasher: new TreeHasher(nativeSha256), ...options });
  return { verification, problems: [...parts.flatMap((p) => p.problems), ...verification.problems] };
}

/** `audit prune`: agent.yaml's retention applied (see the help), or what it would do with --dry-run. */
async function pruneAction(values: Values, dir: string | undefined, io: CliIo): Promise<ExitCode> {
  const root = resolve(io.cwd, dir ?? '.');
  const folder = join(root, AUDIT_FOLDER);
  if (!(await stat(join(folder, LOG_FILE)).catch(() => undefined))) throw new UsageError(`audit prune: no audit log at ${folder}`);
  const retention = await workspaceRetention(root);
  if ('keep' in retention) {
    io.stdout.write(`Nothing to prune: agent.yaml's audit.retention keeps every record (keep: all, the default).\n`);
    return EXIT.ok;
  }
  const keyPath = resolve(io.cwd, (values['audit-key'] as string | undefined) ?? join(root, DEFAULT_SIGNING_KEY));
  const signer = await signingKey(keyPath, 'prune');
  const { problems } = await verifyLogFolder(folder, { trustedKey: toHex(signer.publicKey) });
  if (problems.some((p) => p.kind === 'key')) throw new UsageError(`audit prune: the key at ${keyPath} is not the one this log's checkpoints are signed with (--audit-key names the log's key)`);
  if (problems.length > 0) return refuseUnverified(problems, folder, io, 'not pruned');
  const log = await FileAuditLog.open({ dir: folder, signer }).catch((error: unknown) => {
    throw error instanceof AuditLogBusyError ? new UsageError(`audit prune: ${error.message}; stop the server first`) : error;
  });
  try {
    const cutoff = retentionCutoff(retention, new Date())!;
    const period = describeRetention(retention);
    if (values['dry-run'] === true) {
      const lines = await log.readLines(log.first, log.size);
      const old = lines.findIndex((line) => !(Date.parse((JSON.parse(line) as { time: string }).time) < cutoff.getTime()));
      const count = old === -1 ? lines.length : old;
      io.stdout.write(
        count === 0
          ? `Nothing older than ${period} (before ${cutoff.toISOString()}): nothing would be archived.\n`
          : `Would archive records ${log.first}–${log.first + count - 1} (${count}, written before ${cutoff.toISOString()}, ${period} ago) and keep ${log.first + count}–${log.size - 1}.\n`,
      );
      return EXIT.ok;
    }
    const result = await log.prune({ before: cutoff, retention: period, details: { via: 'colloquy audit prune', osUser: osUser() } });
    if (result.archived === 0) {
      io.stdout.write(`Nothing older than ${period} (before ${cutoff.toISOString()}): nothing archived, nothing recorded.\n`);
      return EXIT.ok;
    }
    const details = result.record!.details as { from: number; oldest: string; newest: string };
    io.stdout.write(
      [
        `✓ archived records ${details.from}–${result.first - 1} (${result.archived}, written ${details.oldest} to ${details.newest}; retention ${period}) to ${result.archive}`,
        `  recorded first as record ${result.record!.seq} (audit.pruned); the log keeps records ${result.first}–${log.size - 1} and verifies on its own`,
        `  keep the archive where the log's administrators cannot write: \`colloquy audit verify --archive ${result.archive}\` checks it with the log`,
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  } finally {
    await log.close();
  }
}

/** agent.yaml's audit.retention, checked against its schema (the six-month floor) and governance's rules. */
async function workspaceRetention(root: string) {
  const path = join(root, 'agent.yaml');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return retentionOf(undefined);
  const loaded = loadFile('agent.yaml', text, new SchemaValidator());
  const wrong = loaded.diagnostics.filter((d) => d.severity === 'error' && /`audit\b/.test(d.message));
  if (wrong.length > 0) throw new UsageError(`audit prune: agent.yaml's audit.retention is not valid, nothing was pruned:\n${wrong.map((d) => `  ${formatDiagnostic({ ...d, file: path })}`).join('\n')}`);
  try {
    return retentionOf(((loaded.file?.data as { audit?: { retention?: unknown } } | undefined)?.audit)?.retention);
  } catch (error) {
    if (error instanceof RetentionError) throw new UsageError(`audit prune: ${path}: ${error.message}; nothing was pruned`);
    throw error;
  }
}

async function verifyBundleAction(values: Values, io: CliIo): Promise<ExitCode> {
  const format = formatOption(values['format'], ['pretty', 'json'] as const, 'audit verify');
  const file = values['bundle'] as string;
  const saved = await savedCheckpoints((values['checkpoint'] as string[] | undefined) ?? [], io.cwd);
  const trustedKey = await publicKey(values['public-key'] as string | undefined, io.cwd);
  const text = await readFile(resolve(io.cwd, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`audit verify: cannot read the bundle ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const parsed = parseJson(text);
  // The same pure verification the studio runs in the browser, with Node's SHA-256.
  const verification: BundleVerification =
    'value' in parsed
      ? verifyBundle(parsed.value, { sha256: nativeSha256, saved, ...(trustedKey ? { trustedKey } : {}) })
      : { ok: false, keySource: trustedKey ? 'given' : saved.length > 0 ? 'saved checkpoint' : 'bundle', consistencyChecked: 0, problems: [{ kind: 'malformed', message: `the bundle is not JSON (${parsed.error}): it was damaged or cut short` }] };
  if (format === 'json') {
    const { bundle, ...result } = verification;
    io.stdout.write(`${JSON.stringify({ bundle: file, ...(bundle ? bundleSummary(bundle) : {}), ...result }, null, 2)}\n`);
  } else {
    io.stdout.write(formatBundleVerification(verification, file));
  }
  return verification.ok ? EXIT.ok : EXIT.findings;
}

async function exportAction(values: Values, dir: string | undefined, io: CliIo): Promise<ExitCode> {
  const change = values['change'] as string | undefined;
  if (change === undefined) throw new UsageError('audit export: say which change request: --change CR-12');
  const root = resolve(io.cwd, dir ?? '.');
  const folder = join(root, AUDIT_FOLDER);
  if (!(await stat(join(folder, LOG_FILE)).catch(() => undefined))) throw new UsageError(`audit export: no audit log at ${folder}`);
  const keyPath = resolve(io.cwd, (values['audit-key'] as string | undefined) ?? join(root, DEFAULT_SIGNING_KEY));
  const signer = await signingKey(keyPath, 'export');
  const since = values['since'] === undefined ? undefined : await oneCheckpoint(values['since'] as string, io.cwd);

  // The log must verify, with this key, before anything is signed over it.
  const { problems } = await verifyLogFolder(folder, { trustedKey: toHex(signer.publicKey) });
  if (problems.some((p) => p.kind === 'key')) throw new UsageError(`audit export: the key at ${keyPath} is not the one this log's checkpoints are signed with (--audit-key names the log's key)`);
  if (problems.length > 0) return refuseUnverified(problems, folder, io, 'not exported');

  const log = await FileAuditLog.open({ dir: folder, signer }).catch((error: unknown) => {
    throw error instanceof AuditLogBusyError ? new UsageError(`audit export: ${error.message}; export through the studio, or stop the server first`) : error;
  });
  try {
    if (log.problemsAtOpen.length > 0) return refuseUnverified(log.problemsAtOpen, folder, io, 'not exported');
    let bundle: AuditBundle;
    try {
      bundle = await exportBundle(log, { change, signer, evidence: FileEvidenceStore.forWorkspace(root), sha256: nativeSha256, ...(since ? { since } : {}) });
    } catch (error) {
      if (!(error instanceof BundleExportError)) throw error;
      if (error.kind === 'since' || error.kind === 'log') {
        io.stderr.write(`✗ ${change} not exported: ${error.message}\n`);
        return EXIT.findings;
      }
      throw new UsageError(`audit export: ${error.message}`);
    }
    const bytes = new TextEncoder().encode(serializeBundle(bundle));
    const bundleSha256 = toHex(nativeSha256(bytes));
    // Recorded before the bundle leaves: an export the log does not show never happens.
    const record = await log.append({
      actor: { account: null, role: null },
      action: 'audit.exported',
      change,
      details: {
        via: 'colloquy audit export',
        osUser: osUser(),
        bundleSha256,
        records: bundle.records.length,
        reports: bundle.reports.length,
        checkpointSize: bundle.checkpoint.size,
        ...(since ? { since: since.size } : {}),
      },
    });
    const output = values['output'] as string | undefined;
    const summary = [
      `✓ ${change}: ${bundle.records.length} record${bundle.records.length === 1 ? '' : 's'} and ${bundle.reports.length} report${bundle.reports.length === 1 ? '' : 's'} exported${output ? ` to ${output}` : ''}, proven against the checkpoint of ${bundle.checkpoint.size} records signed ${bundle.checkpoint.time}`,
      ...(bundle.consistency ? [`  with a consistency proof from the checkpoint of ${bundle.consistency.from.size} records (${bundle.consistency.from.time})`] : []),
      `  bundle SHA-256 ${bundleSha256}, recorded in the audit log as record ${record.seq} (audit.exported)`,
    ].join('\n');
    if (output === undefined) {
      io.stdout.write(bytes);
      io.stderr.write(`${summary}\n`);
    } else {
      await writeFileAtomic(resolve(io.cwd, output), bytes).catch((error: Error) => {
        throw new UsageError(`audit export: cannot write ${output}: ${error.message} (the export is recorded in the log as record ${record.seq}; run it again)`);
      });
      io.stdout.write(`${summary}\n`);
    }
    return EXIT.ok;
  } finally {
    await log.close();
  }
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function refuseUnverified(problems: readonly LogProblem[], folder: string, io: CliIo, what: 'not exported' | 'not pruned'): ExitCode {
  io.stderr.write(`✗ ${what}: the audit log in ${folder} does not verify (${problems.length} problem${problems.length === 1 ? '' : 's'}); ${what === 'not exported' ? 'a bundle' : 'an archive'} would sign over it\n`);
  for (const problem of problems) io.stderr.write(`  ${problem.record !== undefined ? `record ${problem.record}: ` : ''}${problem.message}\n`);
  return EXIT.findings;
}

async function signingKey(path: string, action: 'export' | 'prune'): Promise<CheckpointSigner> {
  let signer: CheckpointSigner | undefined;
  try {
    signer = await loadSigningKey(path);
  } catch (error) {
    throw new UsageError(`audit ${action}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!signer) throw new UsageError(`audit ${action}: no signing key at ${path}: the ${action} signs a checkpoint with the log's key (--audit-key PATH)`);
  return signer;
}

async function oneCheckpoint(file: string, cwd: string): Promise<Checkpoint> {
  const checkpoints = await savedCheckpoints([file], cwd);
  if (checkpoints.length !== 1) throw new UsageError(`audit export: --since takes a file holding one checkpoint; ${file} holds ${checkpoints.length}`);
  return checkpoints[0]!;
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

async function logFolder(log: string | undefined, dir: string | undefined, cwd: string): Promise<string> {
  if (log !== undefined && dir !== undefined) throw new UsageError('audit: give either a workspace folder or --log, not both');
  const target = log !== undefined ? resolve(cwd, log) : resolve(cwd, dir ?? '.', AUDIT_FOLDER);
  const stats = await stat(target).catch(() => undefined);
  if (!stats) throw new UsageError(`audit: no audit log at ${target}`);
  return stats.isDirectory() ? target : dirname(target);
}

async function savedCheckpoints(files: readonly string[], cwd: string): Promise<Checkpoint[]> {
  const checkpoints: Checkpoint[] = [];
  for (const file of files) {
    const text = await readFile(resolve(cwd, file), 'utf8').catch((error: Error) => {
      throw new UsageError(`audit: cannot read the checkpoint ${file}: ${error.message}`);
    });
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) throw new UsageError(`audit: ${file} holds no checkpoint`);
    lines.forEach((line, i) => {
      try {
        checkpoints.push(parseCheckpoint(JSON.parse(line), `${file}:${i + 1}`));
      } catch (error) {
        throw new UsageError(`audit: ${error instanceof SyntaxError && error.message.startsWith(file) ? error.message : `${file}:${i + 1} is not a checkpoint (${(error as Error).message})`}`);
      }
    });
  }
  return checkpoints;
}

async function publicKey(value: string | undefined, cwd: string): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const text = /^[0-9a-fA-F]{64}$/.test(value) ? value : await readFile(resolve(cwd, value), 'utf8').catch(() => value);
  const key = text.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(key)) throw new UsageError('audit: --public-key must be 64 hex digits or a file holding them');
  return key;
}

function formatVerification(verification: LogVerification, problems: readonly LogProblem[], folder: string, archives: readonly string[] = []): string {
  const lines: string[] = [];
  const torn = verification.tornTail > 0 ? `; ${verification.tornTail} bytes of an interrupted append after the last record (not a record; the server cuts them off when it next starts)` : '';
  if (problems.length === 0) {
    const { first, records, pruned } = verification;
    const joined = archives.length > 0 ? ` with ${archives.length} archive${archives.length === 1 ? '' : 's'} before it` : '';
    lines.push(`✓ ${folder}${joined}: ${first === 0 ? `${records} records verify` : `records ${first}–${records - 1} verify`}, root ${verification.root}${torn}`);
    if (pruned) {
      const when = pruned.time ? ` on ${pruned.time} (record ${pruned.record}, audit.pruned${pruned.retention ? `, retention ${pruned.retention}` : ''})` : ' (the audit.pruned record is in the log after this archive)';
      lines.push(`  records 0–${pruned.before - 1} were archived${pruned.archive ? ` to ${pruned.archive}` : ''}${when}: pass --archive to check them too`);
    }
    lines.push(`  ${verification.checkpointsChecked} signed checkpoint${verification.checkpointsChecked === 1 ? '' : 's'} checked`);
    if (verification.keySource === 'log') lines.push('  the signing key was taken from the log itself: pass --checkpoint or --public-key saved earlier to pin it');
    if (verification.keySource === 'none') lines.push('  no signed checkpoint: the records are chained, but nothing signed proves they were not all rewritten');
  } else {
    lines.push(`✗ ${folder}: the audit log does not verify (${problems.length} problem${problems.length === 1 ? '' : 's'})`);
    for (const problem of problems) lines.push(`  ${problem.record !== undefined ? `record ${problem.record}: ` : ''}${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a bundle is about, for the JSON output. */
function bundleSummary(bundle: AuditBundle): Record<string, unknown> {
  return { change: bundle.change, origin: bundle.origin, publicKey: bundle.publicKey, checkpoint: { size: bundle.checkpoint.size, root: bundle.checkpoint.root, time: bundle.checkpoint.time }, records: bundle.records.length, reports: bundle.reports.length };
}

function formatBundleVerification(verification: BundleVerification, file: string): string {
  const { bundle, problems } = verification;
  const lines: string[] = [];
  if (!verification.ok || !bundle) {
    lines.push(`✗ ${file}: the evidence bundle does not verify (${problems.length} problem${problems.length === 1 ? '' : 's'})`);
    for (const problem of problems) lines.push(`  ${problem.message}`);
    return `${lines.join('\n')}\n`;
  }
  const { checkpoint } = bundle;
  lines.push(
    `✓ ${file}: ${bundle.change}: ${bundle.records.length} record${bundle.records.length === 1 ? '' : 's'} and ${bundle.reports.length} report${bundle.reports.length === 1 ? '' : 's'} verify against the checkpoint of ${checkpoint.size} records signed ${checkpoint.time}, root ${checkpoint.root}`,
  );
  if (verification.consistencyChecked > 0) lines.push(`  the log extends ${verification.consistencyChecked} earlier checkpoint${verification.consistencyChecked === 1 ? '' : 's'}`);
  if (verification.keySource === 'bundle') lines.push(`  the key (${bundle.publicKey}) was taken from the bundle itself: pass --public-key or --checkpoint saved earlier to pin it`);
  lines.push('  records:');
  for (const record of bundle.records) lines.push(`    ${describeRecord(record.line)}`);
  return `${lines.join('\n')}\n`;
}

/** One line per record for the auditor: position, time, action, who in which role, the report it rests on. */
function describeRecord(line: string): string {
  const record = JSON.parse(line) as { seq: number; time?: string; action?: string; actor?: { account?: string | null; role?: string | null }; evidence?: { reportHash?: string }; rationale?: string };
  const who = record.actor?.account ? `${record.actor.account}${record.actor.role ? ` (${record.actor.role})` : ''}` : 'the server';
  const report = record.evidence?.reportHash ? `  report ${record.evidence.reportHash.slice(0, 12)}…` : '';
  const why = record.rationale ? `  “${record.rationale.length > 60 ? `${record.rationale.slice(0, 59)}…` : record.rationale}”` : '';
  return `#${record.seq}  ${record.time ?? '?'}  ${record.action ?? '?'}  ${who}${report}${why}`;
}
