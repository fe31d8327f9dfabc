/**
 * The simulation report as terminal text: totals, the scripted tests' verdict,
 * pass rates per generator, flow and intent, the most frequent confusions,
 * the weakest intents, the attack success rate, policy checks, failing cases
 * (the first few, with their conversation), coverage and the run's hashes. Reads only the report;
 * utterances and replies are made printable (`printableLine`).
 */
import { MODEL_GUIDED_GENERATORS } from '../generate/generatedCase.ts';
import type { BehaviourDiff } from '../simulate/diffReports.ts';
import type { PassRate, SimulationReport } from '../simulate/simulationReport.ts';
import { printableLine } from './printable.ts';

export interface FormatSimulationOptions {
  /** Failing cases shown with their conversation; the rest are counted. Default 20. */
  readonly failingShown?: number;
}

export function formatSimulationReport(report: SimulationReport, options: FormatSimulationOptions = {}): string {
  const shown = options.failingShown ?? 20;
  const { run, summary } = report;
  const lines: string[] = [];
  lines.push(`Simulation with the ${run.recognizer} recognizer${run.model ? ` (${run.model})` : ''}, seed "${printableLine(run.seed)}", ${run.perIntent} per intent${run.flow ? `, flow ${run.flow}` : ''}`);
  for (const own of run.flows) lines.push(`  flow ${own.flow} (its test file): seed "${printableLine(own.seed)}", ${own.perIntent} per intent, ${own.generators.join(', ')}`);
  lines.push(`  scripted tests:  ${rateText(summary.scripted)}`);
  lines.push(`  generated cases: ${rateText(summary.generated)}`);

  lines.push('', 'By generator:');
  for (const row of report.generated.byGenerator) lines.push(`  ${row.generator.padEnd(14)} ${rateText(row)}`);
  lines.push('', 'By flow:');
  for (const row of report.generated.byFlow) lines.push(`  ${(row.flow ?? '(fixed probes)').padEnd(24)} ${rateText(row)}`);

  if (report.confusion.length > 0) {
    lines.push('', 'Most frequent confusions (expected -> recognised):');
    for (const pair of report.confusion) lines.push(`  ${String(pair.count).padStart(3)}  ${pair.expected} -> ${pair.recognised}   e.g. ${pair.examples[0]}`);
  }

  const weakest = [...report.robustness].filter((r) => r.rate !== null && r.rate < 100).sort((a, b) => a.rate! - b.rate! || (a.intent < b.intent ? -1 : 1));
  if (weakest.length > 0) {
    lines.push('', 'Robustness (variants still routed to the right intent), weakest first:');
    for (const row of weakest.slice(0, 10)) lines.push(`  ${row.intent.padEnd(28)} ${row.routed}/${row.variants} (${row.rate}%)`);
  }

  lines.push(...attackLines(report));

  if (report.policies.length > 0) {
    lines.push('', 'Policy checks:');
    for (const row of report.policies) {
      const name = row.check === 'topic_handoff' ? `${row.policy} (${row.topic})` : row.check === 'injection' ? 'prompt injection: refused, nothing echoed' : 'personal data: right intent, nothing echoed';
      lines.push(`  ${row.failed === 0 ? 'ok  ' : 'FAIL'} ${name}: ${rateText(row)}`);
    }
  }

  if (report.failing.length > 0) {
    lines.push('', `Failing cases (${report.failing.length}${report.failing.length > shown ? `, first ${shown} shown; --format json lists all` : ''}):`);
    for (const failing of report.failing.slice(0, shown)) {
      lines.push(`  ${failing.id}: "${printableLine(failing.utterance.length > 120 ? `${failing.utterance.slice(0, 117)}...` : failing.utterance)}"`);
      for (const reason of failing.reasons) lines.push(`    ${reason}`);
      for (const turn of failing.trace.filter((t) => t.turn > 0)) {
        const recognised = turn.intent !== null ? ` intent ${turn.intent} (${turn.confidence?.toFixed(2)})` : turn.fallback ? ' not understood' : '';
        const path = turn.nodes.length > 0 ? ` via ${turn.nodes.join(' > ')}` : '';
        const ending = turn.handoff !== null ? ` -> handoff to ${turn.handoff}` : turn.end !== null ? ` -> end ${turn.end}` : '';
        // A multi-turn case is about what each answer did: show the answer, what it filled and where the flow waits.
        if (failing.generator === 'multi_turn' && turn.turn > 1) {
          const filled = turn.filled.map((f) => ` ${f.slot}=${JSON.stringify(f.value)}`).join('');
          const waiting = turn.waiting !== null ? ` (waits at ${turn.waiting})` : '';
          lines.push(`    turn ${turn.turn}: "${printableLine(turn.utterance)}"${recognised}${filled}${path}${ending}${waiting}`);
          continue;
        }
        lines.push(`    turn ${turn.turn}:${recognised}${path}${ending}`);
      }
    }
  }

  const coverage = report.coverage as { overall?: { covered: number; total: number; percent: number } };
  if (coverage.overall) lines.push('', `Coverage by scripted and generated conversations: ${coverage.overall.covered}/${coverage.overall.total} (${coverage.overall.percent}%); --format json lists what was never reached`);
  lines.push('', `workspace ${run.workspaceHash ?? '(not hashed)'}`, `report    ${report.reportHash}`);
  return `${lines.join('\n')}\n`;
}

export function formatBehaviourDiff(diff: BehaviourDiff): string {
  const lines: string[] = ['', 'Behaviour changes against the baseline:'];
  if (diff.optionsDiffer.length > 0) lines.push(`  note: the runs differ in ${diff.optionsDiffer.join(', ')}; generated cases may not correspond one to one`);
  if (diff.changed.length === 0) lines.push('  none');
  for (const change of diff.changed) {
    const what = change.changes.map((c) => describeChange(c, change.before, change.after)).join('; ');
    lines.push(`  ${change.kind === 'scripted' ? 'test' : 'case'} ${change.id}: ${what}`);
  }
  if (diff.added.length > 0) lines.push(`  ${diff.added.length} new: ${diff.added.slice(0, 10).join(', ')}${diff.added.length > 10 ? ', ...' : ''}`);
  if (diff.removed.length > 0) lines.push(`  ${diff.removed.length} gone: ${diff.removed.slice(0, 10).join(', ')}${diff.removed.length > 10 ? ', ...' : ''}`);
  return `${lines.join('\n')}\n`;
}

function describeChange(change: BehaviourDiff['changed'][number]['changes'][number], before: { intent: string | null }, after: { intent: string | null }): string {
  switch (change) {
    case 'handoff-lost':
      return 'was handed over, now is not';
    case 'handoff-gained':
      return 'now handed over, was not before';
    case 'newly-failing':
      return 'now fails';
    case 'newly-passing':
      return 'now passes';
    case 'intent-changed':
      return `intent ${before.intent ?? '(none)'} -> ${after.intent ?? '(none)'}`;
  }
}

/**
 * The attack success rate, overall and per intent (weakest first), when the
 * adversarial generator ran; when it could not (the lexical recognizer), a
 * line saying so, so that no rate reads as measured when it was not.
 */
function attackLines(report: SimulationReport): string[] {
  const { run, attacks } = report;
  const skipped = MODEL_GUIDED_GENERATORS.filter((g) => !run.generators.includes(g));
  if (run.recognizer === 'lexical' && skipped.length > 0) {
    return ['', `Not run: ${skipped.join(', ')} (they need a model recognizer, e.g. --recognizer use); no attack success rate.`];
  }
  if (!run.generators.includes('adversarial')) return [];
  const lines = ['', `Adversarial attacks (small meaning-preserving changes that flip the intent): ${attacks.succeeded} of ${attacks.attacked} examples${attacks.rate !== null ? ` (${attacks.rate}%)` : ''}`];
  const broken = attacks.byIntent.filter((row) => row.succeeded > 0).sort((a, b) => b.rate! - a.rate! || (a.intent < b.intent ? -1 : 1));
  for (const row of broken.slice(0, 10)) lines.push(`  ${row.intent.padEnd(28)} ${row.succeeded}/${row.attacked} (${row.rate}%)`);
  const rest = attacks.byIntent.length - Math.min(broken.length, 10);
  if (rest > 0) lines.push(`  ${rest} more intent${rest === 1 ? '' : 's'}${broken.length > 10 ? '' : ' withstood every attack'}; --format json lists all`);
  return lines;
}

function rateText(rate: PassRate): string {
  return `${rate.passed}/${rate.total} passed${rate.rate !== null ? ` (${rate.rate}%)` : ''}`;
}
