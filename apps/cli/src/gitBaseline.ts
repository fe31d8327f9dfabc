/**
 * A workspace folder as it was at a git ref, for `colloquy simulate
 * --baseline <ref>`: the folder's files are copied out of the repository that
 * holds the workspace into a temporary directory, which lives only while the
 * caller reads it (`withWorkspaceAtRef` removes it when the callback ends,
 * however it ends).
 *
 * Only git plumbing is used, always through `execFile`/`spawn` with argument
 * arrays (no shell, so no quoting of refs or paths can go wrong): `rev-parse`
 * to find the repository, the commit and the folder's tree, `ls-tree` to list
 * it and one `cat-file --batch` to stream every blob. Nothing in the
 * repository changes (no checkout, no index, no worktree), and blobs are
 * written as stored, so no filter (Git LFS smudge) runs and nothing is
 * fetched. Tree paths are checked before writing (a crafted tree may hold
 * `..`), and symbolic links are written after every file, so no file is
 * ever written through one.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { UsageError } from './io.ts';

/** The commit a ref names, and how to show it (`main (3f2c1ab)`). */
export interface ResolvedRef {
  readonly ref: string;
  readonly commit: string;
  readonly label: string;
}

/**
 * Copies the files of `workspaceRoot` (a folder inside a git working tree) as
 * they were at `ref` into a new temporary directory, calls `use` with that
 * directory, and removes the directory when `use` settles. Problems the user
 * can fix (no git, not a repository, an unknown ref, a folder the ref does not
 * have) are `UsageError`s whose message starts with `command`.
 */
export async function withWorkspaceAtRef<T>(workspaceRoot: string, ref: string, command: string, use: (folder: string, resolved: ResolvedRef) => Promise<T>): Promise<T> {
  const fail = (message: string) => new UsageError(`${command}: ${message}`);
  if (ref === '' || ref.startsWith('-')) throw fail(`\`${ref}\` is not a folder, and not a git ref either`);
  // The folder's place in the repository (symbolic links resolved as git resolves them), then every command runs at the top,
  // where `<commit>:<path>` and `ls-tree` read paths from the root (in a subfolder, ls-tree lists only that subfolder).
  const [top, prefix] = (
    await git(workspaceRoot, ['rev-parse', '--show-toplevel', '--show-prefix'], command).catch((error: unknown) => {
      if (error instanceof GitFailed) throw fail(`\`${ref}\` is not a folder, and ${workspaceRoot} is not inside a git repository to find it as a ref in (${error.detail})`);
      throw error;
    })
  ).split('\n') as [string, string];
  const commit = await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], command).catch((error: unknown) => {
    if (error instanceof GitFailed) throw fail(`\`${ref}\` is not a folder, and not a commit, branch or tag in the git repository of ${workspaceRoot}`);
    throw error;
  });
  const sha = commit.trim();
  const resolved: ResolvedRef = { ref, commit: sha, label: `${ref} (${sha.slice(0, 7)})` };
  const folder = prefix.replace(/\/$/, '');
  const treeish = folder === '' ? `${sha}^{tree}` : `${sha}:${folder}`;
  // `<commit>:<path>` names whatever is at the path (a `^{tree}` after it would be read as part of the path), so its type is checked apart.
  const missing = () => fail(`the workspace folder ${folder} does not exist at ${resolved.label}`);
  const tree = (
    await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', treeish], command).catch((error: unknown) => {
      throw error instanceof GitFailed ? missing() : error;
    })
  ).trim();
  if ((await git(top, ['cat-file', '-t', tree], command)).trim() !== 'tree') throw missing();

  const target = await mkdtemp(join(tmpdir(), 'colloquy-baseline-'));
  try {
    const entries = parseTree(await git(top, ['ls-tree', '-r', '-z', '--full-tree', tree], command));
    await writeEntries(top, entries, target, command);
    return await use(target, resolved);
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

/** A git command that ran and failed (not found, bad ref…): `detail` is the first line git printed. */
class GitFailed extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** Never ask for credentials, never take optional locks (a read-only look at someone's repository). */
const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

function gitMissing(command: string): UsageError {
  return new UsageError(`${command}: git is not installed (or not on PATH); it is needed to use a git ref as --baseline`);
}

function git(cwd: string, args: readonly string[], command: string): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    execFile('git', args, { cwd, env: GIT_ENV, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolveOutput(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(gitMissing(command));
      reject(new GitFailed(stderr.trim().split('\n')[0] || `git ${args[0]} failed`));
    });
  });
}

interface TreeEntry {
  readonly mode: string;
  readonly object: string;
  readonly path: string;
}

/** `ls-tree -r -z` output: `<mode> SP <type> SP <object> TAB <path> NUL`; blobs only (submodules are commits and are left out). */
function parseTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t([^]*)$/.exec(record);
    if (!match || match[2] !== 'blob') continue;
    entries.push({ mode: match[1]!, object: match[3]!, path: match[4]! });
  }
  return entries;
}

/** The file's place in `target`, or an error for a path that would leave it. */
function placeOf(target: string, path: string, command: string): string {
  const segments = path.split('/');
  const full = join(target, ...segments);
  const rel = relative(target, full);
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\')) || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError(`${command}: the baseline commit holds a path that would leave its folder: ${JSON.stringify(path)}`);
  }
  return full;
}

/** Regular files first, streamed from one `git cat-file --batch`; symbolic links last. */
async function writeEntries(repo: string, entries: readonly TreeEntry[], target: string, command: string): Promise<void> {
  const files = entries.filter((e) => e.mode !== '120000').map((e) => ({ ...e, place: placeOf(target, e.path, command) }));
  const links = entries.filter((e) => e.mode === '120000').map((e) => ({ ...e, place: placeOf(target, e.path, command) }));
  const contents = new Map<string, Buffer>();
  await streamBlobs(repo, [...files, ...links], command, (index, size) => {
    if (index >= files.length) {
      const chunks: Buffer[] = [];
      return { write: (chunk) => void chunks.push(chunk), close: () => void contents.set(links[index - files.length]!.place, Buffer.concat(chunks, size)) };
    }
    const place = files[index]!.place;
    mkdirSync(dirname(place), { recursive: true });
    const fd = openSync(place, 'wx');
    return { write: (chunk) => void writeSync(fd, chunk), close: () => closeSync(fd) };
  });
  for (const link of links) {
    mkdirSync(dirname(link.place), { recursive: true });
    await symlink(contents.get(link.place)!.toString('utf8'), link.place);
  }
}

interface BlobSink {
  write(chunk: Buffer): void;
  close(): void;
}

/**
 * Streams the blobs of `entries`, in order, out of one `git cat-file --batch`
 * (`<object> blob <size> LF <content> LF` each), so a large file never sits
 * whole in memory.
 */
function streamBlobs(repo: string, entries: readonly TreeEntry[], command: string, open: (index: number, size: number) => BlobSink): Promise<void> {
  if (entries.length === 0) return Promise.resolve();
  return new Promise((resolveDone, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let failure: Error | undefined;
    let stderr = '';
    let index = 0;
    let header = Buffer.alloc(0);
    let sink: BlobSink | undefined;
    let remaining = 0;
    let newlineDue = false;
    const fail = (error: Error) => {
      failure ??= error;
      child.kill();
    };
    child.on('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? gitMissing(command) : error));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => undefined); // git gone early: reported by 'close'
    child.stdout.on('data', (data: Buffer) => {
      let chunk = data;
      try {
        while (chunk.length > 0 && !failure) {
          if (sink) {
            const part = chunk.subarray(0, remaining);
            sink.write(part);
            remaining -= part.length;
            chunk = chunk.subarray(part.length);
            if (remaining === 0) {
              sink.close();
              sink = undefined;
              newlineDue = true;
            }
          } else if (newlineDue) {
            chunk = chunk.subarray(1);
            newlineDue = false;
            index++;
          } else {
            const end = chunk.indexOf(10);
            if (end < 0) {
              header = Buffer.concat([header, chunk]);
              break;
            }
            const line = Buffer.concat([header, chunk.subarray(0, end)]).toString('utf8');
            header = Buffer.alloc(0);
            chunk = chunk.subarray(end + 1);
            const match = /^[0-9a-f]+ blob (\d+)$/.exec(line);
            if (!match || index >= entries.length) throw new Error(`unexpected git cat-file output: ${line}`);
            remaining = Number(match[1]);
            sink = open(index, remaining);
            if (remaining === 0) {
              sink.close();
              sink = undefined;
              newlineDue = true;
            }
          }
        }
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.on('close', (code) => {
      sink?.close();
      if (failure) return reject(failure instanceof UsageError ? failure : new UsageError(`${command}: cannot copy the baseline out of git: ${failure.message}`));
      if (code !== 0 || index !== entries.length) return reject(new UsageError(`${command}: cannot copy the baseline out of git: ${stderr.trim().split('\n')[0] || `git cat-file exited with ${code}`}`));
      resolveDone();
    });
    child.stdin.end(entries.map((e) => `${e.object}\n`).join(''));
  });
}
