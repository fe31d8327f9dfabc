/**
 * `pnpm bench:collab`: live collaboration (issue 6) on loopback, our server against a bare
 * y-websocket server (@y/websocket-server's `setupWSConnection` on `ws`: in memory, no
 * authentication, no persistence) doing the same work in the same run. Each server runs in its own
 * process (collab/serverProcess.ts); the clients, real y-websocket providers with `ws`, run here.
 *
 * 1. Server memory per open document and per connected client: after a full GC in the server, its
 *    V8 heap (used + external: Yjs' structures and the sockets' buffers) and its RSS (read from
 *    /proc/<pid>/status), with 200 documents open (the example workspace's first 20 files in 10
 *    change requests, one client each), then `CROWD` more clients on one of them. RSS moves in
 *    allocator-sized steps (it can even shrink as documents open), so per item only the heap's
 *    figures mean something; RSS is shown as totals.
 * 2. Edit-to-remote-visibility latency with 2, 10 and 50 clients on one document
 *    (collab/visibility.ts): warm-up edits first, then the measured edits in halves, bare, ours, ours,
 *    bare, so drifting load on this shared machine falls on both alike.
 *    Beside it, the floor ours cannot go under: appending a small record and fsyncing it on the same
 *    disk (collab/fsyncFloor.ts), since ours puts every update on disk before it relays it.
 * 3. Cold load of a 5,000-line flow: a fresh client on a freshly started server whose document is not
 *    in memory. Ours twice: reopening a document persisted on disk (update log / snapshot), and a
 *    document's first open, made on the server from the change request's file. The bare server can
 *    only do the latter (it has no persistence): its document is made in memory from the file.
 *
 * Each part runs on freshly started servers, so one part's leftovers (ours unloads a document a few
 * seconds after its last client leaves: text written, log compacted) never land in another's figures.
 *
 * Targets (issue 6): p99 under 50 ms with 50 clients; ours under 1.5x the bare server's latency.
 * Reported, not asserted (machines are shared and noisy): prints a table, writes
 * bench-results/collab.json. COLLAB_SERVERS=bare (or ours) runs one server alone, without ratios.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchFlow } from './generateWorkspace.ts';
import { round } from './measure.ts';
import { BenchClient, connectClients } from './collab/BenchClient.ts';
import { fsyncFloor } from './collab/fsyncFloor.ts';
import type { MemoryFigures, ServerKind } from './collab/serverProcess.ts';
import { BenchWorkspace, type Target } from './collab/targets.ts';
import { VisibilityProbe } from './collab/visibility.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KINDS = (process.env.COLLAB_SERVERS ?? 'bare,ours').split(',') as ServerKind[];
if (KINDS.length === 0 || KINDS.some((kind) => kind !== 'bare' && kind !== 'ours')) throw new Error(`COLLAB_SERVERS: bare, ours or both, not ${process.env.COLLAB_SERVERS}`);

/** Clients per document, and the measured edits at each size (each edit gives n - 1 samples). */
const LATENCY_RUNS = [
  { clients: 2, edits: 600, path: 'flows/card_lost.flow.yaml' },
  { clients: 10, edits: 150, path: 'flows/transfer_money.flow.yaml' },
  { clients: 50, edits: 100, path: 'flows/dispute_transaction.flow.yaml' },
] as const;
const WARM_UP_EDITS = 40;
/** One edit per 20 ms across all writers: fast group typing, each writer under ours' 100 updates/s. */
const EDIT_INTERVAL_MS = 20;
/** Documents open for the memory figure: the example's first 20 files in each of 10 change requests. */
const FILES_PER_CHANGE = 20;
const CHANGES = 10;
const CROWD = 50;
const COLD_RUNS = 3;
const COLD_LINES = 5000;
const BIG = 'flows/bench_big.flow.yaml';
const FSYNC_SAMPLES = 300;
const firstOpenPath = (run: number) => `flows/bench_big_first_${run}.flow.yaml`;

// Each y-websocket provider in Node listens for the process' exit; 100+ of them are expected here.
process.setMaxListeners(0);
const began = performance.now();
const loadBefore = loadavg();

// ---- figures ----------------------------------------------------------------------------------------

interface Latency {
  readonly samples: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}
/** Nearest-rank percentiles. */
function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { samples: sorted.length, medianMs: round(at(0.5), 2), p95Ms: round(at(0.95), 2), p99Ms: round(at(0.99), 2), maxMs: round(sorted[sorted.length - 1]!, 2) };
}
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kib = (bytes: number) => round(bytes / 1024, 1);

/** The example workspace's YAML files in a stable order (flows first): the documents opened for memory. */
function exampleFiles(root: string): string[] {
  const files: string[] = [];
  for (const folder of ['flows', 'rules', 'policies', 'tests']) {
    for (const name of readdirSync(join(root, folder)).sort()) if (name.endsWith('.yaml')) files.push(`${folder}/${name}`);
  }
  return files;
}

/** A flow of at least `lines` lines (the benchmarks' generated flow, grown block by block). */
function flowOfLines(lines: number): string {
  let blocks = Math.ceil(lines / 20);
  let text = benchFlow(9001, blocks);
  while (text.split('\n').length - 1 < lines) text = benchFlow(9001, ++blocks);
  return text;
}

// ---- 1. memory ----------------------------------------------------------------------------------------

interface MemoryResult {
  readonly documents: number;
  readonly crowd: number;
  /** The server's figures at the three points: one document open, all open, the crowd added. */
  readonly baseline: MemoryFigures;
  readonly opened: MemoryFigures;
  readonly crowded: MemoryFigures;
  /** One open document, with the one client that opened it. */
  readonly perDocumentWithClientKiB: { readonly heap: number; readonly rss: number };
  /** One more client on an open document. */
  readonly perClientKiB: { readonly heap: number; readonly rss: number };
  /** The document alone: the above less one client. */
  readonly perDocumentKiB: { readonly heap: number; readonly rss: number };
}

async function measureMemory(target: Target, files: readonly string[]): Promise<MemoryResult> {
  const clients: BenchClient[] = [];
  try {
    // Warm: one document open first, so code loaded on first use is in the baseline, not in the first document.
    clients.push(...(await connectClients(target.endpoint, target.room('agent.yaml'), 1, false)));
    const changes = [undefined, ...(await Promise.all(Array.from({ length: CHANGES - 1 }, () => target.newChange())))];
    const rooms = changes.flatMap((change) => files.slice(0, FILES_PER_CHANGE).map((path) => target.room(path, change)));
    const baseline = await target.server.memory();
    for (const room of rooms) clients.push(...(await connectClients(target.endpoint, room, 1, false)));
    const opened = await target.server.memory();
    clients.push(...(await connectClients(target.endpoint, rooms[0]!, CROWD, false)));
    const crowded = await target.server.memory();
    const per = (from: MemoryFigures, to: MemoryFigures, count: number) => ({ heap: (to.heapUsed + to.external - from.heapUsed - from.external) / count, rss: (to.rss - from.rss) / count });
    const document = per(baseline, opened, rooms.length);
    const client = per(opened, crowded, CROWD);
    return {
      documents: rooms.length,
      crowd: CROWD,
      baseline,
      opened,
      crowded,
      perDocumentWithClientKiB: { heap: kib(document.heap), rss: kib(document.rss) },
      perClientKiB: { heap: kib(client.heap), rss: kib(client.rss) },
      perDocumentKiB: { heap: kib(document.heap - client.heap), rss: kib(document.rss - client.rss) },
    };
  } finally {
    for (const client of clients) client.destroy();
  }
}

// ---- 2. latency ---------------------------------------------------------------------------------------

interface LatencyResult {
  readonly clients: number;
  readonly edits: number;
  readonly byServer: Partial<Record<ServerKind, Latency & { readonly strays: number; readonly firstObserver: Latency }>>;
}

/**
 * One size of the latency run. Its clients stay connected (in `connected`, which the caller
 * disposes) until every size has run: a document left by its last client is unloaded by ours a
 * few seconds later (text written, log compacted), work that would land in the next size's figures.
 */
async function measureLatency(targets: readonly Target[], run: (typeof LATENCY_RUNS)[number], connected: Set<{ probe: VisibilityProbe; clients: BenchClient[] }>): Promise<LatencyResult> {
  const probes = new Map<ServerKind, { probe: VisibilityProbe; clients: BenchClient[]; samples: number[] }>();
  for (const target of targets) {
    const clients = await connectClients(target.endpoint, target.room(run.path), run.clients, true);
    const probe = new VisibilityProbe(clients);
    const entry = { probe, clients, samples: [] as number[] };
    probes.set(target.kind, entry);
    connected.add(entry);
    await probe.run(WARM_UP_EDITS, EDIT_INTERVAL_MS);
    probe.firstSeen.length = 0;
  }
  const halves = [Math.ceil(run.edits / 2), Math.floor(run.edits / 2)];
  const order = [...targets, ...[...targets].reverse()];
  for (const [i, target] of order.entries()) {
    const entry = probes.get(target.kind)!;
    entry.samples.push(...(await entry.probe.run(halves[i < targets.length ? 0 : 1]!, EDIT_INTERVAL_MS)));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const byServer: LatencyResult['byServer'] = {};
  for (const [kind, { probe, samples }] of probes) {
    if (!probe.converged()) throw new Error(`${kind}: the ${run.clients} clients' texts differ after the run`);
    byServer[kind] = { ...latency(samples), strays: probe.strays, firstObserver: latency(probe.firstSeen) };
  }
  return { clients: run.clients, edits: run.edits, byServer };
}

// ---- 3. cold load -------------------------------------------------------------------------------------

/** Connect → synced with the whole text, for a fresh client. */
async function timeLoad(target: Target, path: string, expected: string): Promise<number> {
  const start = performance.now();
  const client = new BenchClient(target.endpoint, target.room(path), 'cold');
  try {
    await client.ready(60_000);
    const ms = performance.now() - start;
    if (client.text.toString() !== expected) throw new Error(`${target.kind}: ${path} loaded ${client.text.length} characters, not the ${expected.length} of the file`);
    return ms;
  } finally {
    client.destroy();
  }
}

interface ColdResult {
  readonly lines: number;
  readonly bytes: number;
  readonly runs: number;
  /** Median ms: a document made on the server from the file (bare: in memory; ours: from the change request's file, then persisted). */
  readonly firstOpenMs: Partial<Record<ServerKind, number>>;
  /** Median ms: ours only, the document reopened from its update log / snapshot on disk. */
  readonly fromDiskMs: number | null;
  readonly samples: Record<string, number[]>;
}

async function measureColdLoads(workspaces: ReadonlyMap<ServerKind, BenchWorkspace>): Promise<ColdResult> {
  const text = flowOfLines(COLD_LINES);
  const samples: Record<string, number[]> = {};
  const record = (name: string, ms: number) => (samples[name] ??= []).push(round(ms, 1));
  // Put the files in place (ours: into a new change request, and the big one opened once, so it is on disk).
  for (const [kind, workspace] of workspaces) {
    const target = await workspace.start(true);
    try {
      await target.putFile(BIG, text);
      if (kind === 'ours') {
        for (let run = 0; run < COLD_RUNS; run++) await target.putFile(firstOpenPath(run), text);
        await timeLoad(target, BIG, text);
      }
    } finally {
      await target.stop();
    }
  }
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const [kind, workspace] of workspaces) {
      const loads = kind === 'ours' ? [{ name: 'ours.fromDisk', path: BIG }, { name: 'ours.firstOpen', path: firstOpenPath(run) }] : [{ name: 'bare.firstOpen', path: BIG }];
      for (const { name, path } of loads) {
        const target = await workspace.start();
        try {
          record(name, await timeLoad(target, path, text));
        } finally {
          await target.stop();
        }
      }
    }
  }
  const firstOpenMs: ColdResult['firstOpenMs'] = {};
  for (const kind of workspaces.keys()) firstOpenMs[kind] = round(median(samples[`${kind}.firstOpen`]!), 1);
  return {
    lines: text.split('\n').length - 1,
    bytes: Buffer.byteLength(text),
    runs: COLD_RUNS,
    firstOpenMs,
    fromDiskMs: samples['ours.fromDisk'] ? round(median(samples['ours.fromDisk']), 1) : null,
    samples,
  };
}

// ---- run ----------------------------------------------------------------------------------------------

const workspaces = new Map<ServerKind, BenchWorkspace>();
for (const kind of KINDS) workspaces.set(kind, await BenchWorkspace.create(kind));
const memory: Partial<Record<ServerKind, MemoryResult>> = {};
const latencies: LatencyResult[] = [];
let cold: ColdResult;
let fsync: Latency;
/** Runs `body` with a fresh server per workspace, stopping them after (ours then unloads its documents: not measured). */
async function withServers<T>(body: (targets: readonly Target[]) => Promise<T>): Promise<T> {
  const targets: Target[] = [];
  try {
    for (const workspace of workspaces.values()) targets.push(await workspace.start());
    return await body(targets);
  } finally {
    for (const target of targets) await target.stop();
  }
}
try {
  await withServers(async (targets) => {
    for (const target of targets) {
      console.log(`${target.kind}: memory with ${CHANGES * FILES_PER_CHANGE} documents open, then ${CROWD} more clients on one…`);
      memory[target.kind] = await measureMemory(target, exampleFiles(workspaces.get(target.kind)!.root));
    }
  });
  await withServers(async (targets) => {
    const connected = new Set<{ probe: VisibilityProbe; clients: BenchClient[] }>();
    try {
      for (const run of LATENCY_RUNS) {
        console.log(`latency with ${run.clients} clients (${WARM_UP_EDITS} warm-up + ${run.edits} edits per server)…`);
        latencies.push(await measureLatency(targets, run, connected));
      }
    } finally {
      for (const { probe, clients } of connected) {
        probe.dispose();
        for (const client of clients) client.destroy();
      }
    }
  });
  fsync = latency(await fsyncFloor(FSYNC_SAMPLES));
  console.log(`cold load of a ${COLD_LINES.toLocaleString('en')}-line flow, ${COLD_RUNS} runs, a fresh server each…`);
  cold = await measureColdLoads(workspaces);
} finally {
  for (const workspace of workspaces.values()) workspace.remove();
}

// ---- report -------------------------------------------------------------------------------------------

const both = KINDS.includes('bare') && KINDS.includes('ours');
const ratio = (ours: number | undefined, bare: number | undefined) => (both && ours !== undefined && bare !== undefined && bare > 0 ? round(ours / bare, 2) : null);
const rows: [string, string, string, string][] = [['', 'bare y-websocket', 'ours', 'ours/bare']];
const cell = (value: number | undefined | null, unit: string) => (value === undefined || value === null ? '–' : `${value} ${unit}`);
for (const run of latencies) {
  const bare = run.byServer.bare;
  const ours = run.byServer.ours;
  rows.push([`latency, ${run.clients} clients: median`, cell(bare?.medianMs, 'ms'), cell(ours?.medianMs, 'ms'), String(ratio(ours?.medianMs, bare?.medianMs) ?? '–')]);
  rows.push([`  p99 (${(ours ?? bare)!.samples} samples each)`, cell(bare?.p99Ms, 'ms'), cell(ours?.p99Ms, 'ms'), String(ratio(ours?.p99Ms, bare?.p99Ms) ?? '–')]);
  if (run.clients > 2) rows.push(['  first client to see it: median', cell(bare?.firstObserver.medianMs, 'ms'), cell(ours?.firstObserver.medianMs, 'ms'), String(ratio(ours?.firstObserver.medianMs, bare?.firstObserver.medianMs) ?? '–')]);
}
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
for (const [label, pick] of [
  ['memory per document (heap + external)', (m: MemoryResult) => m.perDocumentKiB.heap],
  ['memory per client (heap + external)', (m: MemoryResult) => m.perClientKiB.heap],
] as const) {
  const bare = memory.bare ? pick(memory.bare) : undefined;
  const ours = memory.ours ? pick(memory.ours) : undefined;
  rows.push([label, cell(bare, 'KiB'), cell(ours, 'KiB'), String(ratio(ours, bare) ?? '–')]);
}
// RSS per item is below the allocator's granularity at these counts (it even shrinks): totals instead.
const rssPath = (m: MemoryResult | undefined) => (m ? `${mib(m.baseline.rss)} → ${mib(m.opened.rss)} → ${mib(m.crowded.rss)} MiB` : '–');
rows.push([`server RSS: 1 doc → ${CHANGES * FILES_PER_CHANGE} docs → +${CROWD} clients`, rssPath(memory.bare), rssPath(memory.ours), '']);
rows.push(['append + fsync of 40 bytes: median', '', cell(fsync.medianMs, 'ms'), '(floor under ours)']);
rows.push(['  p99', '', cell(fsync.p99Ms, 'ms'), '']);
rows.push([`cold load, ${cold.lines} lines: first open`, cell(cold.firstOpenMs.bare, 'ms'), cell(cold.firstOpenMs.ours, 'ms'), String(ratio(cold.firstOpenMs.ours, cold.firstOpenMs.bare) ?? '–')]);
rows.push(['  from disk (ours only)', '–', cell(cold.fromDiskMs, 'ms'), String(ratio(cold.fromDiskMs ?? undefined, cold.firstOpenMs.bare) ?? '–')]);
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
console.log('');
for (const row of rows) console.log(row.map((value, c) => (c === 0 ? value.padEnd(widths[c]!) : value.padStart(widths[c]!))).join('   '));

const fifty = latencies.find((run) => run.clients === 50);
const targets = {
  p99Under50msWith50Clients: fifty?.byServer.ours ? fifty.byServer.ours.p99Ms < 50 : null,
  oursUnder1_5xBare: both ? latencies.every((run) => ratio(run.byServer.ours!.medianMs, run.byServer.bare!.medianMs)! < 1.5 && ratio(run.byServer.ours!.p99Ms, run.byServer.bare!.p99Ms)! < 1.5) : null,
};
const seconds = round((performance.now() - began) / 1000, 1);
const result = {
  benchmark: 'collab',
  node: process.version,
  cpus: cpus().length,
  loadAverage: { before: loadBefore.map((l) => round(l, 2)), after: loadavg().map((l) => round(l, 2)) },
  seconds,
  setup: {
    servers: KINDS,
    clientsProcess: 'one process for all clients (y-websocket WebsocketProvider, ws), each server in its own child process',
    editIntervalMs: EDIT_INTERVAL_MS,
    warmUpEdits: WARM_UP_EDITS,
  },
  latency: latencies.map((run) => ({ ...run, ratio: { median: ratio(run.byServer.ours?.medianMs, run.byServer.bare?.medianMs), p99: ratio(run.byServer.ours?.p99Ms, run.byServer.bare?.p99Ms) } })),
  memory,
  fsyncFloor: fsync,
  coldLoad: cold,
  targets,
};
console.log('');
console.log(`targets: p99 < 50 ms with 50 clients: ${targets.p99Under50msWith50Clients ?? '–'}; ours < 1.5x bare (median and p99, every size): ${targets.oursUnder1_5xBare ?? '–'}`);
console.log(`${seconds} s; ${cpus().length} cores, load average ${result.loadAverage.before.join(' ')} → ${result.loadAverage.after.join(' ')}`);
mkdirSync(`${ROOT}bench-results`, { recursive: true });
writeFileSync(`${ROOT}bench-results/collab.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench-results/collab.json');
