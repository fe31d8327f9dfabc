/**
 * The HTML report's stylesheet, its one small script and the Content Security
 * Policy that allows exactly those two and nothing else. The report is meant
 * to be attached to a review and opened from disk, so the policy is a second
 * line behind escaping: `default-src 'none'` means the page can fetch nothing
 * (no images, fonts, frames or connections), and only the script and style
 * whose SHA-256 the policy names can run, so markup smuggled into an
 * utterance could neither run nor call home even if escaping missed it.
 * Consequently no element may carry a `style` attribute: colours and sizes
 * are classes and SVG attributes.
 */
import { sha256Hex } from '../simulate/sha256.ts';

export const REPORT_STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --none: #d0d7de; --accent: #0969da;
  --heat1: #fff1e5; --heat2: #ffd8b5; --heat3: #fb8f44; --heat4: #bc4c00; --heat-fg-strong: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --panel: #161b22; --line: #30363d;
    --pass: #3fb950; --fail: #f85149; --warn: #d29922; --none: #30363d; --accent: #4493f8;
    --heat1: #3d2a1a; --heat2: #6e3b12; --heat3: #bd561d; --heat4: #f0883e; --heat-fg-strong: #0d1117; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
a { color: var(--accent); }
code, .mono, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.hash { overflow-wrap: anywhere; }
.muted, figcaption, .empty { color: var(--muted); }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: var(--pass); font-weight: 600; }
.bad { color: var(--fail); font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .75rem; margin: .5rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; background: var(--panel); }
.card .big { display: block; font-size: 1.5rem; font-weight: 600; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
figure.chart { margin: .75rem 0 1.25rem; }
svg.bars { max-width: 100%; height: auto; color: var(--fg); font-size: 12px; }
svg .label, svg .value, svg .tick { fill: currentColor; }
svg .tick { fill: var(--muted); font-size: 10px; }
svg .grid { stroke: var(--line); stroke-width: 1; }
.bar-pass { fill: var(--pass); }
.bar-fail { fill: var(--fail); }
.bar-none, .mini-track { fill: var(--none); }
svg.mini { vertical-align: middle; margin-left: .4rem; }
.matrix td { text-align: right; min-width: 2.5rem; font-variant-numeric: tabular-nums; }
.matrix thead th:not(:first-child) { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; vertical-align: bottom; }
.heat0 { color: var(--muted); }
.heat1 { background: var(--heat1); }
.heat2 { background: var(--heat2); }
.heat3 { background: var(--heat3); }
.heat4 { background: var(--heat4); color: var(--heat-fg-strong); font-weight: 600; }
details { margin: .25rem 0; }
details > summary { cursor: pointer; }
details.case { border: 1px solid var(--line); border-radius: 6px; padding: .35rem .6rem; }
details.case[open] { background: var(--panel); }
details.case:target { outline: 2px solid var(--accent); }
.utterance, .said { white-space: pre-wrap; overflow-wrap: anywhere; }
.utterance { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
ol.trace { padding-left: 1.25rem; }
ol.trace li { margin: .35rem 0; }
.who { font-weight: 600; }
ul.reasons { margin: .25rem 0; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: 999px; border: 1px solid var(--line); font-size: .85em; }
.tag.bad { border-color: var(--fail); }
.tag.ok { border-color: var(--pass); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, table, details.case { break-inside: avoid; }
  details > summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * Convenience only: closed disclosures (failing cases, tables) open while
 * printing and close again after. Everything is readable without it.
 */
export const REPORT_SCRIPT = `(() => {
  const opened = [];
  addEventListener('beforeprint', () => {
    for (const details of document.querySelectorAll('details:not([open])')) { details.open = true; opened.push(details); }
  });
  addEventListener('afterprint', () => { for (const details of opened.splice(0)) details.open = false; });
})();`;

/** The policy for the report's `<meta http-equiv="Content-Security-Policy">`. */
export function reportContentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src '${cspHash(REPORT_STYLE)}'`,
    `script-src '${cspHash(REPORT_SCRIPT)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** `sha256-<base64>` of a script or style element's text, as CSP hash sources are written. */
export function cspHash(text: string): string {
  return `sha256-${hexToBase64(sha256Hex(text))}`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function hexToBase64(hex: string): string {
  const bytes = hex.match(/../g)!.map((pair) => parseInt(pair, 16));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + (b === undefined ? '=' : BASE64[(n >> 6) & 63]!) + (c === undefined ? '=' : BASE64[n & 63]!);
  }
  return out;
}
