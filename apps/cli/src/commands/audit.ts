import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseCheckpoint, TreeHasher, verifyLog, type Checkpoint, type LogProblem, type LogVerification } from '@colloquy/governance';
import { CHECKPOINTS_FILE, LOG_FILE, nativeSha256, readCheckpoints } from '@colloquy/governance/node';
import type { Command } from '../command.ts';
import { formatOption } from '../command.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';

/** Where a workspace keeps its audit log. */
export const AUDIT_FOLDER = join('.colloquy', 'audit');

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify the audit log offline, or print its latest signed checkpoint to keep',
  help: `Usage: colloquy audit verify [dir] [--log PATH] [--checkpoint FILE]... [--public-key KEY]
                              [--format pretty|json]
       colloquy audit checkpoint [dir] [--log PATH]

verify    Recomputes the audit log's Merkle tree from its records, checks that
          every record is in place and chained to the one before, that every
          signed checkpoint's signature and root hold, and that the log still
          holds what each checkpoint saved earlier saw. Any problem names the
          record it is about.
checkpoint  Prints the log's latest signed checkpoint as JSON. Keep it somewhere
          the log's administrators cannot write: verifying later with
          --checkpoint proves the log was not rewritten or cut short since.

The log is [dir]/.colloquy/audit (default dir: the current folder).

Options:
  --log PATH            The log's folder, or its log.jsonl (checkpoints.jsonl beside it)
  --checkpoint FILE     A checkpoint saved earlier (JSON; a file may hold several, one per line).
                        Repeatable. Its key becomes the trusted key unless --public-key is given.
  --public-key KEY      The Ed25519 public key (64 hex digits, or a file holding them) every
                        checkpoint must be signed with
  --format pretty|json  Output format of verify (default: pretty)
  -h, --help            Show this help

Exit codes: 0 the log verifies, 1 it does not (tampering or damage, each problem listed),
2 usage or I/O error.`,
  options: {
    log: { type: 'string' },
    checkpoint: { type: 'string', multiple: true },
    'public-key': { type: 'string' },
    format: { type: 'string' },
  },
  maxPositionals: 2,
  async run({ values, positionals }, io) {
    const [action, dir] = positionals;
    if (action !== 'verify' && action !== 'checkpoint') {
      throw new UsageError(action === undefined ? 'audit: say what to do: verify or checkpoint (see --help)' : `audit: unknown action \`${action}\`; use verify or checkpoint`);
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
    const log = await readFile(join(folder, LOG_FILE)).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`audit: cannot read ${join(folder, LOG_FILE)}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    const { checkpoints, problems: checkpointProblems } = await readCheckpoints(join(folder, CHECKPOINTS_FILE));
    const verification = verifyLog(log, checkpoints, { hasher: new TreeHasher(nativeSha256), saved, ...(trustedKey ? { trustedKey } : {}) });
    const problems = [...checkpointProblems, ...verification.problems];
    if (format === 'json') {
      const { tree: _tree, ...result } = verification;
      io.stdout.write(`${JSON.stringify({ log: folder, ...result, ok: problems.length === 0, problems }, null, 2)}\n`);
    } else {
      io.stdout.write(formatVerification(verification, problems, folder));
    }
    return problems.length === 0 ? EXIT.ok : EXIT.findings;
  },
};

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

function formatVerification(verification: LogVerification, problems: readonly LogProblem[], folder: string): string {
  const lines: string[] = [];
  const torn = verification.tornTail > 0 ? `; ${verification.tornTail} bytes of an interrupted append after the last record (not a record; the server cuts them off when it next starts)` : '';
  if (problems.length === 0) {
    lines.push(`✓ ${folder}: ${verification.records} records verify, root ${verification.root}${torn}`);
    lines.push(`  ${verification.checkpointsChecked} signed checkpoint${verification.checkpointsChecked === 1 ? '' : 's'} checked`);
    if (verification.keySource === 'log') lines.push('  the signing key was taken from the log itself: pass --checkpoint or --public-key saved earlier to pin it');
    if (verification.keySource === 'none') lines.push('  no signed checkpoint: the records are chained, but nothing signed proves they were not all rewritten');
  } else {
    lines.push(`✗ ${folder}: the audit log does not verify (${problems.length} problem${problems.length === 1 ? '' : 's'})`);
    for (const problem of problems) lines.push(`  ${problem.record !== undefined ? `record ${problem.record}: ` : ''}${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}
