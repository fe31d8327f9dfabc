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
 *    (collab/visibility.ts): warm-up edits first, then rounds in which each server makes the same
 *    number of edits, taking turns and alternating which goes first (bare, ours; ours, bare; …), so
 *    load that comes and goes on this shared machine falls on both alike. Reported per server over
 *    all its samples (pooled), and as ours/bare both pooled and as the median of the rounds' own
 *    ratios (a busy spell moves one round, not the median), with the 1-minute load average.
 *    Beside it, the floor ours cannot go under: writing a small record durably on the same disk
 *    (collab/fsyncFloor.ts), back to back and at the edits' pace, since ours puts every update on
 *    disk before it relays it; (bare + that write at the pace) / bare is the lowest median ratio ours
 *    could show. And what a compaction costs an append that arrives as it starts, on ours' storage
 *    alone (collab/compactionStall.ts): the latency run's edits seldom land on one.
 * 3. Cold load of a 5,000-line flow: a fresh client on a freshly started server whose document is not
 *    in memory. Ours twice: reopening a document persisted on disk (update log / snapshot), and a
 *    document's first open, made on the server from the change request's file. The bare server can
 *    only do the latter (it has no persistence): its document is made in memory from the file.
 *
 * Each part runs on freshly started servers, so one part's leftovers (ours unloads a document a few
 * seconds after its last client leaves: text written, log compacted) never land in another's figures.
 *
 * Targets (issue 6): p99 under 50 ms with 50 clients; ours under 1.5x the bare server's latency
 * (judged here on the median and the p99, pooled and per-round, at every size).
 * Reported, not asserted (machines are shared and noisy): prints a table, writes
 * bench-results/collab.json. COLLAB_SERVERS=bare (or ours) runs one server alone, without ratios;
 * COLLAB_PARTS=latency (or memory, cold, comma-separated) runs only those parts; COLLAB_PROFILE=<dir>
 * has each server write a CPU profile (collab/serverHandle.ts).
 *
 * bench-results/collab.json: `{ benchmark, node, cpus, loadAverage: { before, after } (1, 5, 15 min),
 * seconds, setup: { servers, parts, clientsProcess, editIntervalMs, warmUpEdits }, latency: [per size:
 * { clients, edits, rounds, editsPerRound, byServer: { bare, ours: { samples, medianMs, p95Ms, p99Ms,
 * maxMs, strays, firstObserver } }, ratio: { median, p99 } (pooled), roundRatio: { median, p99,
 * medianRange, p99Range }, floorRatio (median: (bare + paced durable write) / bare), perRound: [{ order,
 * medianMs, p99Ms, ratio }], loadAverage: [start, end] }], memory: { bare, ours } (MemoryResult),
 * fsyncFloor: { recordBytes, floors: [{ label, mode, paceMs, underOurs, latency }] } | null,
 * compactionStall: { rounds, aloneMs, duringCompactionMs, compactionMs } | null,
 * coldLoad: ColdResult | null, targets: { p99Under50msWith50Clients, oursUnder1_5xBare } }`; a part
 * not run is null (or empty).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchFlow } from './generateWorkspace.ts';
import { round } from './measure.ts';
import { BenchClient, connectClients } from './collab/BenchClient.ts';
import { compactionStall } from './collab/compactionStall.ts';
import { durableWrites, type FloorMode } from './collab/fsyncFloor.ts';
import type { MemoryFigures, ServerKind } from './collab/serverProcess.ts';
import { BenchWorkspace, type Target } from './collab/targets.ts';
import { VisibilityProbe } from './collab/visibility.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KINDS = (process.env.COLLAB_SERVERS ?? 'bare,ours').split(',') as ServerKind[];
if (KINDS.length === 0 || KINDS.some((kind) => kind !== 'bare' && kind !== 'ours')) throw new Error(`COLLAB_SERVERS: bare, ours or both, not ${process.env.COLLAB_SERVERS}`);

/**
 * Clients per document, and how the measured edits at each size are split: `rounds` rounds of
 * `editsPerRound` edits per server, the servers taking turns within each round (each edit gives
 * n - 1 samples). Many short rounds rather than two long halves: load on this shared machine
 * changes within seconds, and each round's ratio compares the servers over the same few seconds.
 * The 2-client size has the most edits: one sample per edit, and its p99 needs them.
 */
const LATENCY_RUNS = [
  { clients: 2, rounds: 12, editsPerRound: 100, path: 'flows/card_lost.flow.yaml' },
  { clients: 10, rounds: 8, editsPerRound: 30, path: 'flows/transfer_money.flow.yaml' },
  { clients: 50, rounds: 6, editsPerRound: 20, path: 'flows/dispute_transaction.flow.yaml' },
] as const;
/** Which parts run (`COLLAB_PARTS=latency`, say, while working on the server's hot path): all by default. */
const PARTS = new Set((process.env.COLLAB_PARTS ?? 'memory,latency,cold').split(','));
if ([...PARTS].some((part) => part !== 'memory' && part !== 'latency' && part !== 'cold')) throw new Error(`COLLAB_PARTS: memory, latency and/or cold, not ${process.env.COLLAB_PARTS}`);
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
/** Durable writes per way of writing, back to back and at the edits' pace (fewer: each waits an edit interval). */
const FSYNC_SAMPLES = 300;
const FSYNC_PACED_SAMPLES = 150;
/** Fresh documents on which ours' storage is compacted with an append arriving (collab/compactionStall.ts). */
const COMPACTION_ROUNDS = 20;
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

interface ServerLatency extends Latency {
  readonly strays: number;
  readonly firstObserver: Latency;
}

/** One round at one size: each server's figures over its edits of the round, and ours/bare. */
interface LatencyRound {
  /** Which server went first in this round (they alternate). */
  readonly order: readonly ServerKind[];
  readonly medianMs: Partial<Record<ServerKind, number>>;
  readonly p99Ms: Partial<Record<ServerKind, number>>;
  readonly ratio: { readonly median: number | null; readonly p99: number | null };
}

interface LatencyResult {
  readonly clients: number;
  /** Measured edits per server (rounds x editsPerRound), warm-up excluded. */
  readonly edits: number;
  readonly rounds: number;
  readonly editsPerRound: number;
  /** Each server's figures over all its samples (every round). */
  readonly byServer: Partial<Record<ServerKind, ServerLatency>>;
  /** ours/bare of the pooled figures above. */
  readonly ratio: { readonly median: number | null; readonly p99: number | null };
  /** The median (and range) over the rounds of each round's ratio: robust to a busy spell in one round. */
  readonly roundRatio: { readonly median: number | null; readonly p99: number | null; readonly medianRange: readonly [number, number] | null; readonly p99Range: readonly [number, number] | null };
  readonly perRound: readonly LatencyRound[];
  /** The 1-minute load average when this size started and ended. */
  readonly loadAverage: readonly [number, number];
}

/** ours/bare, or null unless both ran. */
function ratioOf(ours: number | undefined, bare: number | undefined): number | null {
  return ours !== undefined && bare !== undefined && bare > 0 ? round(ours / bare, 2) : null;
}

/** The median and range of the non-null values, or nulls when there are none. */
function spread(values: readonly (number | null)[]): { median: number | null; range: readonly [number, number] | null } {
  const present = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (present.length === 0) return { median: null, range: null };
  // The middle value, or the mean of the two middle ones: an even count of rounds has no middle value.
  const mid = present.length / 2;
  const median = present.length % 2 === 1 ? present[Math.floor(mid)]! : (present[mid - 1]! + present[mid]!) / 2;
  return { median: round(median, 2), range: [present[0]!, present[present.length - 1]!] };
}

/**
 * One size of the latency run. Warm-up edits on each server first, then `rounds` rounds in which
 * each server makes `editsPerRound` edits, the first server alternating (bare, ours; ours, bare; …)
 * so that neither always follows the other's leftovers. Its clients stay connected (in `connected`,
 * which the caller disposes) until every size has run: a document left by its last client is
 * unloaded by ours a few seconds later (text written, log compacted), work that would land in the
 * next size's figures.
 */
async function measureLatency(targets: readonly Target[], run: (typeof LATENCY_RUNS)[number], connected: Set<{ probe: VisibilityProbe; clients: BenchClient[] }>): Promise<LatencyResult> {
  const loadAtStart = loadavg()[0]!;
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
  const perRound: LatencyRound[] = [];
  for (let r = 0; r < run.rounds; r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    const medianMs: LatencyRound['medianMs'] = {};
    const p99Ms: LatencyRound['p99Ms'] = {};
    for (const target of order) {
      const entry = probes.get(target.kind)!;
      const samples = await entry.probe.run(run.editsPerRound, EDIT_INTERVAL_MS);
      entry.samples.push(...samples);
      const figures = latency(samples);
      medianMs[target.kind] = figures.medianMs;
      p99Ms[target.kind] = figures.p99Ms;
    }
    perRound.push({ order: order.map((target) => target.kind), medianMs, p99Ms, ratio: { median: ratioOf(medianMs.ours, medianMs.bare), p99: ratioOf(p99Ms.ours, p99Ms.bare) } });
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const byServer: LatencyResult['byServer'] = {};
  for (const [kind, { probe, samples }] of probes) {
    if (!probe.converged()) throw new Error(`${kind}: the ${run.clients} clients' texts differ after the run`);
    byServer[kind] = { ...latency(samples), strays: probe.strays, firstObserver: latency(probe.firstSeen) };
  }
  const medians = spread(perRound.map((r) => r.ratio.median));
  const p99s = spread(perRound.map((r) => r.ratio.p99));
  return {
    clients: run.clients,
    edits: run.rounds * run.editsPerRound,
    rounds: run.rounds,
    editsPerRound: run.editsPerRound,
    byServer,
    ratio: { median: ratioOf(byServer.ours?.medianMs, byServer.bare?.medianMs), p99: ratioOf(byServer.ours?.p99Ms, byServer.bare?.p99Ms) },
    roundRatio: { median: medians.median, p99: p99s.median, medianRange: medians.range, p99Range: p99s.range },
    perRound,
    loadAverage: [round(loadAtStart, 2), round(loadavg()[0]!, 2)],
  };
}

// ---- durable write floor -----------------------------------------------------------------------------

interface FsyncFloors {
  readonly recordBytes: number;
  readonly floors: readonly { readonly label: string; readonly mode: FloorMode; readonly paceMs: number; readonly underOurs: boolean; readonly latency: Latency }[];
}

/** The durable write alone (collab/fsyncFloor.ts): each way of writing, back to back and at the edits' pace. */
async function measureFsyncFloors(): Promise<FsyncFloors> {
  const fast = await durableWrites(FSYNC_SAMPLES, 0);
  const paced = await durableWrites(FSYNC_PACED_SAMPLES, EDIT_INTERVAL_MS);
  const label = (mode: FloorMode, paceMs: number) => `${mode === 'append' ? 'append' : 'write into a preallocated log'} (O_DSYNC, 40 B)${paceMs > 0 ? `, one per ${paceMs} ms` : ', back to back'}`;
  return {
    recordBytes: 40,
    floors: (['append', 'preallocated'] as const).flatMap((mode) => [
      { label: label(mode, 0), mode, paceMs: 0, underOurs: false, latency: latency(fast[mode]) },
      { label: label(mode, EDIT_INTERVAL_MS), mode, paceMs: EDIT_INTERVAL_MS, underOurs: mode === 'preallocated', latency: latency(paced[mode]) },
    ]),
  };
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
let cold: ColdResult | null = null;
let fsync: FsyncFloors | null = null;
let stall: { readonly rounds: number; readonly aloneMs: Latency; readonly duringCompactionMs: Latency; readonly compactionMs: Latency } | null = null;
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
  if (PARTS.has('memory')) {
    await withServers(async (targets) => {
      for (const target of targets) {
        console.log(`${target.kind}: memory with ${CHANGES * FILES_PER_CHANGE} documents open, then ${CROWD} more clients on one…`);
        memory[target.kind] = await measureMemory(target, exampleFiles(workspaces.get(target.kind)!.root));
      }
    });
  }
  if (PARTS.has('latency')) {
    await withServers(async (targets) => {
      const connected = new Set<{ probe: VisibilityProbe; clients: BenchClient[] }>();
      try {
        for (const run of LATENCY_RUNS) {
          console.log(`latency with ${run.clients} clients (${WARM_UP_EDITS} warm-up, then ${run.rounds} rounds of ${run.editsPerRound} edits per server; load average ${round(loadavg()[0]!, 2)})…`);
          latencies.push(await measureLatency(targets, run, connected));
        }
      } finally {
        for (const { probe, clients } of connected) {
          probe.dispose();
          for (const client of clients) client.destroy();
        }
      }
    });
    console.log('the durable write under ours, alone on the same disk…');
    fsync = await measureFsyncFloors();
    if (KINDS.includes('ours')) {
      console.log(`ours' storage: an append made as a compaction starts, ${COMPACTION_ROUNDS} documents…`);
      const measured = await compactionStall(COMPACTION_ROUNDS);
      stall = { rounds: COMPACTION_ROUNDS, aloneMs: latency(measured.alone), duringCompactionMs: latency(measured.duringCompaction), compactionMs: latency(measured.compaction) };
    }
  }
  if (PARTS.has('cold')) {
    console.log(`cold load of a ${COLD_LINES.toLocaleString('en')}-line flow, ${COLD_RUNS} runs, a fresh server each…`);
    cold = await measureColdLoads(workspaces);
  }
} finally {
  for (const workspace of workspaces.values()) workspace.remove();
}

// ---- report -------------------------------------------------------------------------------------------

const both = KINDS.includes('bare') && KINDS.includes('ours');
const ratio = (ours: number | undefined, bare: number | undefined) => (both ? ratioOf(ours, bare) : null);
/** The durable write ours makes before each relay, alone at the edits' pace (its median). */
const pacedWrite = fsync?.floors.find((floor) => floor.underOurs)?.latency.medianMs;
/** The lowest median ratio ours could show at a size: (bare + that write) / bare. */
const floorRatio = (run: LatencyResult) => (both && pacedWrite !== undefined && run.byServer.bare ? round((run.byServer.bare.medianMs + pacedWrite) / run.byServer.bare.medianMs, 2) : null);
const rows: [string, string, string, string][] = [['', 'bare y-websocket', 'ours', 'ours/bare (per round: median, range)']];
const cell = (value: number | undefined | null, unit: string) => (value === undefined || value === null ? '–' : `${value} ${unit}`);
const ratioCell = (pooled: number | null, rounds: number | null, range: readonly [number, number] | null) =>
  pooled === null ? '–' : `${pooled}${rounds === null || range === null ? '' : ` (${rounds}, ${range[0]}–${range[1]})`}`;
for (const run of latencies) {
  const bare = run.byServer.bare;
  const ours = run.byServer.ours;
  rows.push([`latency, ${run.clients} clients: median`, cell(bare?.medianMs, 'ms'), cell(ours?.medianMs, 'ms'), ratioCell(run.ratio.median, run.roundRatio.median, run.roundRatio.medianRange)]);
  rows.push(['  floor under the median ratio: (bare + durable write) / bare', '', '', String(floorRatio(run) ?? '–')]);
  rows.push([`  p99 (${(ours ?? bare)!.samples} samples each, ${run.rounds} rounds)`, cell(bare?.p99Ms, 'ms'), cell(ours?.p99Ms, 'ms'), ratioCell(run.ratio.p99, run.roundRatio.p99, run.roundRatio.p99Range)]);
  if (run.clients > 2) rows.push(['  first client to see it: median', cell(bare?.firstObserver.medianMs, 'ms'), cell(ours?.firstObserver.medianMs, 'ms'), String(ratio(ours?.firstObserver.medianMs, bare?.firstObserver.medianMs) ?? '–')]);
  rows.push([`  load average (1 min) at start → end`, '', '', `${run.loadAverage[0]} → ${run.loadAverage[1]}`]);
}
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
if (Object.keys(memory).length > 0) {
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
}
if (fsync) {
  for (const floor of fsync.floors) {
    rows.push([`${floor.label}: median`, '', cell(floor.latency.medianMs, 'ms'), floor.underOurs ? '(floor under ours)' : '']);
    rows.push(['  p99', '', cell(floor.latency.p99Ms, 'ms'), '']);
  }
}
if (stall) {
  rows.push([`append (ours' storage, 500 logged): alone, median / max`, '', `${stall.aloneMs.medianMs} / ${stall.aloneMs.maxMs} ms`, '']);
  rows.push([`  made as a compaction starts, median / max`, '', `${stall.duringCompactionMs.medianMs} / ${stall.duringCompactionMs.maxMs} ms`, `(the compaction: ${stall.compactionMs.medianMs} ms)`]);
}
if (cold) {
  rows.push([`cold load, ${cold.lines} lines: first open`, cell(cold.firstOpenMs.bare, 'ms'), cell(cold.firstOpenMs.ours, 'ms'), String(ratio(cold.firstOpenMs.ours, cold.firstOpenMs.bare) ?? '–')]);
  rows.push(['  from disk (ours only)', '–', cell(cold.fromDiskMs, 'ms'), String(ratio(cold.fromDiskMs ?? undefined, cold.firstOpenMs.bare) ?? '–')]);
}
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
console.log('');
for (const row of rows) console.log(row.map((value, c) => (c === 0 ? value.padEnd(widths[c]!) : c === 3 ? value : value.padStart(widths[c]!))).join('   '));

const fifty = latencies.find((run) => run.clients === 50);
const under = (value: number | null) => value !== null && value < 1.5;
const targets = {
  p99Under50msWith50Clients: fifty?.byServer.ours ? fifty.byServer.ours.p99Ms < 50 : null,
  /** Both ways of comparing, at every size: the pooled ratio and the median of the rounds' ratios. */
  oursUnder1_5xBare:
    both && latencies.length > 0 ? latencies.every((run) => under(run.ratio.median) && under(run.ratio.p99) && under(run.roundRatio.median) && under(run.roundRatio.p99)) : null,
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
    parts: [...PARTS],
    clientsProcess: 'one process for all clients (y-websocket WebsocketProvider, ws), each server in its own child process',
    editIntervalMs: EDIT_INTERVAL_MS,
    warmUpEdits: WARM_UP_EDITS,
  },
  latency: latencies.map((run) => ({ ...run, floorRatio: floorRatio(run) })),
  memory,
  fsyncFloor: fsync,
  compactionStall: stall,
  coldLoad: cold,
  targets,
};
console.log('');
console.log(`targets: p99 < 50 ms with 50 clients: ${targets.p99Under50msWith50Clients ?? '–'}; ours < 1.5x bare (median and p99, pooled and per-round median, every size): ${targets.oursUnder1_5xBare ?? '–'}`);
console.log(`${seconds} s; ${cpus().length} cores, load average ${result.loadAverage.before.join(' ')} → ${result.loadAverage.after.join(' ')}`);
mkdirSync(`${ROOT}bench-results`, { recursive: true });
writeFileSync(`${ROOT}bench-results/collab.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench-results/collab.json');
