/**
 * The parent's side of a benchmark server process (serverProcess.ts): start it, ask it for its
 * memory, stop it. RSS is read from outside, in /proc/<pid>/status, as `ps` would; the V8 heap comes
 * from the child over IPC (after a full GC there), since no outside view of it exists.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, MemoryFigures, ParentMessage, ServerKind } from './serverProcess.ts';

const SCRIPT = fileURLToPath(new URL('./serverProcess.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 60_000;
/**
 * `COLLAB_PROFILE=<folder>`: each server process writes a V8 CPU profile there when it exits
 * (`<folder>/<kind>/CPU.….cpuprofile`, sampled every 100 µs, for Chrome DevTools or VS Code). How the per-update work of ours was
 * found; profiling slows both servers, so the figures of a profiled run are not the benchmark's.
 */
const PROFILE_DIR = process.env.COLLAB_PROFILE;
const profileArgs = (kind: ServerKind) => (PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${join(PROFILE_DIR, kind)}`] : []);

export class ServerHandle {
  private constructor(
    readonly kind: ServerKind,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  /** Starts a `kind` server over `root` in a child process; resolves once it listens. */
  static async start(kind: ServerKind, root: string): Promise<ServerHandle> {
    const child = fork(SCRIPT, [kind, root], { cwd: REPO, execArgv: ['--expose-gc', ...profileArgs(kind), '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`the ${kind} server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      const onMessage = (message: ChildMessage) => {
        if (message.type !== 'ready') return;
        done();
        resolve(message.port);
      };
      const onExit = (code: number | null, signal: string | null) => fail(new Error(`the ${kind} server exited before listening (${signal ?? `code ${code}`})`));
      const fail = (error: Error) => {
        done();
        child.kill('SIGKILL');
        reject(error);
      };
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
    return new ServerHandle(kind, port, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Heap figures after a full GC in the server, and its RSS read from outside. */
  async memory(): Promise<MemoryFigures> {
    const answer = await this.ask<Extract<ChildMessage, { type: 'memory' }>>({ type: 'memory' }, 'memory');
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return { heapUsed: answer.heapUsed, external: answer.external, arrayBuffers: answer.arrayBuffers, rss: match ? Number(match[1]) * 1024 : answer.rss };
  }

  /** Asks the server to close (ours flushes and closes its logs), killing it if it takes over 20 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ParentMessage);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  private ask<T extends ChildMessage>(message: ParentMessage, answer: T['type']): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: ChildMessage) => {
        if (reply.type !== answer) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(reply as T);
      };
      const onExit = () => reject(new Error(`the ${this.kind} server exited while asked for ${answer}`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(message);
    });
  }
}
