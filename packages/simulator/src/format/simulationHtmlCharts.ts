/**
 * The HTML report's charts: inline SVG, drawn from numbers only (no fonts
 * measured, no script), so they show with JavaScript off, print, and come out
 * the same bytes every time. Colours come from the page's stylesheet through
 * class names, so the charts follow the light and dark themes. Every chart is
 * an image with an `aria-label` saying what it shows, and has its table
 * beside it for screen readers, copying and reading exact figures.
 */
import { html, joinHtml, type HtmlValue, type SafeHtml } from './simulationHtmlMarkup.ts';

/** One bar: a label and how many of its cases passed. */
export interface RateBar {
  readonly label: string;
  readonly passed: number;
  readonly total: number;
  /** Percent with one decimal, null when there is nothing to count. */
  readonly rate: number | null;
  /** Extra table cells shown before the counts (e.g. the intent's flow). */
  readonly cells?: readonly HtmlValue[];
}

export interface RateChart {
  /** Says what the bars are, e.g. "Pass rate by generator". */
  readonly title: string;
  /** The header of the label column and of any extra cells. */
  readonly columns: readonly string[];
  readonly bars: readonly RateBar[];
}

const WIDTH = 640;
const LABEL_END = 196;
const BAR_START = 204;
const BAR_WIDTH = 320;
const ROW = 22;
const AXIS = 18;
/** Labels longer than this are cut in the picture (the full label is in the tooltip and the table). */
const LABEL_CHARS = 28;

/** A horizontal bar per row (passed part and failed part of 100%), then the same data as a table in a disclosure. */
export function rateChart(chart: RateChart): SafeHtml {
  if (chart.bars.length === 0) return html`<p class="empty">No cases.</p>`;
  const height = AXIS + chart.bars.length * ROW + 4;
  const summary = chart.bars.map((bar) => `${bar.label} ${rateWords(bar)}`).join('; ');
  const grid = [0, 50, 100].map((tick) => {
    const x = BAR_START + (BAR_WIDTH * tick) / 100;
    return html`<line class="grid" x1="${x}" y1="${AXIS - 4}" x2="${x}" y2="${height}"/><text class="tick" x="${x}" y="${AXIS - 7}" text-anchor="middle">${tick}%</text>`;
  });
  const rows = chart.bars.map((bar, index) => {
    const y = AXIS + index * ROW;
    const label = shorten(bar.label, LABEL_CHARS);
    const passedWidth = bar.total === 0 ? 0 : round((BAR_WIDTH * bar.passed) / bar.total);
    const bars =
      bar.total === 0
        ? html`<rect class="bar-none" x="${BAR_START}" y="${y + 4}" width="${BAR_WIDTH}" height="${ROW - 8}"/>`
        : html`<rect class="bar-pass" x="${BAR_START}" y="${y + 4}" width="${passedWidth}" height="${ROW - 8}"/><rect class="bar-fail" x="${BAR_START + passedWidth}" y="${y + 4}" width="${round(BAR_WIDTH - passedWidth)}" height="${ROW - 8}"/>`;
    return html`<g><title>${bar.label}: ${rateWords(bar)}</title><text class="label" x="${LABEL_END}" y="${y + ROW / 2 + 4}" text-anchor="end">${label}</text>${bars}<text class="value" x="${BAR_START + BAR_WIDTH + 8}" y="${y + ROW / 2 + 4}">${bar.total === 0 ? 'no cases' : `${bar.passed}/${bar.total} (${bar.rate}%)`}</text></g>`;
  });
  return html`<figure class="chart">
<svg role="img" aria-label="${chart.title}: ${summary}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" class="bars">${grid}${rows}</svg>
<figcaption>${chart.title}. Green: passed; red: failed.</figcaption>
<details class="table-alt"><summary>${chart.title} as a table</summary>
${rateTable(chart)}
</details>
</figure>`;
}

function rateTable(chart: RateChart): SafeHtml {
  const head = joinHtml(chart.columns.map((c) => html`<th scope="col">${c}</th>`));
  const body = chart.bars.map(
    (bar) =>
      html`<tr><th scope="row">${bar.label}</th>${(bar.cells ?? []).map((cell) => html`<td>${cell}</td>`)}<td class="num">${bar.passed}</td><td class="num">${bar.total - bar.passed}</td><td class="num">${bar.total}</td><td class="num">${percentText(bar.rate)}</td></tr>`,
  );
  return html`<table><caption>${chart.title}</caption><thead><tr>${head}<th scope="col">passed</th><th scope="col">failed</th><th scope="col">total</th><th scope="col">pass rate</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** A small bar for a table cell (decoration: the number is in the cell beside it). */
export function miniBar(rate: number | null, kind: 'good' | 'bad' = 'good'): SafeHtml {
  if (rate === null) return html``;
  return html`<svg class="mini" aria-hidden="true" viewBox="0 0 100 8" width="100" height="8"><rect class="mini-track" width="100" height="8"/><rect class="${kind === 'good' ? 'bar-pass' : 'bar-fail'}" width="${round(rate)}" height="8"/></svg>`;
}

export function percentText(rate: number | null): string {
  return rate === null ? '–' : `${rate}%`;
}

function rateWords(bar: RateBar): string {
  return bar.total === 0 ? 'no cases' : `${bar.rate}% passed (${bar.passed} of ${bar.total})`;
}

/** At most `chars` characters (code points, so an emoji is never cut in half), with an ellipsis when cut. */
export function shorten(text: string, chars: number): string {
  const codePoints = Array.from(text);
  return codePoints.length > chars ? `${codePoints.slice(0, chars - 1).join('')}…` : text;
}

/** One decimal, so coordinates print the same everywhere. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
