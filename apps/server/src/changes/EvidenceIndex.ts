/**
 * Which evidence reports exist for which content: `<workspace>/.colloquy/changes/evidence-index.json`,
 * a list of { contentHash, reportHash, settings } in the order the runs
 * finished. The reports themselves are in the evidence store, by their own
 * hash; this is only the way from a change's content hash to them.
 *
 * Nothing here is trusted as evidence: whoever reads an entry gets the report
 * from the evidence store (which checks its hash) and checks that the report
 * ran on the content asked about. Editing this file can at worst hide a
 * report, never make one say something else.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@colloquy/core/node';

/** The run options a report was asked for: the behaviour diff compares reports run alike. */
export interface EvidenceSettings {
  readonly seed: string;
  readonly perIntent: number;
  /** null: every generator. */
  readonly generators: readonly string[] | null;
  readonly flow: string | null;
}

export interface EvidenceEntry {
  readonly contentHash: string;
  readonly reportHash: string;
  readonly settings: EvidenceSettings;
}

const FILE = 'evidence-index.json';

export class EvidenceIndex {
  private readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();

  /** `dir`: the change requests' folder, `<workspace>/.colloquy/changes`. */
  constructor(dir: string) {
    this.path = join(dir, FILE);
  }

  /** Adds an entry (durably, before it resolves). */
  add(entry: EvidenceEntry): Promise<void> {
    const next = this.queue.then(async () => {
      const entries = await this.read();
      await writeFileAtomic(this.path, new TextEncoder().encode(`${JSON.stringify({ v: 1, entries: [...entries, entry] }, null, 1)}\n`));
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The latest entry for `contentHash` (with these settings, when given). */
  async latest(contentHash: string, settings?: EvidenceSettings): Promise<EvidenceEntry | undefined> {
    await this.queue;
    const key = settings && settingsKey(settings);
    return (await this.read()).findLast((entry) => entry.contentHash === contentHash && (key === undefined || settingsKey(entry.settings) === key));
  }

  private async read(): Promise<EvidenceEntry[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return [];
    const parsed = JSON.parse(text) as { entries?: unknown };
    return Array.isArray(parsed.entries) ? (parsed.entries as EvidenceEntry[]) : [];
  }
}

function settingsKey(settings: EvidenceSettings): string {
  return JSON.stringify([settings.seed, settings.perIntent, settings.generators === null ? null : [...settings.generators].sort(), settings.flow]);
}
