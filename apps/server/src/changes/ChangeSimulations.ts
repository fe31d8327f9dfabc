/**
 * Simulations of change requests, and the evidence they leave.
 *
 * A change's content is written to a snapshot folder
 * (`<workspace>/.colloquy/snapshots/<uuid>/`, out of the watcher's and the
 * workspace's sight) and simulated there by the server's own SimulationRuns,
 * so it queues, reports progress on /api/events and is followed and cancelled
 * like any other run. When it is done:
 * 1. the report goes to the evidence store (under its own hash, checked);
 * 2. `simulation.evidence` is appended to the audit log, naming the change,
 *    who asked, and the report's hash, recognizer, model, weights and pass rates;
 * 3. the evidence index notes that this report is of this content hash: only
 *    now can an approval find it;
 * 4. `onEvidence` listeners hear it (a change's run, not a baseline): the
 *    events socket tells open review pages to ask for the verdict again.
 * The snapshot is removed whatever the outcome.
 *
 * The behaviour diff needs the same run of the published workspace: when the
 * index has none for the published content and these options, a baseline run
 * of the workspace itself is queued beside the change's (once per content and
 * options, however many changes ask) and kept as evidence the same way.
 *
 * Evidence is looked up by content hash, and only ever believed after the
 * report is read back from the evidence store (its hash checked) and found to
 * have run on exactly that content.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidenceError, type AuditActor, type AuditLogStore, type EvidenceStore } from '@colloquy/governance';
import { diffReports, workspaceHash, type BehaviourDiff, type SimulationReport } from '@colloquy/simulator';
import type { SimulationEvent } from '../events.ts';
import type { SimulationSettings } from '../simulation/protocol.ts';
import type { SimulationRuns, SimulationStatus } from '../simulation/SimulationRuns.ts';
import type { OverlayFile } from './ChangeRequestStore.ts';
import { materialise, publishedFiles, type ChangeContent } from './changeContent.ts';
import type { EvidenceIndex, EvidenceSettings } from './EvidenceIndex.ts';
import { evidenceOfReport, type ReportEvidence } from './evidenceOfReport.ts';

export interface ChangeSimulationsOptions {
  /** The workspace folder (real path). */
  readonly root: string;
  readonly runs: SimulationRuns;
  readonly evidence: EvidenceStore;
  readonly index: EvidenceIndex;
  readonly audit: AuditLogStore;
  /** Where failures nobody waits for (storing a finished report) are reported. */
  readonly log: (message: string) => void;
}

interface Tracked {
  /** The change request, or undefined for a baseline run of the published workspace. */
  readonly change: string | undefined;
  readonly actor: AuditActor;
  readonly settings: EvidenceSettings;
  /** The content simulated (the change's, or the published one for a baseline). */
  readonly files: readonly OverlayFile[];
  readonly snapshot: string | undefined;
  /** For a baseline: the key it is deduplicated under while it runs. */
  readonly baselineKey?: string;
}

export const SNAPSHOTS_FOLDER = join('.colloquy', 'snapshots');

/** A change's simulation report, stored and indexed as its evidence. */
export interface StoredEvidence {
  readonly change: string;
  /** The account that asked for the run (null: the server itself). */
  readonly by: string | null;
}

export class ChangeSimulations {
  private readonly tracked = new Map<string, Tracked>();
  private readonly baselinesRunning = new Set<string>();
  private readonly evidenceListeners = new Set<(stored: StoredEvidence) => void>();
  /** Work after a run ends (storing evidence): close() waits for it. */
  private readonly pending = new Set<Promise<void>>();
  private readonly unsubscribe: () => void;
  private readonly snapshots: string;

  constructor(private readonly options: ChangeSimulationsOptions) {
    this.snapshots = join(options.root, SNAPSHOTS_FOLDER);
    this.unsubscribe = options.runs.subscribe((event) => this.onEvent(event));
  }

  /** Removes snapshots a previous process left behind (it stopped mid-run). Call once at start-up. */
  async clearLeftovers(): Promise<void> {
    await rm(this.snapshots, { recursive: true, force: true });
  }

  /**
   * Queues a run of `content` for change `change` (and, when needed, a baseline run of the published
   * workspace). Throws SimulationError `queue-full` like any run.
   */
  async start(change: string, content: ChangeContent, actor: AuditActor, settings: SimulationSettings): Promise<SimulationStatus> {
    const evidenceSettings = settingsOf(settings);
    const snapshot = join(this.snapshots, randomUUID());
    await materialise(content.files, snapshot);
    let status: SimulationStatus;
    try {
      status = this.options.runs.start(settings, { root: snapshot, modelRoot: this.options.root });
    } catch (error) {
      await rm(snapshot, { recursive: true, force: true });
      throw error;
    }
    this.tracked.set(status.id, { change, actor, settings: evidenceSettings, files: content.files, snapshot });
    await this.startBaselineIfMissing(change, actor, settings, evidenceSettings);
    return status;
  }

  /** Hears each change's report once it is stored and can be found as evidence; returns the unsubscribe. */
  onEvidence(listener: (stored: StoredEvidence) => void): () => void {
    this.evidenceListeners.add(listener);
    return () => this.evidenceListeners.delete(listener);
  }

  /**
   * The evidence for exactly this content: the latest report of it run with `run` (the settings that count
   * as evidence: agent.yaml's `approval.evidence`), read back and checked; undefined when there is none.
   * A run someone asked for with other settings is no evidence: a change's author must not pick the run
   * that judges it.
   */
  async evidenceFor(content: ChangeContent, run: SimulationSettings): Promise<ReportEvidence | undefined> {
    const report = await this.latestReport(content.contentHash, settingsOf(run));
    return report && evidenceOfReport(report.report, content.files);
  }

  /**
   * The behaviour diff of the evidence run of `contentHash` (the latest report run with `run`) against the
   * published workspace's run with the same settings; undefined until both exist.
   */
  async behaviourDiff(contentHash: string, publishedHash: string, run: SimulationSettings): Promise<BehaviourDiff | undefined> {
    const settings = settingsOf(run);
    const current = await this.latestReport(contentHash, settings);
    if (!current) return undefined;
    const baseline = await this.latestReport(publishedHash, settings);
    return baseline && diffReports(baseline.report, current.report);
  }

  /** Stops listening and waits for evidence being stored. The runs themselves are the server's to dispose. */
  async close(): Promise<void> {
    this.unsubscribe();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async latestReport(contentHash: string, settings?: EvidenceSettings): Promise<{ report: SimulationReport; settings: EvidenceSettings } | undefined> {
    const entry = await this.options.index.latest(contentHash, settings);
    if (!entry) return undefined;
    try {
      const stored = await this.options.evidence.get(entry.reportHash);
      const report = stored.report as unknown as SimulationReport;
      // The index is only a pointer: a report of other content is no evidence for this one.
      if (report.run?.workspaceHash !== contentHash) {
        this.options.log(`colloquy server: evidence report ${entry.reportHash} is listed for content ${contentHash} but ran on ${String(report.run?.workspaceHash)}; ignored`);
        return undefined;
      }
      return { report, settings: entry.settings };
    } catch (error) {
      if (!(error instanceof EvidenceError)) throw error;
      this.options.log(`colloquy server: evidence for content ${contentHash} is unusable: ${error.message}`);
      return undefined;
    }
  }

  private async startBaselineIfMissing(change: string, actor: AuditActor, settings: SimulationSettings, evidenceSettings: EvidenceSettings): Promise<void> {
    const files = await publishedFiles(this.options.root);
    const publishedHash = workspaceHash(files);
    const key = JSON.stringify([publishedHash, evidenceSettings]);
    if (this.baselinesRunning.has(key) || (await this.options.index.latest(publishedHash, evidenceSettings))) return;
    try {
      const status = this.options.runs.start(settings);
      this.baselinesRunning.add(key);
      this.tracked.set(status.id, { change: undefined, actor, settings: evidenceSettings, files, snapshot: undefined, baselineKey: key });
    } catch (error) {
      // The change's own run is queued; without a baseline its behaviour diff waits for a later run.
      this.options.log(`colloquy server: no baseline run for ${change}'s behaviour diff: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onEvent(event: SimulationEvent): void {
    const tracked = this.tracked.get(event.id);
    if (!tracked || (event.state !== 'done' && event.state !== 'failed' && event.state !== 'cancelled')) return;
    this.tracked.delete(event.id);
    if (tracked.baselineKey) this.baselinesRunning.delete(tracked.baselineKey);
    const work = this.finish(event.id, event.state, tracked)
      .catch((error: unknown) => this.options.log(`colloquy server: storing the evidence of simulation ${event.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  private async finish(id: string, state: 'done' | 'failed' | 'cancelled', tracked: Tracked): Promise<void> {
    if (tracked.snapshot) await rm(tracked.snapshot, { recursive: true, force: true });
    if (state !== 'done') return;
    const text = this.options.runs.report(id);
    const reportHash = await this.options.evidence.put(text);
    const report = JSON.parse(text) as SimulationReport;
    const contentHash = report.run.workspaceHash ?? workspaceHash(tracked.files);
    const { audit, summary } = evidenceOfReport(report, tracked.files);
    await this.options.audit.append({
      actor: tracked.actor,
      action: 'simulation.evidence',
      ...(tracked.change ? { change: tracked.change } : {}),
      evidence: audit,
      details: {
        run: id,
        // A baseline is the published workspace's run that a change's behaviour diff compares against.
        of: tracked.change ? 'change' : 'published',
        scriptedFailed: summary.scriptedFailed,
        policyErrors: summary.policyErrors,
        generatedPassRate: summary.generatedPassRate,
        settings: { seed: tracked.settings.seed, perIntent: tracked.settings.perIntent, generators: tracked.settings.generators, flow: tracked.settings.flow },
      },
    });
    // Only once it is recorded can it be found, and so be used as evidence.
    await this.options.index.add({ contentHash, reportHash, settings: tracked.settings });
    if (!tracked.change) return;
    for (const listener of [...this.evidenceListeners]) {
      try {
        listener({ change: tracked.change, by: tracked.actor.account });
      } catch (error) {
        this.options.log(`colloquy server: an evidence listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

function settingsOf(settings: SimulationSettings): EvidenceSettings {
  return { seed: settings.seed, perIntent: settings.perIntent, generators: settings.generators ?? null, flow: settings.flow ?? null };
}
