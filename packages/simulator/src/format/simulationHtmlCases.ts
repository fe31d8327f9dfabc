/**
 * The HTML report's failing cases and tests, each a disclosure (`details`)
 * whose summary line says what failed and whose body is the conversation, turn
 * by turn. Disclosures open and close without JavaScript; every case has an
 * anchor so policy rows, confusions and the behaviour diff can link to it.
 */
import type { CaseTurn } from '../simulate/runGeneratedCase.ts';
import type { FailingCase, SimulationReport } from '../simulate/simulationReport.ts';
import { shorten } from './simulationHtmlCharts.ts';
import { html, joinHtml, type SafeHtml } from './simulationHtmlMarkup.ts';

/** Links to failing cases by id: anchors are positions, not ids, since ids are text from the workspace. */
export class CaseLinks {
  private readonly anchors = new Map<string, string>();

  constructor(report: SimulationReport) {
    report.failing.forEach((failing, index) => this.anchors.set(failing.id, `case-${index + 1}`));
  }

  anchor(id: string): string | undefined {
    return this.anchors.get(id);
  }

  /** The id as code, linked to its failing case when it has one. */
  link(id: string): SafeHtml {
    const anchor = this.anchors.get(id);
    return anchor ? html`<a href="#${anchor}"><code>${id}</code></a>` : html`<code>${id}</code>`;
  }
}

/** What the JSON of a scripted test holds that this page shows (see `toJsonReport`). */
interface ScriptedTestJson {
  readonly suite: string;
  readonly test: string;
  readonly title?: string;
  readonly status: 'passed' | 'failed' | 'error';
  readonly location: { readonly file: string; readonly line: number };
  readonly failure?: {
    readonly turn: number;
    readonly utterance: string;
    readonly error?: string;
    readonly mismatches: readonly { readonly message: string; readonly location: { readonly file: string; readonly line: number } }[];
    readonly transcript: readonly { readonly speaker: string; readonly turn: number; readonly text: string }[];
  };
}

export function failingTests(report: SimulationReport): ScriptedTestJson[] {
  const suites = (report.scripted['suites'] ?? []) as unknown as readonly { readonly tests: readonly ScriptedTestJson[] }[];
  return suites.flatMap((suite) => suite.tests.filter((test) => test.status !== 'passed'));
}

/** The failing scripted tests, then the failing generated cases, in run order. */
export function failingSection(report: SimulationReport, links: CaseLinks): SafeHtml {
  const tests = failingTests(report);
  const scripted =
    tests.length === 0
      ? html`<p class="ok">Every scripted test passed.</p>`
      : html`<h3>Scripted tests (${tests.length})</h3>${tests.map((test, index) => failingTest(test, index))}`;
  const generated =
    report.failing.length === 0
      ? html`<p class="ok">Every generated case passed.</p>`
      : html`<h3>Generated cases (${report.failing.length})</h3>
<p class="muted">Open a case to see its conversation: what the customer said, what was recognised, the nodes it went through and how it ended.</p>
${report.failing.map((failing) => failingCase(failing, links))}`;
  return html`${scripted}${generated}`;
}

function failingTest(test: ScriptedTestJson, index: number): SafeHtml {
  const failure = test.failure;
  const transcript = failure?.transcript ?? [];
  return html`<details class="case" id="test-${index + 1}"><summary><span class="tag bad">${test.status}</span> <code>${test.suite}/${test.test}</code>${test.title ? html` — ${test.title}` : ''}</summary>
<p>Written at <code>${test.location.file}:${test.location.line}</code>${failure ? html`; failed at turn ${failure.turn}: <span class="utterance">${failure.utterance}</span>` : ''}</p>
${failure?.error ? html`<p class="bad">Error: <span class="said">${failure.error}</span></p>` : ''}
${failure && failure.mismatches.length > 0 ? html`<ul class="reasons">${failure.mismatches.map((m) => html`<li>${m.message} <span class="muted">(<code>${m.location.file}:${m.location.line}</code>)</span></li>`)}</ul>` : ''}
${transcript.length > 0 ? html`<ol class="trace">${transcript.map((line) => html`<li><span class="who">${line.speaker === 'user' ? 'Customer' : line.speaker === 'bot' ? 'Assistant' : line.speaker}</span> (turn ${line.turn}): <span class="said">${line.text}</span></li>`)}</ol>` : ''}
</details>`;
}

function failingCase(failing: FailingCase, links: CaseLinks): SafeHtml {
  const ending = OUTCOME_WORDS[failing.outcome];
  return html`<details class="case" id="${links.anchor(failing.id)}"><summary><code>${failing.id}</code> <span class="utterance">“${shorten(failing.utterance, 90)}”</span> <span class="tag bad">${ending}</span></summary>
<dl class="meta">
<dt>Made by</dt><dd>${failing.generator} / ${failing.transformation}${failing.detail ? html`: ${failing.detail}` : ''}</dd>
<dt>The customer says</dt><dd class="utterance">${failing.utterance}</dd>
<dt>Must</dt><dd>${joinHtml(failing.accept.map((e) => expectationText(e, failing.intents)), ' or ')}</dd>
<dt>Got</dt><dd>${outcomeText(failing)}</dd>
<dt>Why it failed</dt><dd><ul class="reasons">${failing.reasons.map((r) => html`<li>${r}</li>`)}</ul></dd>
${failing.echoed.length > 0 ? html`<dt>Repeated by a reply</dt><dd>${joinHtml(failing.echoed.map((e) => html`<code>${e}</code>`), ', ')}</dd>` : ''}
</dl>
<ol class="trace" start="0">${failing.trace.map(turnItem)}</ol>
</details>`;
}

const OUTCOME_WORDS: { readonly [O in FailingCase['outcome']]: string } = {
  handoff: 'handed over',
  intent: 'understood',
  'out-of-scope': 'not understood',
  error: 'engine error',
};

function turnItem(turn: CaseTurn): SafeHtml {
  const recognised =
    turn.turn === 0
      ? ''
      : turn.intent !== null && !turn.fallback
        ? html`recognised <code>${turn.intent}</code>${confidenceText(turn.confidence)}`
        : html`not understood${turn.intent !== null ? html` (best guess <code>${turn.intent}</code>${confidenceText(turn.confidence)})` : confidenceText(turn.confidence)}`;
  return html`<li>${turn.turn === 0 ? html`<span class="who">Greeting</span>` : html`<span class="who">Customer:</span> <span class="utterance">${turn.utterance}</span> <span class="muted">— ${recognised}</span>`}
${turn.nodes.length > 0 ? html`<br><span class="muted">through</span> ${joinHtml(turn.nodes.map((n) => html`<code>${n}</code>`), ' › ')}` : ''}
${turn.messages.map((m) => html`<br><span class="who">Assistant:</span> <span class="said">${m}</span>`)}
${turn.handoff !== null ? html`<br><span class="warn">→ handed over to ${turn.handoff}</span>` : turn.end !== null ? html`<br><span class="muted">→ ended: ${turn.end}</span>` : ''}</li>`;
}

function confidenceText(confidence: number | null): string {
  return confidence === null ? '' : ` (${confidence.toFixed(2)})`;
}

export function expectationText(expectation: string, intents: readonly string[]): SafeHtml {
  switch (expectation) {
    case 'same-intent':
      return html`be recognised as ${joinHtml(intents.map((i) => html`<code>${i}</code>`), ' or ')}`;
    case 'out-of-scope':
      return html`not be understood (no flow starts)`;
    case 'handoff':
      return html`reach a person`;
    default:
      return html`${expectation}`;
  }
}

function outcomeText(failing: FailingCase): SafeHtml {
  const handoff = failing.trace.some((t) => t.handoff !== null);
  const understood = failing.trace.some((t) => t.turn === 1 && !t.fallback);
  const intent = failing.intent !== null && understood ? html`recognised as <code>${failing.intent}</code>${confidenceText(failing.confidence)}` : html`not understood${confidenceText(failing.confidence)}`;
  if (failing.outcome === 'error') return html`<span class="bad">the engine failed</span>`;
  return html`${intent}; ${handoff ? 'handed over to a person' : 'no handoff'}`;
}
