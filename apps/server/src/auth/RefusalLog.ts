/**
 * Records refusals (`auth.denied`, sign-ins refused by the rate limit) in the
 * audit log without letting a client that repeats one refused request a
 * thousand times write a thousand records.
 *
 * The first refusal of a kind (same client address, account, method, route
 * and reason) is appended, and the answer waits for it to be on disk. The
 * same refusal again within `windowMs` is counted instead; when the window
 * ends (or the server closes), one more record says how many there were
 * (`details.repeated`, with `details.firstSeq` naming the record they
 * repeat). Nothing is dropped: every refusal is either a record or counted in
 * one.
 */
import type { AuditEntry, AuditLogStore, JsonValue } from '@colloquy/governance';

export interface RefusalLogOptions {
  /** Default 60 s. */
  readonly windowMs?: number;
  /** Most kinds followed at once; past it, the counts so far are written out early. Default 10,000. */
  readonly maxKinds?: number;
  /** Where a failed write is reported (the refusal itself still stands). */
  readonly onError?: (error: unknown) => void;
}

interface Pending {
  readonly entry: AuditEntry;
  readonly firstSeq: number;
  readonly since: number;
  repeated: number;
}

export class RefusalLog {
  private readonly windowMs: number;
  private readonly maxKinds: number;
  private readonly kinds = new Map<string, Pending>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly audit: AuditLogStore,
    private readonly options: RefusalLogOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKinds = options.maxKinds ?? 10_000;
    this.timer = setInterval(() => void this.flush(false), Math.max(10, Math.floor(this.windowMs / 2)));
    this.timer.unref?.();
  }

  /** Records a refusal of kind `kind`; resolves once it is on disk, or at once when it is counted into one that is. */
  async record(kind: string, entry: AuditEntry): Promise<void> {
    const pending = this.kinds.get(kind);
    if (pending && Date.now() - pending.since < this.windowMs) {
      pending.repeated++;
      return;
    }
    if (pending) await this.writeRepeats(kind, pending);
    const record = await this.audit.append(entry);
    this.kinds.set(kind, { entry, firstSeq: record.seq, since: Date.now(), repeated: 0 });
    if (this.kinds.size > this.maxKinds) await this.flush(true);
  }

  /** Writes the counts of windows that have ended (all of them with `all`). */
  async flush(all = true): Promise<void> {
    const now = Date.now();
    for (const [kind, pending] of [...this.kinds]) {
      if (all || now - pending.since >= this.windowMs) await this.writeRepeats(kind, pending);
    }
  }

  /** Writes what is counted and stops the timer. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true);
  }

  private async writeRepeats(kind: string, pending: Pending): Promise<void> {
    if (this.kinds.get(kind) === pending) this.kinds.delete(kind);
    if (pending.repeated === 0) return;
    const details: Record<string, JsonValue> = { ...(pending.entry.details ?? {}), repeated: pending.repeated, firstSeq: pending.firstSeq, since: new Date(pending.since).toISOString() };
    await this.audit.append({ ...pending.entry, details }).catch((error: unknown) => this.options.onError?.(error));
  }
}
