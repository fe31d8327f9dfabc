/**
 * Edit-to-remote-visibility latency: one writer at a time inserts a character in its local
 * transaction; every other client records when the change reaches its `Y.Text` (its observer runs
 * for a remote transaction). A sample is `observer's time − the moment before the writer's
 * transaction`, so it holds the writer's encoding and send, the server's work (for ours: the
 * access check, decoding, the fsynced append, relay) and the observer's receive and apply.
 *
 * Writers take turns (edit k is written by client k mod n); the next edit starts once every
 * observer saw the last and at least `intervalMs` after it started, a steady typing pace that keeps
 * each writer well under a server's update-rate limit and never queues one edit behind another.
 * All clients live in this one process, so with many clients an observer's figure includes waiting
 * for the clients ahead of it on this event loop, as it would not in n browsers.
 */
import type { BenchClient } from './BenchClient.ts';

const EDIT_TIMEOUT_MS = 10_000;

export class VisibilityProbe {
  private pending: { readonly start: number; remaining: number; readonly samples: number[]; readonly done: () => void } | undefined;
  /** The first observer's latency of each edit: the path through the server without the wait behind other clients here. */
  readonly firstSeen: number[] = [];
  private edits = 0;
  private readonly unobserve: (() => void)[] = [];
  /** Remote changes seen while no edit was pending: should stay 0 (nothing else writes). */
  strays = 0;

  constructor(private readonly clients: readonly BenchClient[]) {
    if (clients.length < 2) throw new Error('visibility needs a writer and at least one observer');
    for (const client of clients) {
      const observer = (event: { transaction: { local: boolean } }) => {
        if (event.transaction.local) return;
        const seen = performance.now();
        const pending = this.pending;
        if (!pending) {
          this.strays++;
          return;
        }
        pending.samples.push(seen - pending.start);
        if (pending.remaining === this.clients.length - 1) this.firstSeen.push(seen - pending.start);
        if (--pending.remaining === 0) pending.done();
      };
      client.text.observe(observer);
      this.unobserve.push(() => client.text.unobserve(observer));
    }
  }

  /** Makes `count` edits at one per `intervalMs` at most; answers one latency per observer per edit, in ms. */
  async run(count: number, intervalMs: number): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const k = this.edits++;
      const writer = this.clients[k % this.clients.length]!;
      // A deterministic spread of positions through the text, as edits land all over a file.
      const position = (k * 7919) % (writer.text.length + 1);
      let timer: NodeJS.Timeout | undefined;
      const seenByAll = new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`edit ${k} was not seen by ${this.pending?.remaining} of ${this.clients.length - 1} observers within ${EDIT_TIMEOUT_MS} ms`)), EDIT_TIMEOUT_MS);
        this.pending = { start: performance.now(), remaining: this.clients.length - 1, samples, done: resolve };
      });
      writer.text.insert(position, 'x');
      try {
        await seenByAll;
      } finally {
        clearTimeout(timer);
      }
      const start = this.pending!.start;
      this.pending = undefined;
      const wait = start + intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return samples;
  }

  /** Whether every client holds the same text (after a run, nothing in flight). */
  converged(): boolean {
    const first = this.clients[0]!.text.toString();
    return this.clients.every((client) => client.text.toString() === first);
  }

  dispose(): void {
    for (const off of this.unobserve) off();
    this.unobserve.length = 0;
  }
}
