/**
 * Test suites against what they test: flows (CQ205), intents (CQ206), nodes
 * (CQ207), slots (CQ211), actions and outcomes (CQ209, CQ212), handoff queues
 * (CQ208) and context variables (CQ219).
 *
 * A turn's `node` and `slots` are looked up in the flow the turn expects
 * (`expect.flow`), else the suite's `flow`; a test that names neither is
 * checked against every flow. Names that might live in a file that failed to
 * load are not reported.
 *
 * A suite reads from flows only the names they declare, so its results are
 * kept while the suite, the agent file, the broken files and those names are
 * unchanged (flowNamesVersion.ts): editing a flow's messages re-checks no test.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { AgentFile, TurnExpectation } from '../../kinds/index.ts';
import type { PathSegment } from '../../source/sourceDocument.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { didYouMean } from '../../schema/closestName.ts';
import { mightBeBroken } from '../brokenFiles.ts';
import { flowNode } from '../flowGraph.ts';
import { flowNamesVersion } from '../flowNamesVersion.ts';
import { PerFileResults } from '../PerFileResults.ts';
import { quote, quoteList, report, suggestion } from '../report.ts';
import { usableAgent } from '../usableAgent.ts';

export function createTestReferencesCheck(): (workspace: Workspace) => readonly Diagnostic[] {
  const flowNames = flowNamesVersion();
  const results = new PerFileResults<LoadedFile<'test'>, Context>(
    ({ workspace, agent, flowNames }) => [agent, flowNames, workspace.broken],
    (_file, { workspace, agent, flowNames }) => [agent, flowNames, workspace.broken],
    (file, { names }) => new TestFileChecker(names(), file).check(),
  );
  return (workspace) => {
    if (workspace.tests.length === 0) return [];
    let names: WorkspaceNames | undefined;
    const context: Context = {
      workspace,
      agent: usableAgent(workspace),
      flowNames: flowNames(workspace.flows),
      // Built only if some suite needs re-checking, then shared by all of them.
      names: () => (names ??= new WorkspaceNames(workspace)),
    };
    return results.run(workspace.tests, context);
  };
}

interface Context {
  readonly workspace: Workspace;
  readonly agent: LoadedFile<'agent'> | undefined;
  /** Changes whenever a name a suite can refer to changes in some flow. */
  readonly flowNames: object;
  readonly names: () => WorkspaceNames;
}

/** What tests may refer to, with the workspace-wide sets built only when a test needs them. */
class WorkspaceNames {
  readonly agent: AgentFile | undefined;
  readonly anyFlowBroken: boolean;
  private nodes: Set<string> | undefined;
  private slots: Set<string> | undefined;

  constructor(readonly workspace: Workspace) {
    this.agent = usableAgent(workspace)?.data;
    this.anyFlowBroken = mightBeBroken(workspace, 'flow');
  }

  get allNodes(): Set<string> {
    this.nodes ??= new Set(this.workspace.flows.flatMap((f) => Object.keys(f.data.nodes)));
    return this.nodes;
  }

  get allSlots(): Set<string> {
    this.slots ??= new Set(this.workspace.flows.flatMap((f) => Object.keys(f.data.slots ?? {})));
    return this.slots;
  }
}

/** Where a turn's node and slots are looked up. */
type ExpectedFlow = { readonly kind: 'flow'; readonly flow: LoadedFile<'flow'> } | { readonly kind: 'any' } | { readonly kind: 'unknown' };

class TestFileChecker {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly workspace: Workspace;
  private readonly agent: AgentFile | undefined;
  private readonly anyFlowBroken: boolean;

  constructor(
    private readonly names: WorkspaceNames,
    private readonly file: LoadedFile<'test'>,
  ) {
    this.workspace = names.workspace;
    this.agent = names.agent;
    this.anyFlowBroken = names.anyFlowBroken;
  }

  check(): Diagnostic[] {
    const suite = this.file.data;
    if (suite.flow !== undefined) this.checkFlowName(suite.flow, ['flow'], 'the suite is about');
    this.checkContext(suite.context, ['context']);
    suite.tests.forEach((test, i) => {
      this.checkContext(test.context, ['tests', i, 'context']);
      this.checkActions(test.actions, ['tests', i, 'actions']);
      test.turns.forEach((turn, j) => {
        if (turn.expect) this.checkExpectation(turn.expect, ['tests', i, 'turns', j, 'expect'], suite.flow);
      });
    });
    return this.diagnostics;
  }

  private checkExpectation(expect: TurnExpectation, path: PathSegment[], suiteFlow: string | undefined): void {
    if (expect.intent !== undefined && !this.workspace.intentOwners.has(expect.intent) && !this.anyFlowBroken) {
      const message = `the test expects intent ${quote(expect.intent)}, which no flow declares${didYouMean(expect.intent, this.workspace.intentOwners.keys())}`;
      this.add('CQ206', [...path, 'intent'], message);
    }
    if (expect.flow !== undefined) this.checkFlowName(expect.flow, [...path, 'flow'], 'the test expects');
    const expected = this.expectedFlow(expect.flow ?? suiteFlow);
    if (expect.node !== undefined) this.checkNode(expect.node, [...path, 'node'], expected);
    for (const slot of Object.keys(expect.slots ?? {})) this.checkSlot(slot, [...path, 'slots', slot], expected);
    this.checkActions(expect.actions, [...path, 'actions']);
    if (expect.handoff !== undefined && this.agent && !Object.hasOwn(this.agent.queues, expect.handoff)) {
      const message = `the test expects a handoff to queue ${quote(expect.handoff)}, which is not declared under \`queues\` in agent.yaml${suggestion(expect.handoff, Object.keys(this.agent.queues))}`;
      this.add('CQ208', [...path, 'handoff'], message);
    }
  }

  private checkFlowName(name: string, path: PathSegment[], lead: string): void {
    if (this.workspace.flowsById.has(name) || mightBeBroken(this.workspace, 'flow', name)) return;
    this.add('CQ205', path, `${lead} flow ${quote(name)}, which does not exist${didYouMean(name, this.workspace.flowsById.keys())}`);
  }

  private expectedFlow(name: string | undefined): ExpectedFlow {
    if (name === undefined) return this.anyFlowBroken ? { kind: 'unknown' } : { kind: 'any' };
    const flow = this.workspace.flowsById.get(name);
    return flow ? { kind: 'flow', flow } : { kind: 'unknown' };
  }

  private checkNode(node: string, path: PathSegment[], expected: ExpectedFlow): void {
    if (expected.kind === 'unknown') return;
    if (expected.kind === 'flow') {
      const flow = expected.flow.data;
      if (flowNode(flow, node)) return;
      this.add('CQ207', path, `the test expects node ${quote(node)}, which is not a node of flow ${quote(flow.id)}${didYouMean(node, Object.keys(flow.nodes))}`);
      return;
    }
    if (this.names.allNodes.has(node)) return;
    this.add('CQ207', path, `the test expects node ${quote(node)}, which no flow declares${didYouMean(node, this.names.allNodes)}`);
  }

  private checkSlot(slot: string, path: PathSegment[], expected: ExpectedFlow): void {
    if (expected.kind === 'unknown') return;
    if (expected.kind === 'flow') {
      const flow = expected.flow.data;
      if (Object.hasOwn(flow.slots ?? {}, slot)) return;
      const message = `the test expects slot ${quote(slot)}, which is not a slot of flow ${quote(flow.id)}${suggestion(slot, Object.keys(flow.slots ?? {}))}`;
      this.add('CQ211', path, message, 'key');
      return;
    }
    if (this.names.allSlots.has(slot)) return;
    this.add('CQ211', path, `the test expects slot ${quote(slot)}, which no flow declares${didYouMean(slot, this.names.allSlots)}`, 'key');
  }

  private checkActions(actions: Readonly<Record<string, string>> | undefined, path: PathSegment[]): void {
    if (!actions || !this.agent) return;
    const catalogue = this.agent.actions ?? {};
    for (const [name, outcome] of Object.entries(actions)) {
      if (!Object.hasOwn(catalogue, name)) {
        const message = `action ${quote(name)} is not in the action catalogue (\`actions\` in agent.yaml)${suggestion(name, Object.keys(catalogue))}`;
        this.add('CQ209', [...path, name], message, 'key');
        continue;
      }
      const outcomes = catalogue[name]!.outcomes;
      if (outcomes.includes(outcome)) continue;
      const message = `action ${quote(name)} never reports ${quote(outcome)}; its outcomes are ${quoteList(outcomes)}${didYouMean(outcome, outcomes)}`;
      this.add('CQ212', [...path, name], message);
    }
  }

  private checkContext(context: Readonly<Record<string, unknown>> | undefined, path: PathSegment[]): void {
    if (!context || !this.agent) return;
    const declared = this.agent.context ?? {};
    for (const name of Object.keys(context)) {
      if (Object.hasOwn(declared, name)) continue;
      const where = Object.keys(declared).length > 0 ? `which is not declared under \`context\` in agent.yaml${suggestion(name, Object.keys(declared))}` : 'but agent.yaml declares no `context` variables';
      this.add('CQ219', [...path, name], `the test sets context variable ${quote(name)}, ${where}`, 'key');
    }
  }

  private add(code: 'CQ205' | 'CQ206' | 'CQ207' | 'CQ208' | 'CQ209' | 'CQ211' | 'CQ212' | 'CQ219', path: PathSegment[], message: string, part: 'key' | 'value' = 'value'): void {
    this.diagnostics.push(report(code, this.file.path, this.file.source.rangeOf(path, part), message));
  }
}
