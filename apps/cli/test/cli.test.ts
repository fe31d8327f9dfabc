import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './runCli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'colloquy-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the mini workspace that a test may break. */
function copyOfMini(name: string): string {
  const dir = join(scratch, name);
  cpSync(join(FIXTURES, 'mini'), dir, { recursive: true });
  return dir;
}

const LINE_FORMAT = /^\S+:\d+:\d+ (error|warning|info) CQ\d{3} .+$/;

describe('colloquy (the real executable)', { timeout: 60_000 }, () => {
  it('prints help listing every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['validate', 'test', 'chat']) expect(run.stdout).toContain(command);
    const sub = await runCli(['validate', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/Usage: colloquy validate/);
  });

  it('rejects an unknown command, an unknown flag and a missing folder with one line and exit 2', async () => {
    for (const args of [['frobnicate'], ['validate', 'mini', '--bogus'], ['validate', 'does-not-exist'], ['test', 'mini', '--format', 'xml'], ['validate', 'a', 'b']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
  });

  it('validates a clean workspace with exit 0', async () => {
    const run = await runCli(['validate', 'mini']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('0 errors, 0 warnings in 4 files');
    expect(run.code).toBe(0);
  });

  it('reports problems as file:line:col severity CODE message with exit 1', async () => {
    const dir = copyOfMini('broken');
    writeFileSync(join(dir, 'flows/card_lost.flow.yaml'), (await import('node:fs')).readFileSync(join(dir, 'flows/card_lost.flow.yaml'), 'utf8').replace('on_fail: to_agent', 'on_fail: to_agnt'));
    const run = await runCli(['validate', dir]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    const problem = lines.find((l) => l.includes('to_agnt'));
    expect(problem).toMatch(LINE_FORMAT);
    expect(problem).toMatch(/card_lost\.flow\.yaml:16:\d+ error CQ201 /);
    expect(lines.at(-1)).toMatch(/^1 error, \d+ warnings? in 4 files$/);
  });

  it('exits 0 on warnings alone, 1 with --strict', async () => {
    const dir = copyOfMini('warning');
    writeFileSync(
      join(dir, 'flows/extra.flow.yaml'),
      'kind: flow\nversion: 1\nid: extra\ntitle: No intents\nstart: bye\nnodes:\n  bye: { say: "Bye", end: done }\n',
    );
    const relaxed = await runCli(['validate', dir]);
    expect(relaxed.stdout).toMatch(/warning CQ304/);
    expect(relaxed.code).toBe(0);
    const strict = await runCli(['validate', dir, '--strict']);
    expect(strict.code).toBe(1);
  });

  it('writes JSON diagnostics', async () => {
    const dir = copyOfMini('json');
    writeFileSync(join(dir, 'flows/bad.flow.yaml'), 'kind: flow\nversion: 1\nid: bad\n');
    const run = await runCli(['validate', dir, '--format', 'json']);
    expect(run.code).toBe(1);
    const parsed = JSON.parse(run.stdout) as { summary: { errors: number }; diagnostics: { file: string; line: number; code: string }[] };
    expect(parsed.summary.errors).toBeGreaterThan(0);
    expect(parsed.diagnostics[0]).toMatchObject({ file: 'flows/bad.flow.yaml', line: 1, code: 'CQ110' });
  });

  it('runs scripted tests: exit 0 when they pass', async () => {
    const run = await runCli(['test', 'mini']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/2 passed, 0 failed/);
    expect(run.code).toBe(0);
  });

  it('runs scripted tests: exit 1 and the failing turn when one fails', async () => {
    const dir = copyOfMini('failing');
    const path = join(dir, 'tests/card_lost.test.yaml');
    const fs = await import('node:fs');
    fs.writeFileSync(path, fs.readFileSync(path, 'utf8').replace('expect: { handoff: cards }', 'expect: { handoff: general }'));
    const run = await runCli(['test', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 passed, 1 failed/);
    expect(run.stdout).toContain('gold_goes_to_a_person');
    expect(run.stdout).toMatch(/handoff/);
  });

  it('writes JUnit XML', async () => {
    const run = await runCli(['test', 'mini', '--format', 'junit']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('<?xml')).toBe(true);
    expect(run.stdout.match(/<testcase /g)).toHaveLength(2);
    expect(run.stdout).toMatch(/<testsuites[^>]* tests="2"/);
  });

  it('refuses to run tests on a workspace with errors', async () => {
    const dir = copyOfMini('invalid');
    writeFileSync(join(dir, 'rules/freeze_policy.rules.yaml'), 'kind: rules\nversion: 1\nid: freeze_policy\n');
    const run = await runCli(['test', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/fix them before running tests/);
  });

  it('chats through piped input, with the trace', async () => {
    const run = await runCli(['chat', 'mini', '--trace', '--context', 'tier=standard'], { input: 'I lost my card\n4321\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bot> Hello! How can I help?');
    expect(run.stdout).toContain('bot> What are the last four digits of the card?');
    expect(run.stdout).toContain('bot> Done: the card ending 4321 is frozen.');
    expect(run.stdout).toMatch(/recognised report_lost_card/);
    expect(run.stdout).toMatch(/rules freeze_policy row 2/);
  });

  it('chat reads --context as agent.yaml declares it and refuses a value that does not fit', async () => {
    // Given tier declared as one of standard, gold
    const run = await runCli(['chat', 'mini', '--context', 'tier=platinum'], { input: 'hello\n' });
    // Then the value is refused before the conversation starts, with the declared values
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tier is one of standard, gold');
    expect(run.stdout).not.toContain('bot>');
  });

  it('chat routes an action failure given on the command line', async () => {
    const run = await runCli(['chat', 'mini', '--context', 'tier=standard', '--action', 'cards.freeze=failed'], { input: 'my card was stolen\n4321\n' });
    expect(run.stdout).toContain('bot> Let me get someone from our cards team.');
  });
});
