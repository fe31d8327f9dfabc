/**
 * A simulation report, read for a designer: summary, pass rate by generator
 * and by intent (charts with a table each), the most confused intents, the
 * attack success rate, policy checks, the failing cases (each opens in Try
 * it), coverage per flow and the run's metadata. What each part means is in
 * docs/guides/simulate.md ("In the studio").
 *
 * Loaded lazily by the Simulate section the first time a report is shown, so
 * Try it and Tests open without it. Everything it shows is computed by
 * `reportModel.ts` (tested in Node); this file and its small components only
 * draw. It owns nothing that needs disposing.
 */
import { createMemo, type JSX } from 'solid-js';
import type { FailingCase, SimulationReport } from '@colloquy/simulator';
import type { CoverageByFlow } from '../flowCoverage.ts';
import { AttackResults } from './AttackResults.tsx';
import { ConfusionMatrixTable } from './ConfusionMatrixTable.tsx';
import { CoverageSection } from './CoverageSection.tsx';
import { FailingCases } from './FailingCases.tsx';
import { PassRateChart } from './PassRateChart.tsx';
import { PolicyResults } from './PolicyResults.tsx';
import { RunMetadata } from './RunMetadata.tsx';
import { attacksView, generatorChart, intentChart, matrixView, policyRows, reportSummary, runMetadata } from './reportModel.ts';
import './report.css';

export interface SimulationReportViewProps {
  readonly report: SimulationReport;
  /** The run's coverage per flow file; undefined when the flows it used could not be read. */
  readonly coverage: CoverageByFlow | undefined;
  /** Replays a failing case in Try it. */
  readonly onOpenCase: (failing: FailingCase) => void;
  /** Puts the run's coverage on the flow graph. */
  readonly onShowCoverage: () => void;
  /** Opens a flow file. */
  readonly onOpenFlow: (path: string) => void;
}

export default function SimulationReportView(props: SimulationReportViewProps): JSX.Element {
  const summary = createMemo(() => reportSummary(props.report));
  const overallCoverage = createMemo(() => {
    const overall = (props.report.coverage as { overall?: { percent?: unknown } }).overall;
    return typeof overall?.percent === 'number' ? overall.percent : undefined;
  });
  const openById = (id: string) => {
    const failing = props.report.failing.find((f) => f.id === id);
    if (failing) props.onOpenCase(failing);
  };
  const section = (id: string, title: string, body: JSX.Element) => (
    <section class="cq-report__section" aria-labelledby={`simulation-report-${id}`}>
      <h3 id={`simulation-report-${id}`}>{title}</h3>
      {body}
    </section>
  );

  return (
    <div class="cq-report" data-testid="simulation-report" data-report-hash={props.report.reportHash}>
      <p class="cq-report__summary" data-testid="simulation-summary" data-status={summary().passed ? 'passed' : 'failed'}>
        <span class="cq-report__icon" aria-hidden="true">
          {summary().passed ? '✓' : '✗'}
        </span>{' '}
        {summary().text}
      </p>
      <PassRateChart chart={generatorChart(props.report)} testId="simulation-chart-generators" />
      <PassRateChart chart={intentChart(props.report)} testId="simulation-chart-intents" />
      {section('confusion', 'Most confused intents', <ConfusionMatrixTable matrix={matrixView(props.report)} />)}
      {section('attacks', 'Attack success rate', <AttackResults attacks={attacksView(props.report)} />)}
      {section('policies', 'Policy checks', <PolicyResults rows={policyRows(props.report)} onOpenCase={openById} />)}
      {section(
        'failing',
        `Failing cases (${props.report.failing.length})`,
        <FailingCases report={props.report} onOpenCase={props.onOpenCase} />,
      )}
      {section(
        'coverage',
        'Coverage',
        <CoverageSection coverage={props.coverage} overall={overallCoverage()} onShowOnGraph={props.onShowCoverage} onOpenFlow={props.onOpenFlow} />,
      )}
      {section('run', 'Run', <RunMetadata rows={runMetadata(props.report)} />)}
    </div>
  );
}
