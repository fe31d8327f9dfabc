import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitPublished, commitMessage, type PublishCommit } from './gitCommit.ts';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

function repository(): { repo: string; workspace: string; git: (...args: string[]) => string } {
  const repo = mkdtempSync(join(tmpdir(), 'colloquy-git-'));
  folders.push(repo);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'someone', GIT_AUTHOR_EMAIL: 's@example.org', GIT_COMMITTER_NAME: 'someone', GIT_COMMITTER_EMAIL: 's@example.org' } });
  git('init', '-q');
  // The workspace is a folder of the repository, as flows/ is in this one.
  const workspace = join(repo, 'bot');
  mkdirSync(join(workspace, 'flows'), { recursive: true });
  writeFileSync(join(workspace, 'flows', 'a.flow.yaml'), 'a: 1\n');
  writeFileSync(join(workspace, 'flows', 'gone.flow.yaml'), 'gone: 1\n');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return { repo, workspace, git };
}

const publish = (paths: string[]): PublishCommit => ({
  change: 'CR-7',
  title: 'Clearer wording',
  author: 'dana',
  approvers: [
    { account: 'omar', role: 'ops_manager' },
    { account: 'rita', role: 'rai_lead' },
  ],
  publishedBy: { account: 'omar', role: 'ops_manager' },
  contentHash: 'c'.repeat(64),
  paths,
});

describe('a git commit of exactly the published files', () => {
  it('commits the published edits, additions and deletions with the author, approvers and change request, and nothing else', async () => {
    const { repo, workspace, git } = repository();
    // Someone's own work in progress: a staged file and an unstaged edit, both left as they are.
    writeFileSync(join(repo, 'README.md'), 'hello, edited\n');
    writeFileSync(join(repo, 'staged.txt'), 'mine\n');
    git('add', 'staged.txt');
    // The publish: a changed flow, a new one in a new folder, a deleted one.
    writeFileSync(join(workspace, 'flows', 'a.flow.yaml'), 'a: 2\n');
    mkdirSync(join(workspace, 'flows', 'new'));
    writeFileSync(join(workspace, 'flows', 'new', '[b].flow.yaml'), 'b: 1\n');
    unlinkSync(join(workspace, 'flows', 'gone.flow.yaml'));

    const outcome = await commitPublished(workspace, publish(['flows/a.flow.yaml', 'flows/gone.flow.yaml', 'flows/new/[b].flow.yaml']));
    expect(outcome).toMatchObject({ committed: true });
    if (!outcome.committed) return;
    expect(git('rev-parse', 'HEAD').trim()).toBe(outcome.commit);
    expect(git('show', '--name-status', '--format=%an <%ae>%n%B', 'HEAD')).toBe(
      `dana <dana@colloquy.invalid>\n${commitMessage(publish([]))}\n\nM\tbot/flows/a.flow.yaml\nD\tbot/flows/gone.flow.yaml\nA\tbot/flows/new/[b].flow.yaml\n`,
    );
    expect(git('log', '-1', '--format=%(trailers:key=Approved-by,valueonly)').trim().split('\n')).toEqual(['omar (ops_manager)', 'rita (rai_lead)']);
    expect(git('status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M README.md', 'A  staged.txt']);
  });

  it('says why it made no commit: not a repository, nothing git would track, content already committed', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'colloquy-nogit-'));
    folders.push(plain);
    expect(await commitPublished(plain, publish(['a.yaml']))).toEqual({ committed: false, reason: 'the workspace is not in a git repository', failed: false });

    const { workspace, git } = repository();
    writeFileSync(join(workspace, '..', '.gitignore'), 'bot/ignored/\n');
    mkdirSync(join(workspace, 'ignored'));
    writeFileSync(join(workspace, 'ignored', 'x.yaml'), 'x: 1\n');
    expect(await commitPublished(workspace, publish(['ignored/x.yaml', 'flows/never.flow.yaml']))).toMatchObject({ committed: false, failed: false });
    expect(await commitPublished(workspace, publish(['flows/a.flow.yaml']))).toEqual({ committed: false, reason: 'the repository already holds the published content', failed: false });
    expect(git('log', '--format=%s')).toBe('initial\n');
  });
});
