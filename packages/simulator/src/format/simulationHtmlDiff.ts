/**
 * The HTML report's behaviour diff (`diffReports`): what an approver reads
 * first when a change is up for review. One table per kind of change, most
 * important first (`BEHAVIOUR_CHANGES` order: conversations that no longer
 * reach a person lead); a case with two changes is listed under both, so each
 * table is complete on its own.
 */
import { BEHAVIOUR_CHANGES, type BehaviourChange, type BehaviourDiff, type CaseState } from '../simulate/diffReports.ts';
import type { CaseLinks } from './simulationHtmlCases.ts';
import { html, joinHtml, type SafeHtml } from './simulationHtmlMarkup.ts';

const CHANGE_TEXT: { readonly [C in BehaviourChange]: { readonly title: string; readonly why: string; readonly tone: 'bad' | 'warn' | 'ok' } } = {
  'handoff-lost': {
    title: 'Was handed over, now is not',
    why: 'Someone who reached a person before no longer does: read these first. On a sensitive topic this also fails a policy check.',
    tone: 'bad',
  },
  'handoff-gained': {
    title: 'Now handed over, was not before',
    why: 'Often a safer path; sometimes a flow that now gives up too early.',
    tone: 'warn',
  },
  'newly-failing': { title: 'Newly failing', why: 'The verdict went from passed to failed.', tone: 'bad' },
  'newly-passing': { title: 'Newly passing', why: 'The verdict went from failed to passed.', tone: 'ok' },
  'intent-changed': {
    title: 'Intent changed',
    why: 'The same message is now understood as another intent (or is no longer, or newly, understood): check the new intent is what was meant.',
    tone: 'warn',
  },
};

export function diffSection(diff: BehaviourDiff, links: CaseLinks, baselineLabel: string | undefined): SafeHtml {
  const counts = BEHAVIOUR_CHANGES.map(
    (change) =>
      html`<div class="card"><span class="big ${diff.counts[change] > 0 ? CHANGE_TEXT[change].tone : ''}">${diff.counts[change]}</span>${CHANGE_TEXT[change].title}</div>`,
  );
  const groups = BEHAVIOUR_CHANGES.filter((change) => diff.counts[change] > 0).map((change) => {
    const rows = diff.changed
      .filter((c) => c.changes.includes(change))
      .map(
        (c) =>
          html`<tr><td>${c.kind === 'scripted' ? 'test' : 'case'}</td><td>${c.kind === 'generated' ? links.link(c.id) : html`<code>${c.id}</code>`}</td><td>${stateText(c.before)}</td><td>${stateText(c.after)}</td></tr>`,
      );
    return html`<h3 id="diff-${change}" class="${CHANGE_TEXT[change].tone}">${CHANGE_TEXT[change].title} (${diff.counts[change]})</h3>
<p class="muted">${CHANGE_TEXT[change].why}</p>
<table><thead><tr><th scope="col">kind</th><th scope="col">id</th><th scope="col">baseline</th><th scope="col">this run</th></tr></thead><tbody>${rows}</tbody></table>`;
  });
  return html`<dl class="meta">
<dt>Baseline</dt><dd>${baselineLabel !== undefined ? html`<code>${baselineLabel}</code><br>` : ''}workspace <span class="hash">${diff.baseline.workspaceHash ?? '(not hashed)'}</span><br>report <span class="hash">${diff.baseline.reportHash}</span></dd>
<dt>This run</dt><dd>workspace <span class="hash">${diff.current.workspaceHash ?? '(not hashed)'}</span><br>report <span class="hash">${diff.current.reportHash}</span></dd>
</dl>
${diff.optionsDiffer.length > 0 ? html`<p class="warn">The two runs differ in ${joinHtml(diff.optionsDiffer.map((o) => html`<code>${o}</code>`), ', ')}: generated cases may not correspond one to one.</p>` : ''}
<div class="cards">${counts}</div>
${diff.changed.length === 0 ? html`<p class="ok">No scripted test or generated case behaves differently.</p>` : groups}
${idList('New in this run', diff.added)}${idList('Gone since the baseline', diff.removed)}`;
}

function idList(title: string, ids: readonly string[]): SafeHtml {
  if (ids.length === 0) return html``;
  return html`<details><summary>${title} (${ids.length})</summary><p>${joinHtml(ids.map((id) => html`<code>${id}</code>`), ', ')}</p></details>`;
}

/** `handoff · intent card_lost · passed`: what the case did in one run. */
function stateText(state: CaseState): SafeHtml {
  const verdict = state.passed ? html`<span class="ok">passed</span>` : html`<span class="bad">${state.outcome === 'error' ? 'error' : 'failed'}</span>`;
  const parts: SafeHtml[] = [];
  if (state.outcome === 'handoff' || state.handoff) parts.push(html`<span class="warn">handed over</span>`);
  else if (state.outcome === 'intent') parts.push(html`understood, no handoff`);
  else if (state.outcome === 'out-of-scope') parts.push(html`not understood`);
  if (state.intent !== null) parts.push(html`intent <code>${state.intent}</code>`);
  parts.push(verdict);
  return joinHtml(parts, ' · ');
}
