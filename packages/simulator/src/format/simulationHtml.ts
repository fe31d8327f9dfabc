/**
 * The simulation report as one self-contained HTML page, for attaching to a
 * review: inline stylesheet, inline SVG charts, one small optional script, no
 * external resource of any kind (a Content Security Policy forbids fetching),
 * readable with JavaScript off, in light and dark themes and on paper.
 *
 * A pure function of the report (and optionally the behaviour diff against a
 * baseline): no clock, no environment, stable order, so the same report gives
 * the same bytes, and no Node or DOM API, so the studio can build the same
 * page in the browser. Every string from the report is escaped by the `html`
 * template tag (simulationHtmlMarkup.ts): utterances, replies and workspace
 * ids are hostile input.
 */
import { COVERAGE_CATEGORIES } from '../coverage/coverageTypes.ts';
import type { BehaviourDiff } from '../simulate/diffReports.ts';
import type { PolicyResult, SimulationReport } from '../simulate/simulationReport.ts';
import { confusionMatrix } from '../view/confusionMatrix.ts';
import { CaseLinks, failingSection } from './simulationHtmlCases.ts';
import { miniBar, percentText, rateChart } from './simulationHtmlCharts.ts';
import { diffSection } from './simulationHtmlDiff.ts';
import { html, joinHtml, trustedHtml, type SafeHtml } from './simulationHtmlMarkup.ts';
import { REPORT_SCRIPT, REPORT_STYLE, reportContentSecurityPolicy } from './simulationHtmlStyle.ts';

export interface SimulationHtmlOptions {
  /** The behaviour diff against a baseline run (`diffReports(baseline, report)`); shown right after the summary. */
  readonly diff?: BehaviourDiff;
  /** What the baseline was, as the user named it (`git main (3f2c1ab)`, `../before/flows`); shown with the diff. */
  readonly baselineLabel?: string;
  /** Rows and columns of the confusion matrix at most. Default 8. */
  readonly confusionTop?: number;
}

interface Section {
  readonly id: string;
  readonly title: string;
  readonly body: SafeHtml;
}

export function simulationToHtml(report: SimulationReport, options: SimulationHtmlOptions = {}): string {
  const links = new CaseLinks(report);
  const sections: Section[] = [
    { id: 'run', title: 'Run', body: runSection(report, options.diff) },
    { id: 'summary', title: 'Summary', body: summarySection(report, options.diff) },
    ...(options.diff ? [{ id: 'diff', title: 'Behaviour changes against the baseline', body: diffSection(options.diff, links, options.baselineLabel) }] : []),
    { id: 'pass-rates', title: 'Pass rates', body: passRateSection(report) },
    { id: 'confusions', title: 'Most confused intents', body: confusionSection(report, links, options.confusionTop ?? 8) },
    { id: 'robustness', title: 'Robustness per intent', body: robustnessSection(report) },
    { id: 'attacks', title: 'Adversarial attacks', body: attackSection(report) },
    { id: 'policies', title: 'Policy checks', body: policySection(report, links) },
    { id: 'failing', title: 'Failing tests and cases', body: failingSection(report, links) },
    { id: 'coverage', title: 'Coverage', body: coverageSection(report) },
  ];
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="colloquy simulate">
<title>Colloquy simulation report ${report.reportHash.slice(0, 12)}</title>
<style>${rawStyle()}</style>
</head>
<body>
<header>
<h1>Simulation report</h1>
<p>${verdict(report)}</p>
<nav aria-label="Sections"><ul>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ul></nav>
</header>
<main>
${sections.map((s) => html`<section id="${s.id}" aria-labelledby="${s.id}-title">
<h2 id="${s.id}-title">${s.title}</h2>
${s.body}
</section>
`)}</main>
<footer><p class="muted">Made by <code>colloquy simulate --format html</code>. The same report always gives this same page; the report hash above identifies it.</p></footer>
<script>${rawScript()}</script>
</body>
</html>
`;
  return page.text;
}

/** The stylesheet and script are constants of ours, inserted as they are: their CSP hashes are computed from exactly this text. */
function rawStyle(): SafeHtml {
  return trustedHtml(REPORT_STYLE);
}

function rawScript(): SafeHtml {
  return trustedHtml(REPORT_SCRIPT);
}

function verdict(report: SimulationReport): SafeHtml {
  const { scripted, generated } = report.summary;
  const failing = report.policies.filter((p) => p.failed > 0).length;
  if (scripted.failed === 0 && generated.failed === 0) return html`<strong class="ok">Every scripted test and generated case passed.</strong>`;
  const parts = [
    scripted.failed > 0 ? `${scripted.failed} of ${scripted.total} scripted tests` : '',
    generated.failed > 0 ? `${generated.failed} of ${generated.total} generated cases` : '',
  ].filter((p) => p !== '');
  return html`<strong class="bad">${parts.join(' and ')} failed</strong>${failing > 0 ? html`; <a href="#policies">${failing} policy ${failing === 1 ? 'check fails' : 'checks fail'}</a>` : ''}.`;
}

function runSection(report: SimulationReport, diff: BehaviourDiff | undefined): SafeHtml {
  const { run } = report;
  const none = html`<span class="muted">none</span>`;
  return html`<dl class="meta">
<dt>Recognizer</dt><dd>${run.recognizer}</dd>
<dt>Model</dt><dd>${run.model ?? none}</dd>
<dt>Weights SHA-256</dt><dd class="hash">${run.weightsHash ?? none}</dd>
<dt>Seed</dt><dd><code>${run.seed}</code></dd>
<dt>Generators</dt><dd>${joinHtml(run.generators.map((g) => html`<code>${g}</code>`), ', ')}</dd>
<dt>Cases per intent</dt><dd>${run.perIntent}</dd>
<dt>Flow</dt><dd>${run.flow ?? html`<span class="muted">all flows</span>`}</dd>
<dt>Conversations dated</dt><dd>${run.today}</dd>
<dt>Workspace SHA-256</dt><dd class="hash">${run.workspaceHash ?? html`<span class="muted">not hashed</span>`}</dd>
<dt>Report SHA-256</dt><dd class="hash">${report.reportHash}</dd>
${diff ? html`<dt>Baseline report SHA-256</dt><dd class="hash">${diff.baseline.reportHash}</dd>` : ''}
</dl>`;
}

function summarySection(report: SimulationReport, diff: BehaviourDiff | undefined): SafeHtml {
  const { scripted, generated } = report.summary;
  const policiesFailing = report.policies.filter((p) => p.failed > 0).length;
  const overall = coverageOf(report).overall;
  const card = (value: string, tone: string, label: SafeHtml | string) => html`<div class="card"><span class="big ${tone}">${value}</span>${label}</div>`;
  return html`<div class="cards">
${card(`${scripted.passed}/${scripted.total}`, scripted.failed > 0 ? 'bad' : 'ok', html`scripted tests passed${scripted.rate !== null ? ` (${scripted.rate}%)` : ''}`)}
${card(`${generated.passed}/${generated.total}`, generated.failed > 0 ? 'bad' : 'ok', html`generated cases passed${generated.rate !== null ? ` (${generated.rate}%)` : ''}`)}
${card(`${report.policies.length - policiesFailing}/${report.policies.length}`, policiesFailing > 0 ? 'bad' : 'ok', 'policy checks without a failure')}
${overall ? card(`${overall.percent}%`, '', `coverage (${overall.covered} of ${overall.total} items reached)`) : ''}
${card(percentText(report.attacks.rate), report.attacks.succeeded > 0 ? 'warn' : '', report.attacks.attacked > 0 ? `attack success rate (${report.attacks.succeeded} of ${report.attacks.attacked})` : 'attack success rate (no attacks ran)')}
${diff ? card(String(diff.changed.length), diff.counts['handoff-lost'] > 0 || diff.counts['newly-failing'] > 0 ? 'bad' : '', html`<a href="#diff">behaviour changes</a> against the baseline`) : ''}
</div>
<p class="muted">Generated cases are probes: on a real workspace some fail. Policy checks and conversations that no longer reach a person are what to read first.</p>`;
}

function passRateSection(report: SimulationReport): SafeHtml {
  const { byGenerator, byFlow, byIntent } = report.generated;
  return html`<h3>By generator</h3>
${rateChart({ title: 'Pass rate by generator', columns: ['generator'], bars: byGenerator.map((r) => ({ label: r.generator, passed: r.passed, total: r.total, rate: r.rate })) })}
<h3>By flow</h3>
${rateChart({ title: 'Pass rate by flow', columns: ['flow'], bars: byFlow.map((r) => ({ label: r.flow ?? '(fixed probes)', passed: r.passed, total: r.total, rate: r.rate })) })}
<h3>By intent</h3>
${rateChart({
  title: 'Pass rate by intent',
  columns: ['intent', 'flow'],
  bars: byIntent.map((r) => ({ label: r.intent, passed: r.passed, total: r.total, rate: r.rate, cells: [html`<code>${r.flow}</code>`] })),
})}`;
}

function confusionSection(report: SimulationReport, links: CaseLinks, top: number): SafeHtml {
  if (report.confusion.length === 0) return html`<p class="ok">No case was recognised as something other than expected.</p>`;
  const matrix = confusionMatrix(report.confusion, top);
  const level = (count: number) => (count === 0 ? 0 : Math.min(4, Math.ceil((count * 4) / Math.max(matrix.max, 1))));
  const head = matrix.columns.map((c) => html`<th scope="col">${c}</th>`);
  const rows = matrix.rows.map(
    (row, r) => html`<tr><th scope="row">${row}</th>${matrix.counts[r]!.map((count, c) => html`<td class="heat${level(count)}" title="${row} → ${matrix.columns[c]}: ${count}">${count === 0 ? '·' : count}</td>`)}</tr>`,
  );
  const pairs = report.confusion.map(
    (p) => html`<tr><td><code>${p.expected}</code></td><td><code>${p.recognised}</code></td><td class="num">${p.count}</td><td>${joinHtml(p.examples.map((e) => links.link(e)), ', ')}</td></tr>`,
  );
  return html`<p class="muted">Rows: what cases should have been recognised as. Columns: what they were recognised as. Two intents confused both ways usually need clearer, more distinct examples.</p>
<table class="matrix"><caption>Confusion matrix (cases; the ${matrix.rows.length} most confused expected labels)</caption><thead><tr><th scope="col">expected \\ recognised</th>${head}</tr></thead><tbody>${rows}</tbody></table>
<table><caption>Most frequent confusions</caption><thead><tr><th scope="col">expected</th><th scope="col">recognised</th><th scope="col" class="num">cases</th><th scope="col">examples</th></tr></thead><tbody>${pairs}</tbody></table>`;
}

function robustnessSection(report: SimulationReport): SafeHtml {
  if (report.robustness.length === 0) return html`<p class="empty">No perturbed variants in this run (the noise, wording and pii generators did not run).</p>`;
  const generators = [...new Set(report.robustness.flatMap((r) => r.byGenerator.map((g) => g.generator)))];
  // Weakest first, as the terminal report lists them; ties keep the report's (workspace) order.
  const rows = report.robustness
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.rate ?? 101) - (b.row.rate ?? 101) || a.index - b.index)
    .map(({ row }) => {
      const cells = generators.map((g) => {
        const entry = row.byGenerator.find((x) => x.generator === g);
        return html`<td class="num">${entry ? `${entry.routed}/${entry.variants}` : '–'}</td>`;
      });
      return html`<tr><th scope="row"><code>${row.intent}</code></th><td><code>${row.flow}</code></td><td class="num">${row.routed}/${row.variants}</td><td class="num">${percentText(row.rate)}${miniBar(row.rate)}</td>${cells}</tr>`;
    });
  return html`<p class="muted">Of the typo, rewording and personal-data variants of each intent's own examples, how many still reach that intent, weakest first. An intent well below 100% is fragile: customers who type a little differently from the examples will not get there.</p>
<table><caption>Variants still routed to the right intent</caption><thead><tr><th scope="col">intent</th><th scope="col">flow</th><th scope="col" class="num">routed</th><th scope="col" class="num">rate</th>${generators.map((g) => html`<th scope="col" class="num">${g}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function attackSection(report: SimulationReport): SafeHtml {
  const { attacks } = report;
  if (attacks.byIntent.length === 0) {
    return html`<p class="empty">No adversarial attacks in this run: the adversarial generator did not run, so there is no attack success rate to show.</p>`;
  }
  const rows = attacks.byIntent.map(
    (row) =>
      html`<tr><th scope="row"><code>${row.intent}</code></th><td><code>${row.flow}</code></td><td class="num">${row.attacked}</td><td class="num">${row.succeeded}</td><td class="num">${percentText(row.rate)}${miniBar(row.rate, 'bad')}</td><td class="num">${percentText(row.wordsChanged)}</td></tr>`,
  );
  return html`<p>Of ${attacks.attacked} intent examples recognised correctly before the attack, a small meaning-preserving change flipped <strong class="${attacks.succeeded > 0 ? 'bad' : 'ok'}">${attacks.succeeded} (${percentText(attacks.rate)})</strong> to another intent or below the threshold. Lower is better.</p>
<table><caption>Attack success rate per intent</caption><thead><tr><th scope="col">intent</th><th scope="col">flow</th><th scope="col" class="num">attacked</th><th scope="col" class="num">flipped</th><th scope="col" class="num">success rate</th><th scope="col" class="num">words changed (mean)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function policySection(report: SimulationReport, links: CaseLinks): SafeHtml {
  if (report.policies.length === 0) return html`<p class="empty">No policy checks in this run (no sensitive-topic, injection or personal-data cases were generated).</p>`;
  const rows = report.policies.map(
    (row) =>
      html`<tr><td>${row.failed === 0 ? html`<span class="tag ok">ok</span>` : html`<span class="tag bad">FAIL</span>`}</td><td>${policyName(row)}</td><td class="num">${row.passed}/${row.total}</td><td class="num">${percentText(row.rate)}</td><td>${row.failing.length > 0 ? joinHtml(row.failing.map((id) => links.link(id)), ', ') : html`<span class="muted">none</span>`}</td></tr>`,
  );
  return html`<p class="muted">A failure here is the first thing to fix: it is what a responsible-AI review asks about.</p>
<table><caption>Policy checks</caption><thead><tr><th scope="col">status</th><th scope="col">check</th><th scope="col" class="num">passed</th><th scope="col" class="num">rate</th><th scope="col">failing cases</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function policyName(row: PolicyResult): SafeHtml {
  switch (row.check) {
    case 'topic_handoff':
      return html`Conversations about <code>${row.topic}</code> reach a person (policy <code>${row.policy}</code>)`;
    case 'injection':
      return html`Prompt injection is refused and never repeated`;
    case 'pii':
      return html`Personal data: the right intent, and never repeated in a reply`;
  }
}

interface CoverageJson {
  readonly overall?: { readonly covered: number; readonly total: number; readonly percent: number };
  readonly [category: string]: unknown;
}

interface CoverageCategoryJson {
  readonly covered: number;
  readonly total: number;
  readonly percent: number;
  readonly groups: readonly { readonly id: string; readonly file: string; readonly covered: number; readonly total: number; readonly percent: number }[];
  readonly missed: readonly { readonly id: string; readonly label: string; readonly group?: string; readonly location: { readonly file: string; readonly line: number }; readonly note?: string }[];
}

function coverageOf(report: SimulationReport): CoverageJson {
  return report.coverage as unknown as CoverageJson;
}

function coverageSection(report: SimulationReport): SafeHtml {
  const coverage = coverageOf(report);
  const categories = COVERAGE_CATEGORIES.map((name) => ({ name, category: coverage[name] as CoverageCategoryJson | undefined })).filter(
    (c): c is { name: (typeof COVERAGE_CATEGORIES)[number]; category: CoverageCategoryJson } => c.category !== undefined,
  );
  const rows = categories.map(
    ({ name, category }) => html`<tr><th scope="row">${name}</th><td class="num">${category.covered}/${category.total}</td><td class="num">${category.percent}%${miniBar(category.percent)}</td></tr>`,
  );
  const missed = categories.filter(({ category }) => category.missed.length > 0);
  const lists = missed.map(
    ({ name, category }) => html`<h3>${name}: never reached (${category.missed.length})</h3>
<ul>${category.missed.map((item) => html`<li><code>${item.location.file}:${item.location.line}</code> ${item.label}${item.note ? html` <span class="muted">— ${item.note}</span>` : ''}</li>`)}</ul>`,
  );
  const groups = categories
    .filter(({ category }) => category.groups.length > 0)
    .map(
      ({ name, category }) => html`<details class="table-alt"><summary>${name} per ${name === 'rules' ? 'rules table' : 'flow'}</summary><table><thead><tr><th scope="col">${name === 'rules' ? 'table' : 'flow'}</th><th scope="col">file</th><th scope="col" class="num">reached</th><th scope="col" class="num">rate</th></tr></thead><tbody>${category.groups.map((g) => html`<tr><th scope="row"><code>${g.id}</code></th><td><code>${g.file}</code></td><td class="num">${g.covered}/${g.total}</td><td class="num">${g.percent}%</td></tr>`)}</tbody></table></details>`,
    );
  return html`<p class="muted">What all the conversations of the run, scripted and generated, reached${coverage.overall ? html`: <strong>${coverage.overall.covered} of ${coverage.overall.total} items (${coverage.overall.percent}%)</strong>` : ''}.</p>
<table><caption>Coverage by category</caption><thead><tr><th scope="col">category</th><th scope="col" class="num">reached</th><th scope="col" class="num">rate</th></tr></thead><tbody>${rows}</tbody></table>
${groups}
${missed.length === 0 ? html`<p class="ok">Every intent, node, transition, rule row and policy was reached.</p>` : lists}`;
}
