/**
 * After a publish, a git commit of exactly the published files, when the
 * workspace is (inside) a git repository. It never touches anything else:
 * `git add` and `git commit --only` are given the published paths (literal
 * pathspecs), so whatever else is modified or staged in the repository stays
 * as it was, neither committed nor unstaged.
 *
 * The commit's author is the change's author; the message names the change
 * request, its approvers and the content hash they approved. Hooks are not
 * run (`--no-verify`): the content was reviewed and is already published, and
 * a hook that rewrote or refused it would leave the repository disagreeing
 * with the audit log. A failing commit does not undo the publish: the caller
 * records the failure with it.
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

export interface PublishCommit {
  readonly change: string;
  readonly title: string;
  readonly author: string;
  readonly approvers: readonly { readonly account: string; readonly role: string }[];
  readonly publishedBy: { readonly account: string; readonly role: string };
  readonly contentHash: string;
  /** Workspace-relative paths the publish wrote or deleted. */
  readonly paths: readonly string[];
}

export type CommitOutcome =
  | { readonly committed: true; readonly commit: string }
  | { readonly committed: false; readonly reason: string; readonly failed: boolean };

/** Longest a git command may take; a hook or a signing prompt must not hang a publish. */
const GIT_TIMEOUT_MS = 30_000;

export async function commitPublished(root: string, commit: PublishCommit): Promise<CommitOutcome> {
  const git = (args: readonly string[], env: Record<string, string> = {}) => run(root, args, env);
  const inside = await git(['rev-parse', '--is-inside-work-tree']).catch(() => undefined);
  if (inside?.trim() !== 'true') return { committed: false, reason: 'the workspace is not in a git repository', failed: false };
  try {
    const paths: string[] = [];
    for (const path of commit.paths) {
      if (await isIgnored(git, path)) continue;
      const onDisk = await access(join(root, path)).then(
        () => true,
        () => false,
      );
      // A deleted file is committed as a deletion only if git knew it.
      if (onDisk || (await git(['ls-files', '--', path])).trim() !== '') paths.push(path);
    }
    if (paths.length === 0) return { committed: false, reason: 'git tracks none of the published files (ignored, or deleted and never committed)', failed: false };
    await git(['add', '--all', '--', ...paths]);
    if ((await git(['diff', '--cached', '--name-only', 'HEAD', '--', ...paths]).catch(() => 'no HEAD yet')).trim() === '') {
      return { committed: false, reason: 'the repository already holds the published content', failed: false };
    }
    const identity: Record<string, string> = (await git(['config', 'user.email']).catch(() => '')).trim() ? {} : { GIT_COMMITTER_NAME: 'Colloquy', GIT_COMMITTER_EMAIL: 'colloquy@localhost' };
    await git(['commit', '--only', '--no-verify', '--quiet', '--author', `${commit.author} <${commit.author}@colloquy.invalid>`, '-F', '-', '--', ...paths], identity);
    return { committed: true, commit: (await git(['rev-parse', 'HEAD'])).trim() };
  } catch (error) {
    return { committed: false, reason: `git failed: ${error instanceof Error ? error.message.trim().split('\n').slice(0, 3).join(' ') : String(error)}`, failed: true };
  }

  function run(cwd: string, args: readonly string[], env: Record<string, string>): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        { cwd, timeout: GIT_TIMEOUT_MS, env: { ...process.env, GIT_LITERAL_PATHSPECS: '1', GIT_TERMINAL_PROMPT: '0', ...env }, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => (error ? reject(new Error(`git ${args[0]}: ${stderr || error.message}`)) : resolve(stdout)),
      );
      if (args[0] === 'commit') child.stdin?.end(commitMessage(commit));
      else child.stdin?.end();
    });
  }
}

/** The commit message: subject, then git trailers a script can read (`git log --format=%(trailers)`). */
export function commitMessage(commit: PublishCommit): string {
  const subject = `${commit.change}: ${commit.title}`.replace(/\s+/g, ' ').slice(0, 120);
  const trailers = [
    `Change-Request: ${commit.change}`,
    `Author: ${commit.author}`,
    ...commit.approvers.map((a) => `Approved-by: ${a.account} (${a.role})`),
    `Published-by: ${commit.publishedBy.account} (${commit.publishedBy.role})`,
    `Content-Hash: ${commit.contentHash}`,
  ];
  return `${subject}\n\nPublished by Colloquy after review; the audit log holds the decisions and the evidence.\n\n${trailers.join('\n')}\n`;
}

async function isIgnored(git: (args: readonly string[], env?: Record<string, string>) => Promise<string>, path: string): Promise<boolean> {
  // check-ignore exits 0 when ignored, 1 when not; it takes paths, not pathspecs (and refuses the literal magic).
  return git(['check-ignore', '-q', '--', path], { GIT_LITERAL_PATHSPECS: '0' }).then(
    () => true,
    () => false,
  );
}
