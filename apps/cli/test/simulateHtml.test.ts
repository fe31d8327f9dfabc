/**
 * `colloquy simulate --format html`: the real executable writes the page to
 * standard output or to a file, the same bytes every time and for the same
 * report as `--format json`; markup in the workspace's own files (the hostile
 * fixture's fallback reply and test utterance) comes out as text under a
 * Content Security Policy that allows only the page's own style and script;
 * and the progress counter, shown only when standard error is a terminal,
 * never ends up in the page. (tests/e2e/simulationHtmlReport.e2e.test.ts opens
 * the page in Chromium.)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import type { CliIo } from '../src/io.ts';
import { FIXTURES, runCli } from './runCli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'colloquy-simulate-html-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ARGS = ['simulate', 'mini', '--seed', 'html', '--generators', 'noise,sensitive,injection,blank'];

/** A stream that keeps what is written, as text. */
function collector(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

/** The text of the page's one `<tag>` element (its own style or script). */
function onlyElement(page: string, tag: 'style' | 'script'): string {
  const found = [...page.matchAll(new RegExp(`<${tag}\\b[^>]*>([^]*?)</${tag}>`, 'g'))];
  expect(found, tag).toHaveLength(1);
  return found[0]![1]!;
}

/** `'sha256-<base64>'`, as a CSP hash source names an inline element's text. */
function cspSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('colloquy simulate --format html', { timeout: 120_000 }, () => {
  it('writes one self-contained page to standard output, the same bytes twice, for the same report as the JSON', async () => {
    const [first, second, json] = await Promise.all([runCli([...ARGS, '--format', 'html']), runCli([...ARGS, '--format', 'html']), runCli([...ARGS, '--format', 'json'])]);
    const report = JSON.parse(json.stdout) as { reportHash: string; summary: { generated: { passed: number; total: number } } };
    expect(first.stderr).toBe('');
    expect(first.code).toBe(json.code);
    expect(first.stdout.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(first.stdout.endsWith('</html>\n')).toBe(true);
    expect(first.stdout).toContain(`<dt>Report SHA-256</dt><dd class="hash">${report.reportHash}</dd>`);
    expect(first.stdout).toContain(`${report.summary.generated.passed}/${report.summary.generated.total}`);
    expect(first.stdout).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|https?:\/\//);
    expect(second.stdout).toBe(first.stdout);
  });

  it('shows the markup in workspace files as text, under a policy that lets the page run and fetch nothing else', async () => {
    // Given a workspace whose fallback reply and scripted test hold markup, a remote URL and a right-to-left override
    const args = ['simulate', 'hostile', '--seed', 'html', '--generators', 'noise,wording,blank', '--format', 'html'];
    // When its report is written twice
    const [first, second] = await Promise.all([runCli(args), runCli(args)]);
    const page = first.stdout;
    // Then the two pages are the same bytes
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(second.stdout).toBe(page);
    // And the workspace's markup is text in the conversations, never elements
    expect(page).toContain('<span class="said">Sorry &lt;/style&gt;&lt;script&gt;alert(&quot;fallback&quot;)&lt;/script&gt;&lt;img src=&quot;https://evil.example/pixel.png&quot;&gt; &amp; I didn&#39;t get that.</span>');
    expect(page).toContain('I lost my card &lt;iframe src=&quot;https://evil.example/frame&quot;&gt;&lt;/iframe&gt; &amp; it&#39;s \\u202egone');
    expect(page).toContain('expected a reply containing &quot;&lt;b&gt;never said&lt;/b&gt;&quot;');
    expect(page).not.toMatch(/<(img|iframe|b|link|object|embed|base|form)\b/i);
    expect(page).not.toContain('\u202e');
    // And every link stays in the page, and no element has a source to load (a `"` in text is `&quot;`, so `="` is markup)
    for (const [, href] of page.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^#[\w/-]+$/);
    expect(page).not.toMatch(/\s(src|srcset|action|formaction|background|poster|xlink:href)="/i);
    // And the policy fetches nothing and names exactly the page's one style and one script
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
    expect(policy?.replaceAll('&#39;', "'")).toBe(
      `default-src 'none'; style-src ${cspSource(onlyElement(page, 'style'))}; script-src ${cspSource(onlyElement(page, 'script'))}; base-uri 'none'; form-action 'none'`,
    );
  });

  it('writes the page to a file with --output, and nothing to standard output', async () => {
    const target = join(scratch, 'report.html');
    const [toFile, toStdout] = await Promise.all([runCli([...ARGS, '--format', 'html', '--output', target]), runCli([...ARGS, '--format', 'html'])]);
    expect(toFile.stdout).toBe('');
    expect(toFile.stderr).toBe('');
    expect(readFileSync(target, 'utf8')).toBe(toStdout.stdout);
  });

  it('shows progress on a terminal standard error only, never in the page on standard output', async () => {
    // Given standard error is a terminal and standard output a pipe (`colloquy simulate --format html > report.html`)
    const stdout = collector(false);
    const stderr = collector(true);
    const io: CliIo = { stdout, stderr, stdin: new PassThrough(), cwd: FIXTURES };
    // When the command runs in-process
    const code = await main([...ARGS, '--format', 'html'], io);
    // Then the progress counter went to standard error and was cleared, and standard output is exactly the page the executable writes
    expect(stderr.text()).toMatch(/^\rsimulating: \d+\/\d+ \(\d+%\)/);
    expect(stderr.text().endsWith('\r\u001b[2K')).toBe(true);
    const piped = await runCli([...ARGS, '--format', 'html']);
    expect(stdout.text()).toBe(piped.stdout);
    expect(stdout.text()).not.toMatch(/[\r\u001b]/);
    expect(code).toBe(piped.code);
  });
});
