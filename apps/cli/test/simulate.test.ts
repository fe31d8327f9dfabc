/**
 * `colloquy simulate`, run as the real executable on the mini fixture (and a
 * changed copy of it for --baseline): JSON that parses and repeats byte for
 * byte, the exit-code contract, and one-line usage errors.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, FIXTURES, runCli } from './runCli.ts';

/** The nlu package's tiny transformers model (random weights, a few hundred KB): loads in well under a second. */
const TINY_MODEL = fileURLToPath(new URL('../../../packages/nlu/test/fixtures/tiny-model', import.meta.url));

const scratch = mkdtempSync(join(tmpdir(), 'colloquy-simulate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface SimulationJson {
  format: string;
  run: { recognizer: string; model: string | null; weightsHash: string | null; seed: string; generators: string[]; perIntent: number; workspaceHash: string };
  summary: { scripted: { total: number; failed: number }; generated: { total: number; failed: number } };
  cases: { id: string; passed: boolean; handoff: boolean }[];
  reportHash: string;
  diff?: { changed: { id: string; kind: string; changes: string[] }[]; counts: Record<string, number> };
}

describe('colloquy simulate (the real executable)', { timeout: 120_000 }, () => {
  it('writes a JSON report that parses and is the same bytes on a second run; exit 1 when a case fails', async () => {
    const first = await runCli(['simulate', 'mini', '--format', 'json', '--seed', 's1']);
    const report = JSON.parse(first.stdout) as SimulationJson;
    expect(report.format).toBe('colloquy.simulation-report');
    expect(report.run).toMatchObject({ recognizer: 'lexical', model: null, seed: 's1', perIntent: 3 });
    expect(report.run.workspaceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.reportHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.summary.generated.total).toBe(report.cases.length);
    const failures = report.summary.scripted.failed + report.summary.generated.failed;
    expect(first.code).toBe(failures > 0 ? 1 : 0);
    expect(first.stderr).toBe(''); // no progress on a pipe
    const second = await runCli(['simulate', 'mini', '--format', 'json', '--seed', 's1']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('exits 0 when every test and case passes, and honours --generators and --per-intent', async () => {
    const run = await runCli(['simulate', 'mini', '--format', 'json', '--generators', 'injection,blank', '--per-intent', '0']);
    const report = JSON.parse(run.stdout) as SimulationJson;
    expect(report.run.generators).toEqual(['blank', 'injection']);
    expect(report.cases.every((c) => c.id.startsWith('blank/') || c.id.startsWith('injection/'))).toBe(true);
    expect(run.code).toBe(0);
  });

  it('prints a readable report and writes JUnit XML', async () => {
    const pretty = await runCli(['simulate', 'mini', '--generators', 'blank']);
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toMatch(/^Simulation with the lexical recognizer/);
    expect(pretty.stdout).toMatch(/report {4}[0-9a-f]{64}/);
    const junit = await runCli(['simulate', 'mini', '--format', 'junit', '--generators', 'blank']);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="colloquy simulate"/);
    expect(junit.stdout).toContain('<testsuite name="generated.blank"');
  });

  it('--recognizer transformers --model PATH: the run records the model and its weights hash, and repeats byte for byte', async () => {
    const args = ['simulate', 'mini', '--format', 'json', '--recognizer', 'transformers', '--model', TINY_MODEL];
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect([0, 1]).toContain(first.code);
    const report = JSON.parse(first.stdout) as SimulationJson;
    const weights = createHash('sha256').update(readFileSync(join(TINY_MODEL, 'onnx/model.onnx'))).digest('hex');
    expect(report.run).toMatchObject({ recognizer: 'transformers', model: 'tiny-model', weightsHash: weights });
    expect(report.run.weightsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.summary.generated.total).toBe(report.cases.length);
    const second = await runCli(args);
    expect(second.stdout).toBe(first.stdout);
  });

  it('--recognizer use: the packaged Universal Sentence Encoder, recorded in the run', async () => {
    const run = await runCli(['simulate', 'mini', '--format', 'json', '--recognizer', 'use', '--generators', 'noise,blank']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as SimulationJson;
    expect(report.run).toMatchObject({ recognizer: 'use', model: 'use-lite-512' });
    expect(report.run.weightsHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects bad usage with one line on stderr and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['simulate', 'mini', '--bogus'], /unknown option `--bogus`/],
      [['simulate', 'mini', '--recognizer', 'transformers', '--model', 'no-such-model'], /cannot load the transformers model: .*no-such-model/],
      [['simulate', 'mini', '--recognizer', 'transformers'], /no transformers model: pass --model PATH/],
      [['simulate', 'mini', '--model', TINY_MODEL], /--model goes with --recognizer transformers/],
      [['simulate', 'mini', '--recognizer', 'gpt'], /unknown recognizer `gpt`/],
      [['simulate', 'mini', '--generators', 'noise,typos'], /unknown generator `typos`/],
      [['simulate', 'mini', '--per-intent', 'many'], /--per-intent must be a whole number/],
      [['simulate', 'mini', '--flow', 'nope'], /no flow `nope`/],
      [['simulate', 'mini', '--format', 'pdf'], /unknown format `pdf`/],
      [['simulate', 'mini', '--baseline', 'does-not-exist'], /`does-not-exist` is not a folder, and (not a commit, branch or tag in the|.* is not inside a) git repository/], // whether or not this checkout is one
      [['simulate', 'does-not-exist'], /no such folder/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    for (const [index, [args, message]] of cases.entries()) {
      const run = runs[index]!;
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
  });

  it('--baseline adds the behaviour diff: cases that reached a person before and no longer do', async () => {
    // Given a copy of mini whose card flow ends instead of handing over
    const changed = join(scratch, 'no-handoff');
    cpSync(join(FIXTURES, 'mini'), changed, { recursive: true });
    const flowPath = join(changed, 'flows/card_lost.flow.yaml');
    const flow = readFileSync(flowPath, 'utf8');
    const edited = flow.replace(/handoff: \{ queue: cards, reason: needs a person, say: ("[^"]*") \}/, 'say: $1\n    end: unresolved');
    expect(edited).not.toBe(flow);
    writeFileSync(flowPath, edited);
    // When it is simulated against the original
    const run = await runCli(['simulate', changed, '--baseline', 'mini', '--format', 'json']);
    const report = JSON.parse(run.stdout) as SimulationJson;
    // Then the diff lists handoffs lost, and the pretty form says so in words
    expect(report.diff).toBeDefined();
    expect(report.diff!.counts['handoff-lost']).toBeGreaterThan(0);
    expect(report.diff!.changed.find((c) => c.changes.includes('handoff-lost'))).toBeDefined();
    const pretty = await runCli(['simulate', changed, '--baseline', 'mini']);
    expect(pretty.stdout).toContain('Behaviour changes against the baseline:');
    expect(pretty.stdout).toContain('was handed over, now is not');
  });

  it('stops quietly when its reader goes away (`colloquy simulate --format json | head`)', async () => {
    const child = spawn(process.execPath, [CLI, 'simulate', 'mini', '--format', 'json', '--per-intent', '30'], { cwd: FIXTURES, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy()); // the reader closes after the first chunk
    const code = await new Promise<number | null>((resolveCode) => child.on('close', resolveCode));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect([0, 1]).toContain(code);
  });
});
