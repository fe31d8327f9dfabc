/**
 * simulationToHtml on real reports of the example bank workspace (flows/):
 * every section is there with its data, hostile text in every string of the
 * report comes out as inert text, the same report gives the same bytes, the
 * page names in its Content Security Policy exactly the style and script it
 * holds, and the behaviour diff against a changed copy lists what changed.
 */
import { createHash } from 'node:crypto';
import { validateWorkspace, type SourceFile } from '@colloquy/core';
import { describe, expect, it } from 'vitest';
import { confusionMatrix, diffReports, simulate, simulationToHtml, workspaceHash, type SimulationReport } from '@colloquy/simulator';
import { exampleFiles } from '../support/exampleWorkspace.ts';

const SEED = 'html-test';

function run(files: readonly SourceFile[]): SimulationReport {
  return simulate(validateWorkspace(files).workspace, { seed: SEED, workspaceHash: workspaceHash(files) });
}

/** The example workspace with both complaint handoffs turned into ends: complaints no longer reach a person. */
function withoutComplaintHandoff(files: readonly SourceFile[]): SourceFile[] {
  return files.map((f) =>
    f.path === 'flows/complaint.flow.yaml'
      ? { path: f.path, content: (f.content as string).replace(/handoff:\n\s+queue: complaints\n\s+reason: [^\n]*\n\s+say: ("[^\n]*")/g, 'say: $1\n    end: resolved') }
      : f,
  );
}

/** The markup the page may contain: anything else (an `<img>`, a second `<script>`) came from report data. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body header nav ul ol li a main section h1 h2 h3 p strong span code br dl dt dd div figure figcaption svg g rect line text details summary table caption thead tbody tr th td footer script'.split(' '),
);

/** Every start and end tag of the page, as `[name, attributes]`, attribute values left out (quotes in values are escaped, so this is exact). */
function tags(page: string): [string, string][] {
  return [...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"]|"[^"]*")*)>/g)].map((m) => [m[1]!.toLowerCase(), m[2]!.replace(/"[^"]*"/g, '""')]);
}

/** The text of the first `<tag>` element, when it has no markup inside. */
function elementText(page: string, tag: string): string {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(page);
  if (!match) throw new Error(`no <${tag}> in the page`);
  return match[1]!;
}

/** A copy of `value` with `suffix` added to every string in it (keys stay as they are). */
function poison<T>(value: T, suffix: string): T {
  if (typeof value === 'string') return `${value}${suffix}` as T;
  if (Array.isArray(value)) return value.map((item) => poison(item, suffix)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, suffix)])) as T;
  return value;
}

const HOSTILE = `</script><script>alert(1)</script>"'><img onerror=alert(2) src=x><!-- ]]> &amp; \u202eevil\u001b[2J <style>body{display:none}</style>`;

describe('simulationToHtml', { timeout: 60_000 }, () => {
  const files = exampleFiles();
  const report = run(files);
  const page = simulationToHtml(report);

  it('is one self-contained document: no external resource, nothing a browser would fetch', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.endsWith('</html>\n')).toBe(true);
    for (const [name, attributes] of tags(page)) {
      expect(ALLOWED_TAGS.has(name), name).toBe(true);
      expect(attributes, `<${name}${attributes}>`).not.toMatch(/\b(src|srcset|style|on[a-z]+)\s*=/i);
    }
    for (const [, href] of page.matchAll(/\bhref="([^"]*)"/g)) expect(href, 'links stay in the page').toMatch(/^#[a-z0-9-]+$/);
    expect(page).not.toMatch(/url\(|@import|https?:\/\//);
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it('names in its Content Security Policy exactly the style and script it holds, and nothing to fetch', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)![1]!.replaceAll('&#39;', "'");
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${hash(elementText(page, 'style'))}`);
    expect(csp).toContain(`script-src ${hash(elementText(page, 'script'))}`);
  });

  it('has every section, with the run, the charts, the confusion matrix, policies, failing cases and what coverage missed', () => {
    for (const id of ['run', 'summary', 'pass-rates', 'confusions', 'robustness', 'attacks', 'policies', 'failing', 'coverage']) {
      expect(page, id).toContain(`<section id="${id}" aria-labelledby="${id}-title">`);
      expect(page, id).toContain(`<li><a href="#${id}">`);
    }
    expect(page).not.toContain('<section id="diff"');
    // Run metadata
    expect(page).toContain(`<dt>Recognizer</dt><dd>lexical</dd>`);
    expect(page).toContain(`<dt>Seed</dt><dd><code>${SEED}</code></dd>`);
    expect(page).toContain(`<dd class="hash">${report.run.workspaceHash}</dd>`);
    expect(page).toContain(`<dd class="hash">${report.reportHash}</dd>`);
    // Pass rates: three charts, each an image with a label and a table alternative with one row per bar
    const charts = [...page.matchAll(/<svg role="img" aria-label="([^"]*)"/g)].map((m) => m[1]!);
    expect(charts.map((label) => label.split(':')[0])).toEqual(['Pass rate by generator', 'Pass rate by flow', 'Pass rate by intent']);
    const noise = report.generated.byGenerator.find((g) => g.generator === 'noise')!;
    expect(charts[0]).toContain(`noise ${noise.rate}% passed (${noise.passed} of ${noise.total})`);
    for (const row of report.generated.byIntent) expect(charts[2]).toContain(`${row.intent} `);
    expect(page.match(/<details class="table-alt"><summary>Pass rate by/g)).toHaveLength(3);
    expect(page).toContain(`<tr><th scope="row">noise</th><td class="num">${noise.passed}</td><td class="num">${noise.failed}</td><td class="num">${noise.total}</td>`);
    // The confusion matrix of confusionMatrix(), row by row
    const matrix = confusionMatrix(report.confusion);
    expect(matrix.rows.length).toBeGreaterThan(0);
    for (const [r, row] of matrix.rows.entries()) expect(page).toContain(`<tr><th scope="row">${row}</th><td class="heat`);
    const firstRow = matrix.counts[0]!.map((n) => (n === 0 ? '·' : String(n)));
    expect(page).toMatch(new RegExp(`<tr><th scope="row">${escapeRegExp(matrix.rows[0]!)}</th>${firstRow.map((n) => `<td class="heat\\d" title="[^"]*">${escapeRegExp(n)}</td>`).join('')}</tr>`));
    // Robustness: one row per intent; attacks: the empty state until the adversarial generator fills it
    for (const row of report.robustness) expect(page).toContain(`<tr><th scope="row"><code>${row.intent}</code></th><td><code>${row.flow}</code></td><td class="num">${row.routed}/${row.variants}</td>`);
    expect(report.attacks.byIntent).toEqual([]);
    expect(page).toContain('No adversarial attacks in this run');
    // Policies, with links to their failing cases
    expect(page.match(/<span class="tag (ok|bad)">(ok|FAIL)<\/span>/g)).toHaveLength(report.policies.length);
    // Failing cases: each a disclosure with its conversation, linked from elsewhere by position
    expect(report.failing.length).toBeGreaterThan(0);
    expect(page.match(/<details class="case" id="case-\d+">/g)).toHaveLength(report.failing.length);
    const first = report.failing[0]!;
    expect(page).toContain(`<details class="case" id="case-1"><summary><code>${first.id}</code>`);
    expect(page.match(/<ol class="trace" start="0">/g)).toHaveLength(report.failing.length);
    const failingPolicy = report.policies.find((p) => p.failing.length > 0)!;
    const index = report.failing.findIndex((f) => f.id === failingPolicy.failing[0]);
    expect(page).toContain(`<a href="#case-${index + 1}"><code>${failingPolicy.failing[0]}</code></a>`);
    // Coverage: every item never reached, with where it is written
    const missed = (report.coverage as { nodes: { missed: { label: string; location: { file: string; line: number } }[] } }).nodes.missed;
    expect(missed.length).toBeGreaterThan(0);
    for (const item of missed) expect(page).toContain(`<li><code>${item.location.file}:${item.location.line}</code> ${item.label}`);
  });

  it('gives the same bytes for the same report, built directly or read back from its JSON', () => {
    expect(simulationToHtml(report)).toBe(page);
    expect(simulationToHtml(JSON.parse(JSON.stringify(report)) as SimulationReport)).toBe(page);
    expect(simulationToHtml(run(exampleFiles()))).toBe(page);
  });

  it('writes hostile text in every field of the report as inert, visible text', () => {
    // Given a report where every string (utterances, replies, intents, ids, seed, hashes, coverage labels) ends in markup
    const hostile = poison(report, HOSTILE);
    const diff = poison(diffReports(report, report), HOSTILE);
    // When it is written as a page
    const out = simulationToHtml(hostile, { diff: { ...diff, changed: hostile.failing.slice(0, 3).map((f) => ({ kind: 'generated' as const, id: f.id, changes: ['handoff-lost' as const], before: { passed: true, outcome: 'handoff' as const, intent: f.intent, handoff: true }, after: { passed: false, outcome: 'intent' as const, intent: f.intent, handoff: false } })) } });
    // Then the page has only its own markup: one script, no img, no second style, no event handler, no comment
    for (const [name, attributes] of tags(out)) {
      expect(ALLOWED_TAGS.has(name), name).toBe(true);
      expect(attributes).not.toMatch(/\bon[a-z]+\s*=/i);
    }
    expect(out.match(/<script>/g)).toHaveLength(1);
    expect(out.match(/<style>/g)).toHaveLength(1);
    expect(out).not.toContain('<!--');
    expect(out).not.toContain('<img');
    // And the hostile text is there, escaped, with the bidi override and the escape character made visible
    const escaped = '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img onerror=alert(2) src=x&gt;&lt;!-- ]]&gt; &amp;amp; \\u202eevil\\u001b[2J';
    expect(out).toContain(escaped);
    expect(out).not.toContain('\u202e');
    expect(out).not.toContain('\u001b');
    expect(out.split(escaped).length).toBeGreaterThan(100);
  });

  it('shows the attack success rate per intent when the adversarial generator filled it', () => {
    const attacked: SimulationReport = {
      ...report,
      attacks: {
        attacked: 10,
        succeeded: 3,
        rate: 30,
        byIntent: [
          { intent: 'report_lost_card', flow: 'card_lost', attacked: 6, succeeded: 3, rate: 50, wordsChanged: 12.5 },
          { intent: 'check_balance', flow: 'balance', attacked: 4, succeeded: 0, rate: 0, wordsChanged: null },
        ],
      },
    };
    const out = simulationToHtml(attacked);
    expect(out).toContain('flipped <strong class="bad">3 (30%)</strong>');
    expect(out).toContain('<tr><th scope="row"><code>report_lost_card</code></th><td><code>card_lost</code></td><td class="num">6</td><td class="num">3</td><td class="num">50%');
    expect(out).toMatch(/<td class="num">0%<svg[^>]*>.*?<\/svg><\/td><td class="num">–<\/td><\/tr>/);
    expect(out).toContain('attack success rate (3 of 10)');
  });

  it('with a diff: lists the conversations that no longer reach a person first, then newly failing tests and cases', () => {
    // Given the example and a copy where complaints end instead of reaching a person
    const changed = run(withoutComplaintHandoff(files));
    const diff = diffReports(report, changed);
    expect(diff.counts['handoff-lost']).toBeGreaterThan(0);
    // When the changed run is written with the diff
    const out = simulationToHtml(changed, { diff });
    // Then the diff section comes right after the summary, with a table per kind of change
    const order = [...out.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1]);
    expect(order.slice(0, 4)).toEqual(['run', 'summary', 'diff', 'pass-rates']);
    expect(out).toContain(`<h3 id="diff-handoff-lost" class="bad">Was handed over, now is not (${diff.counts['handoff-lost']})</h3>`);
    expect(out).toContain(`<h3 id="diff-newly-failing" class="bad">Newly failing (${diff.counts['newly-failing']})</h3>`);
    expect(out.indexOf('id="diff-handoff-lost"')).toBeLessThan(out.indexOf('id="diff-newly-failing"'));
    const lost = diff.changed.find((c) => c.changes.includes('handoff-lost') && c.changes.includes('newly-failing') && c.kind === 'generated')!;
    const anchor = changed.failing.findIndex((f) => f.id === lost.id);
    expect(anchor).toBeGreaterThanOrEqual(0);
    expect(out).toContain(`<tr><td>case</td><td><a href="#case-${anchor + 1}"><code>${lost.id}</code></a></td><td><span class="warn">handed over</span>`);
    const test = diff.changed.find((c) => c.kind === 'scripted')!;
    expect(out).toContain(`<tr><td>test</td><td><code>${test.id}</code></td><td><span class="ok">passed</span></td><td><span class="bad">failed</span></td></tr>`);
    expect(out).toContain(`report <span class="hash">${report.reportHash}</span>`);
    expect(out).toContain(`<dt>Baseline report SHA-256</dt><dd class="hash">${report.reportHash}</dd>`);
    // And the failing scripted tests show their transcript
    expect(out).toMatch(/<details class="case" id="test-1"><summary><span class="tag bad">failed<\/span> <code>[^<]+<\/code>/);
    // And no change says so
    expect(simulationToHtml(report, { diff: diffReports(report, report) })).toContain('No scripted test or generated case behaves differently.');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
