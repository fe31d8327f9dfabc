/**
 * `colloquy simulate` and the model-guided generators, through the real
 * executable on the mini fixture: with `--recognizer use` paraphrase and
 * adversarial run and the report carries the attack success rate (the same
 * bytes on a second run); with the lexical recognizer naming them is a usage
 * error, and the default run says they did not run.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.ts';

interface AttacksJson {
  run: { recognizer: string; generators: string[] };
  attacks: { attacked: number; succeeded: number; rate: number | null; byIntent: { intent: string; attacked: number; succeeded: number; rate: number | null }[] };
  generated: { byGenerator: { generator: string; total: number }[] };
}

describe('colloquy simulate: paraphrase and adversarial', { timeout: 180_000 }, () => {
  it('--recognizer use runs them and writes the attacks section, byte for byte the same twice', async () => {
    const args = ['simulate', 'mini', '--format', 'json', '--recognizer', 'use', '--generators', 'paraphrase,adversarial', '--per-intent', '2'];
    const [first, second] = [await runCli(args), await runCli(args)];
    expect(first.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    const report = JSON.parse(first.stdout) as AttacksJson;
    expect(report.run).toMatchObject({ recognizer: 'use', generators: ['paraphrase', 'adversarial'] });
    expect(report.attacks.attacked).toBeGreaterThan(0);
    expect(report.attacks.byIntent.reduce((n, i) => n + i.attacked, 0)).toBe(report.attacks.attacked);
    expect(report.attacks.rate).toBe(Math.round((report.attacks.succeeded / report.attacks.attacked) * 1000) / 10);
    expect(report.generated.byGenerator.find((g) => g.generator === 'adversarial')?.total ?? 0).toBe(report.attacks.succeeded);
  });

  it('with the lexical recognizer: naming them is a usage error, and the pretty report says they did not run', async () => {
    const named = await runCli(['simulate', 'mini', '--generators', 'noise,adversarial']);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/^colloquy simulate: adversarial needs a model recognizer: add --recognizer use\n$/);
    const pretty = await runCli(['simulate', 'mini', '--per-intent', '1']);
    expect(pretty.stdout).toContain('Not run: paraphrase, adversarial (they need a model recognizer, e.g. --recognizer use)');
  });
});
