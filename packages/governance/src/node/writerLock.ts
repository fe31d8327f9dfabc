/**
 * One writer per audit log. Two processes appending to the same `log.jsonl`
 * (a running `colloquy serve` and `colloquy audit export`, say) would each
 * number and chain records from what they last read: the log would fork, and
 * verify as tampered. So FileAuditLog takes `writer.lock` in the log's folder
 * (created exclusively, holding the process id and host) for as long as it is
 * open, and a second writer is refused with a message naming the first. The
 * lock is made whole, then hard-linked into place, so it is never seen empty.
 *
 * A lock left by a process that is gone (a crash, a SIGKILL) is taken over:
 * it is moved aside by rename, which only one of two racing processes can do
 * to the same file, and put back if what was moved turns out to be another
 * process's fresh lock. A lock from another host cannot be checked: it is
 * kept, and the message says which file to remove once that host's server is
 * known to be stopped.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const WRITER_LOCK_FILE = 'writer.lock';

export class AuditLogBusyError extends Error {
  override readonly name = 'AuditLogBusyError';
}

export interface WriterLock {
  release(): Promise<void>;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

export async function acquireWriterLock(dir: string): Promise<WriterLock> {
  const path = join(dir, WRITER_LOCK_FILE);
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await linkNew(path, mine)) return { release: () => rm(path, { force: true }) };
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released in between: try again
    const holder = parseHolder(text);
    if (holder && !isGone(holder)) {
      throw new AuditLogBusyError(
        holder.pid === process.pid && holder.host === hostname()
          ? `the audit log in ${dir} is already open in this process: close it before opening it again`
          : `the audit log in ${dir} is open for writing by process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} (a running colloquy serve?): only one process may append to it${holder.host === hostname() ? '' : `; if that host's server is stopped, remove ${path}`}`,
      );
    }
    // A holder that is gone (or a file that names none): move it aside, checking it is the one read.
    const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    if (!(await rename(path, aside).then(() => true, () => false))) continue;
    const moved = await readFile(aside, 'utf8').catch(() => undefined);
    if (moved === text) await rm(aside, { force: true });
    else await rename(aside, path).catch(() => undefined); // someone's fresh lock: give it back
  }
  throw new AuditLogBusyError(`the audit log in ${dir} is being opened by another process at the same time: try again`);
}

/**
 * Creates `path` holding `text`, or returns false when it exists. The text is
 * written to a file of its own first and hard-linked into place (link fails if
 * the name exists, atomically), so a lock is never seen empty.
 */
async function linkNew(path: string, text: string): Promise<boolean> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host } : undefined;
  } catch {
    return undefined;
  }
}

function isGone(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
