/**
 * `pnpm bench:audit`: the audit log's two costs.
 *
 * 1. Appends per second with fsync: each append is on disk before it
 *    resolves (FileAuditLog), one after the other and with 16 in flight
 *    (they queue; each still waits for its own fsync). The disk's fsync
 *    latency is the floor: measured beside it as fsyncs per second of a
 *    one-line append to a plain file, in turns with the two (medians of 5).
 * 2. Verifying a log of 1,000,000 records (RECORDS to change): reading the
 *    file, recomputing the Merkle tree, checking every record's place and
 *    link and the signed checkpoint. The floor is SHA-256 itself: the time
 *    to hash the same bytes in one stream, and the time to hash exactly what
 *    the tree must (every leaf with its prefix, every interior node), both
 *    measured in the same run; the ratios are the figures (machines are
 *    shared and noisy; ratios in one run hold).
 * Writes bench-results/audit.json.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson, ed25519Signer, GENESIS_PREV, MerkleLog, signCheckpoint, toHex, TreeHasher, verifyLog, type AuditEntry, type AuditRecord } from '@colloquy/governance';
import { FileAuditLog, nativeSha256, readCheckpoints } from '@colloquy/governance/node';
import { round } from './measure.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECORDS = Number(process.env.RECORDS ?? 1_000_000);
const APPENDS = Number(process.env.APPENDS ?? 200);
const signer = ed25519Signer(new Uint8Array(32).fill(11));
const hasher = new TreeHasher(nativeSha256);

function entry(n: number): AuditEntry {
  return {
    actor: { account: n % 3 === 0 ? 'dana' : 'omar', role: n % 3 === 0 ? 'designer' : 'ops_manager' },
    action: n % 3 === 0 ? 'change.edited' : 'change.approved',
    change: `CR-${1 + (n >> 4)}`,
    files: [{ path: 'flows/card-lost.flow.yaml', before: toHex(nativeSha256(new Uint8Array([n & 255]))), after: toHex(nativeSha256(new Uint8Array([(n + 1) & 255]))) }],
    rationale: 'The wording of the handover message is clearer; simulation passes.',
  };
}

const dir = await mkdtemp(join(tmpdir(), 'colloquy-bench-audit-'));

// 1. Appends with fsync.
async function appendsPerSecond(inFlight: number): Promise<number> {
  const logDir = await mkdtemp(join(dir, 'log-'));
  const log = await FileAuditLog.open({ dir: logDir, signer, checkpointDelayMs: 1000 });
  const start = performance.now();
  for (let n = 0; n < APPENDS; n += inFlight) await Promise.all(Array.from({ length: Math.min(inFlight, APPENDS - n) }, (_, i) => log.append(entry(n + i))));
  const seconds = (performance.now() - start) / 1000;
  await log.close();
  return APPENDS / seconds;
}
async function fsyncsPerSecond(): Promise<number> {
  const handle = await open(join(dir, 'fsync-floor'), 'a');
  const line = new TextEncoder().encode(`${'x'.repeat(300)}\n`);
  const start = performance.now();
  for (let i = 0; i < APPENDS; i++) {
    await handle.write(line);
    await handle.sync();
  }
  const seconds = (performance.now() - start) / 1000;
  await handle.close();
  return APPENDS / seconds;
}
// fsync latency swings with the other work on the disk: the three are
// measured in turns, five times, and the medians compared.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const turns = { floor: [] as number[], sequential: [] as number[], concurrent: [] as number[] };
for (let round = 0; round < 5; round++) {
  turns.floor.push(await fsyncsPerSecond());
  turns.sequential.push(await appendsPerSecond(1));
  turns.concurrent.push(await appendsPerSecond(16));
}
const floor = median(turns.floor);
const sequential = median(turns.sequential);
const concurrent = median(turns.concurrent);
console.log(`appends with fsync: ${round(sequential, 0)}/s one at a time, ${round(concurrent, 0)}/s with 16 in flight; bare write+fsync ${round(floor, 0)}/s (ratio ${round(floor / sequential, 2)})`);

// 2. Verification of a large log, written here directly in the log's format
// (through FileAuditLog it would take an fsync per record).
console.log(`writing a log of ${RECORDS.toLocaleString('en')} records…`);
const tree = new MerkleLog(hasher);
const chunks: string[] = [];
let t = Date.UTC(2026, 0, 1);
for (let seq = 0; seq < RECORDS; seq++) {
  const record: AuditRecord = { ...entry(seq), v: 1, seq, prev: seq === 0 ? GENESIS_PREV : toHex(tree.leafHash(seq - 1)), time: new Date((t += 1000)).toISOString() };
  const line = canonicalJson(record);
  tree.appendData(new TextEncoder().encode(line));
  chunks.push(line, '\n');
}
const logDir = join(dir, 'large');
mkdirSync(logDir);
await writeFile(join(logDir, 'log.jsonl'), chunks.join(''));
chunks.length = 0;
const checkpoint = signCheckpoint(signer, { origin: 'colloquy-audit/bench', size: RECORDS, root: toHex(tree.root()), time: new Date(t).toISOString() });
await writeFile(join(logDir, 'checkpoints.jsonl'), `${JSON.stringify(checkpoint)}\n`);

const readStart = performance.now();
const bytes = new Uint8Array(await readFile(join(logDir, 'log.jsonl')));
const { checkpoints } = await readCheckpoints(join(logDir, 'checkpoints.jsonl'));
const verifyStart = performance.now();
const verification = verifyLog(bytes, checkpoints, { hasher });
const verifyMs = performance.now() - verifyStart;
const readMs = verifyStart - readStart;
if (!verification.ok || verification.records !== RECORDS) throw new Error(`the benchmark's log did not verify: ${JSON.stringify(verification.problems.slice(0, 3))}`);

const streamStart = performance.now();
createHash('sha256').update(bytes).digest();
const streamMs = performance.now() - streamStart;

// What the tree cannot avoid: one hash per leaf (with its prefix) and one per interior node.
const hashOnlyStart = performance.now();
const floorTree = new MerkleLog(hasher);
for (let start = 0, end = bytes.indexOf(10); end !== -1; start = end + 1, end = bytes.indexOf(10, start)) floorTree.appendData(bytes.subarray(start, end));
floorTree.root();
const hashOnlyMs = performance.now() - hashOnlyStart;
await rm(dir, { recursive: true, force: true });

const result = {
  benchmark: 'audit',
  node: process.version,
  loadAverage: loadavg().map((l) => round(l, 2)),
  appends: { count: APPENDS, sequentialPerSecond: round(sequential, 1), sixteenInFlightPerSecond: round(concurrent, 1), bareFsyncPerSecond: round(floor, 1) },
  verification: {
    records: RECORDS,
    bytes: bytes.length,
    readMs: round(readMs, 1),
    verifyMs: round(verifyMs, 1),
    sha256StreamMs: round(streamMs, 1),
    merkleHashesOnlyMs: round(hashOnlyMs, 1),
    ratioToSha256Stream: round(verifyMs / streamMs, 2),
    ratioToMerkleHashes: round(verifyMs / hashOnlyMs, 2),
  },
};
console.log(
  `verify ${RECORDS.toLocaleString('en')} records (${round(bytes.length / 1e6, 1)} MB): ${round(verifyMs / 1000, 2)} s (+${round(readMs / 1000, 2)} s reading); ` +
    `SHA-256 of the same bytes in one stream ${round(streamMs / 1000, 2)} s (ratio ${result.verification.ratioToSha256Stream}), ` +
    `the tree's hashes alone ${round(hashOnlyMs / 1000, 2)} s (ratio ${result.verification.ratioToMerkleHashes})`,
);
mkdirSync(`${ROOT}bench-results`, { recursive: true });
writeFileSync(`${ROOT}bench-results/audit.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench-results/audit.json');
