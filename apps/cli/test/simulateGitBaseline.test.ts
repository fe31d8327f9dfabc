/**
 * `colloquy simulate --baseline <git ref>`, run as the real executable against
 * a real git repository the test makes: the mini workspace committed in a
 * subfolder and tagged, then changed in the working tree as a designer would:
 * the card flow resolves where it handed over to a person, and a new
 * stolen-card flow takes some utterances the lost-card intent had. The diff
 * lists the cases that went from handoff to resolved, changed intent and
 * newly fail; it is the same against HEAD, the tag and the commit's sha as
 * against a folder copy of the commit; the repository (working tree, index)
 * is left as it was and the temporary copy is removed; a bad ref, a folder
 * the commit does not have, no repository, no git and a crafted tree are
 * each one line on stderr and exit 2.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, type CliRun } from './runCli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'colloquy-git-baseline-'));
const repo = join(scratch, 'repo');
const workspace = join(repo, 'assistant');
/** The CLI's temporary folder: no baseline copy is left there after a run. */
const cliTmp = join(scratch, 'tmp');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** git with an identity and defaults of its own, so the test does not depend on the machine's git config. */
function git(args: readonly string[], cwd = repo): string {
  return execFileSync('git', ['-c', 'user.name=Colloquy Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

function simulate(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['simulate', ...args, '--generators', 'noise,wording,sensitive,blank', '--format', 'json'], { cwd: repo, env: { TMPDIR: cliTmp, ...env } });
}

interface CaseStateJson {
  passed: boolean;
  outcome: string;
  intent: string | null;
  handoff: boolean;
}

interface DiffJson {
  optionsDiffer: string[];
  baseline: { workspaceHash: string };
  current: { workspaceHash: string };
  counts: Record<string, number>;
  changed: { kind: string; id: string; changes: string[]; before: CaseStateJson; after: CaseStateJson }[];
  added: string[];
  removed: string[];
}

/** What the CLI left in its temporary folder (tsx keeps its compile cache there too; that is not ours). */
function baselineCopies(): string[] {
  return readdirSync(cliTmp).filter((name) => name.startsWith('colloquy-baseline-'));
}

function diffOf(run: CliRun): DiffJson {
  expect(run.stderr).toBe('');
  expect([0, 1], run.stderr).toContain(run.code);
  return (JSON.parse(run.stdout) as { diff: DiffJson }).diff;
}

const FLOW = join(workspace, 'flows/card_lost.flow.yaml');
const HANDOFF = 'handoff: { queue: cards, reason: needs a person, say: "Let me get someone from our cards team." }';
/**
 * A new flow whose examples are closer to "someone took my card" than the
 * lost-card intent's own example is, so the lexical recognizer now sends the
 * noise variant of that example (a case generated from report_lost_card,
 * whose expectation is report_lost_card) here.
 */
const STOLEN_FLOW = `kind: flow
version: 1
id: card_stolen
title: Stolen card
intents:
  report_stolen_card:
    examples: ["somebody took my card", "someone took my card off me", "some guy took my card", "they took my card", "my card was taken from my bag", "my wallet was stolen"]
start: blocked
nodes:
  blocked:
    say: "The card is blocked. Please report the theft to the police too."
    end: resolved
`;

describe('colloquy simulate --baseline <git ref> (a real repository)', { timeout: 120_000 }, () => {
  let sha: string;

  beforeAll(() => {
    // Given the mini workspace committed in a subfolder of a new repository, tagged v1
    mkdirSync(cliTmp, { recursive: true });
    mkdirSync(repo);
    git(['init', '-q', '-b', 'main']);
    cpSync(join(FIXTURES, 'mini'), workspace, { recursive: true });
    writeFileSync(join(repo, 'README.md'), 'not part of the workspace\n');
    git(['add', '.']);
    git(['commit', '-q', '-m', 'the assistant']);
    git(['tag', 'v1']);
    sha = git(['rev-parse', 'HEAD']).trim();
    // And, in the working tree only, a card flow that resolves instead of handing over, and a new stolen-card flow (not yet added to git)
    const flow = readFileSync(FLOW, 'utf8');
    expect(flow).toContain(HANDOFF);
    writeFileSync(FLOW, flow.replace(HANDOFF, 'say: "Please call the number on the back of your card."\n    end: resolved'));
    writeFileSync(join(workspace, 'flows/card_stolen.flow.yaml'), STOLEN_FLOW);
  });

  it('lists the cases that went from handoff to resolved, changed intent and newly fail', async () => {
    // When the changed workspace is simulated against the last commit
    const diff = diffOf(await simulate(['assistant', '--baseline', 'HEAD']));
    // Then the lost-card cases that reached a person are now resolved by the flow
    const resolvedNow = diff.changed.filter((c) => c.changes.includes('handoff-lost'));
    expect(resolvedNow.length).toBe(diff.counts['handoff-lost']);
    expect(resolvedNow.length).toBeGreaterThan(0);
    for (const c of resolvedNow) {
      expect(c.before, c.id).toMatchObject({ handoff: true, outcome: 'handoff' });
      expect(c.after.handoff, c.id).toBe(false);
    }
    // And a case generated from report_lost_card is now recognised as the new intent, so it fails its expectation
    const moved = diff.changed.filter((c) => c.changes.includes('intent-changed'));
    expect(moved.length).toBe(diff.counts['intent-changed']);
    expect(moved).toContainEqual(
      expect.objectContaining({
        kind: 'generated',
        id: expect.stringMatching(/^noise\/report_lost_card\//),
        changes: expect.arrayContaining(['newly-failing', 'intent-changed']),
        before: expect.objectContaining({ passed: true, intent: 'report_lost_card' }),
        after: expect.objectContaining({ passed: false, intent: 'report_stolen_card' }),
      }),
    );
    // And the scripted test that expects a person now fails; the new flow's cases are new, none went away
    expect(diff.changed).toContainEqual(expect.objectContaining({ kind: 'scripted', id: 'card_lost_tests/gold_goes_to_a_person', changes: ['newly-failing'] }));
    expect(diff.counts['newly-failing']).toBe(diff.changed.filter((c) => c.changes.includes('newly-failing')).length);
    expect(diff.counts['newly-failing']).toBeGreaterThanOrEqual(2);
    expect(diff.added.length).toBeGreaterThan(0);
    expect(diff.added.every((id) => id.includes('/report_stolen_card/'))).toBe(true);
    expect(diff.removed).toEqual([]);
  });

  it('diffs the working tree against HEAD, a tag and a sha, the same as against a folder copy of the commit', async () => {
    const statusBefore = git(['status', '--porcelain']);
    const indexBefore = readFileSync(join(repo, '.git/index'));
    // When the changed workspace is simulated against the commit, named three ways
    const [head, tag, bySha] = await Promise.all(['HEAD', 'v1', sha].map((ref) => simulate(['assistant', '--baseline', ref])));
    const diff = diffOf(head!);
    // Then the changes are listed, and the baseline is the committed workspace
    expect(diff.counts['handoff-lost']).toBeGreaterThan(0);
    expect(diff.optionsDiffer).toEqual([]);
    expect(diff.baseline.workspaceHash).not.toBe(diff.current.workspaceHash);
    expect(head!.stdout).toBe(tag!.stdout);
    expect(head!.stdout).toBe(bySha!.stdout);
    // And it is the diff against a plain folder holding the commit's files
    const copy = join(scratch, 'committed');
    git(['worktree', 'add', '-q', '--detach', copy, 'v1']);
    try {
      const byFolder = await simulate(['assistant', '--baseline', join(copy, 'assistant')]);
      expect(byFolder.stdout).toBe(head!.stdout);
    } finally {
      git(['worktree', 'remove', '--force', copy]);
    }
    // And the repository is as it was, and the temporary copy is gone
    expect(git(['status', '--porcelain'])).toBe(statusBefore);
    expect(readFileSync(join(repo, '.git/index')).equals(indexBefore)).toBe(true);
    expect(baselineCopies()).toEqual([]);
  });

  it('finds the repository from the workspace folder, wherever the command runs; HEAD after committing the change has no behaviour change', async () => {
    git(['add', 'assistant']);
    git(['commit', '-q', '-m', 'cards: no handoff; stolen cards apart']);
    try {
      const elsewhere = await runCli(['simulate', workspace, '--baseline', 'HEAD', '--generators', 'noise,sensitive', '--format', 'json'], { cwd: scratch, env: { TMPDIR: cliTmp } });
      expect(diffOf(elsewhere).changed).toEqual([]);
      const previous = diffOf(await simulate(['assistant', '--baseline', 'HEAD~1']));
      expect(previous.counts['handoff-lost']).toBeGreaterThan(0);
    } finally {
      // Back to the working-tree change on top of v1, as the other tests expect
      git(['reset', '-q', 'HEAD~1']);
    }
  });

  it('puts the diff in the HTML report, naming the ref and its commit', async () => {
    const run = await runCli(['simulate', 'assistant', '--baseline', 'v1', '--generators', 'noise,wording,sensitive,blank', '--format', 'html'], { cwd: repo, env: { TMPDIR: cliTmp } });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('<section id="diff" aria-labelledby="diff-title">');
    expect(run.stdout).toContain(`<code>git v1 (${sha.slice(0, 7)})</code>`);
    expect(run.stdout).toMatch(/<h3 id="diff-handoff-lost" class="bad">Was handed over, now is not \(\d+\)<\/h3>/);
    expect(run.stdout).toMatch(/<h3 id="diff-newly-failing" class="bad">Newly failing \(\d+\)<\/h3>/);
    expect(run.stdout).toMatch(/<h3 id="diff-intent-changed" class="warn">Intent changed \(\d+\)<\/h3>/);
  });

  it('says clearly, with exit 2, when the ref cannot be used', async () => {
    // Given a workspace folder that was never committed, and one outside any repository
    cpSync(join(FIXTURES, 'mini'), join(repo, 'uncommitted'), { recursive: true });
    const outside = join(scratch, 'outside');
    cpSync(join(FIXTURES, 'mini'), outside, { recursive: true });
    // And a PATH without git (the CLI is started by its absolute path, so it needs nothing on PATH)
    const noGit = join(scratch, 'empty-bin');
    mkdirSync(noGit, { recursive: true });
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['assistant', '--baseline', 'no-such-branch'], {}, /^colloquy simulate: `no-such-branch` is not a folder, and not a commit, branch or tag in the git repository of .*assistant\n$/],
      [['assistant', '--baseline', 'v1~5'], {}, /`v1~5` is not a folder, and not a commit, branch or tag/],
      [['assistant', '--baseline=--output=x'], {}, /`--output=x` is not a folder, and not a git ref either/],
      [['uncommitted', '--baseline', 'HEAD'], {}, new RegExp(`the workspace folder uncommitted does not exist at HEAD \\(${sha.slice(0, 7)}\\)`)],
      [[outside, '--baseline', 'HEAD'], {}, /`HEAD` is not a folder, and .*outside is not inside a git repository to find it as a ref in \(fatal: not a git repository/],
      [['assistant', '--baseline', 'HEAD'], { PATH: noGit }, /git is not installed \(or not on PATH\); it is needed to use a git ref as --baseline/],
    ];
    const runs = await Promise.all(cases.map(([args, env]) => simulate(args, env)));
    for (const [index, [args, , message]] of cases.entries()) {
      const run = runs[index]!;
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(baselineCopies()).toEqual([]);
  });

  it('refuses a crafted commit whose tree would write outside the temporary folder', async () => {
    // Given a commit whose workspace folder holds an entry named `..` (git mktree accepts it; a checkout would not)
    const agent = git(['rev-parse', 'HEAD:assistant/agent.yaml']).trim();
    const inner = execFileSync('git', ['mktree'], { cwd: repo, input: `100644 blob ${agent}\tescaped.yaml\n`, encoding: 'utf8' }).trim();
    const folder = execFileSync('git', ['mktree'], { cwd: repo, input: `100644 blob ${agent}\tagent.yaml\n040000 tree ${inner}\t..\n`, encoding: 'utf8' }).trim();
    const root = execFileSync('git', ['mktree'], { cwd: repo, input: `040000 tree ${folder}\tassistant\n`, encoding: 'utf8' }).trim();
    const crafted = git(['commit-tree', root, '-m', 'crafted']).trim();
    // When it is used as the baseline
    const run = await simulate(['assistant', '--baseline', crafted]);
    // Then nothing is written beside the temporary folder, and the command says why
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the baseline commit holds a path that would leave its folder: "\.\.\/escaped\.yaml"/);
    expect(existsSync(join(cliTmp, 'escaped.yaml'))).toBe(false);
    expect(baselineCopies()).toEqual([]);
  });
});
