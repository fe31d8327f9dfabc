/**
 * The flow graph as the studio draws it: a pure function from a flow file's
 * text (plus, optionally, the diagnostics and test coverage for that file) to
 * nodes and edges. No DOM and no layout here: `layoutGraph.ts` positions the
 * result and `FlowGraphView.tsx` draws it.
 *
 * It runs on every keystroke (debounced), so it is deliberately lenient: a
 * file that parses as YAML and looks like a flow (`kind: flow`, a `nodes`
 * mapping) gets a graph even while it has schema errors, because a half-typed
 * node (`new_node:` with nothing under it yet) must not make the graph vanish.
 * Fields of the wrong type are ignored rather than guessed at. Only text that
 * does not parse, or is not a flow, gives `{ ok: false, reason }`, and the view
 * then keeps showing the last good graph.
 *
 * What a node does and where it goes come from core's helpers (`nodeRole`,
 * `nodeSuccessors`, `isTerminal`, `reachableNodes`), so the graph, the checks,
 * the engine and coverage agree on one definition.
 */
import {
  edgeId,
  isTerminal,
  nodeRole,
  nodeSuccessors,
  parseYaml,
  reachableNodes,
  transitionId,
  type Diagnostic,
  type FlowNode,
  type NodeRole,
  type Range,
  type Severity,
  type SourceDocument,
} from '@colloquy/core';

/** `missing` stands for a node that a transition (or `start`) names but the flow does not declare. */
export type GraphNodeRole = NodeRole | 'missing';

export type GraphEdgeKind = 'next' | 'route' | 'on_fail';

export interface GraphProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface GraphNode {
  readonly id: string;
  readonly role: GraphNodeRole;
  /** One short line for the box: the first words of `ask`/`say`, else the table, action, queue or outcome. */
  readonly label: string;
  /**
   * Where the node is written: from its key to the end of its value (1-based
   * lines and columns, as core's `Range`). For a missing node, the first
   * reference to it, so revealing it shows the typo.
   */
  readonly range: Range;
  /** The first and last line the node occupies (what `nodeAtLine` matches). */
  readonly lines: { readonly start: number; readonly end: number };
  readonly isStart: boolean;
  /** `handoff` or `end`: the conversation finishes here. */
  readonly terminal: boolean;
  /** No path from `start` leads here (core's CQ300 definition). Never set for missing nodes. */
  readonly unreachable: boolean;
  /** The worst severity among the diagnostics that point into this node, if any. */
  readonly problemSeverity?: Severity;
  readonly problems: readonly GraphProblem[];
  /** With coverage: whether some test entered the node. Absent without coverage and for missing nodes. */
  readonly covered?: boolean;
}

export interface GraphEdge {
  /** Unique within the graph: `<from>-><to>` plus the way it is taken, e.g. `ask_consent->ask_last4 (route "true")`. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /** The route key for `route` edges, `on_fail` for failure edges, else absent. */
  readonly label?: string;
  /**
   * Written on a `handoff`/`end` node, so the runtime never follows it (the
   * node is reported as CQ303). Drawn faded and left out of coverage.
   */
  readonly ignored: boolean;
  /** The target is not a node of the flow. */
  readonly dangling: boolean;
  /** With coverage: whether some test took this transition. Absent without coverage and for ignored edges. */
  readonly covered?: boolean;
}

export interface CoverageSummary {
  readonly nodes: { readonly covered: number; readonly total: number };
  readonly transitions: { readonly covered: number; readonly total: number };
}

export interface FlowGraphModel {
  readonly ok: true;
  readonly path: string;
  /** The flow's `id` when it has a readable one. */
  readonly flowId?: string;
  readonly title?: string;
  /** The `start` node's id (which may be a missing node), or undefined when the flow has no `start` yet. */
  readonly start?: string;
  /** Declared nodes in file order, then missing nodes in order of first reference. */
  readonly nodes: readonly GraphNode[];
  /** In file order: per node, routes, then `next`, then `on_fail` (core's `nodeSuccessors` order). */
  readonly edges: readonly GraphEdge[];
  /** With coverage: how much of the graph the tests reached. */
  readonly coverage?: CoverageSummary;
  /**
   * Identifies the graph's shape (node ids and roles, edge ids, start). Two
   * models with the same key lay out identically, so a layout can be reused:
   * typing inside a message does not change it.
   */
  readonly structureKey: string;
}

export interface FlowGraphFailure {
  readonly ok: false;
  /** Why there is no graph, in words for the notice ("showing the last valid version: <reason>"). */
  readonly reason: string;
}

export type FlowGraphResult = FlowGraphModel | FlowGraphFailure;

/**
 * What the tests reached in this flow. `nodes` holds node ids; `transitions`
 * holds `"<from>-><to>"` (every transition between the two nodes counts as
 * taken) or an edge's exact `id` (just that one). See `graphCoverage.ts` for
 * building it from a test run.
 */
export interface GraphCoverage {
  readonly nodes: ReadonlySet<string>;
  readonly transitions: ReadonlySet<string>;
}

export interface FlowGraphInput {
  readonly text: string;
  /** The file's workspace path; diagnostics for other files are ignored. */
  readonly path: string;
  readonly diagnostics?: readonly Diagnostic[];
  readonly coverage?: GraphCoverage;
}

/** How many characters of a message the box shows before an ellipsis. */
const LABEL_MAX = 40;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

// Edge and transition ids are core's, shared with test coverage (Test & Simulate).
export { edgeId, transitionId } from '@colloquy/core';

/** Builds the graph model, or says why the text has none. Never throws for bad input. */
export function flowGraphModel(input: FlowGraphInput): FlowGraphResult {
  const parsed = parseYaml(input.path, input.text);
  const syntaxError = parsed.diagnostics.find((d) => d.severity === 'error');
  if (syntaxError) return failure(`line ${syntaxError.range.start.line}: ${syntaxError.message}`);
  const source = parsed.source;
  const data = parsed.data;
  if (!source || data === undefined) return failure('the file could not be read');
  if (data === null) return failure('the file is empty');
  if (!isRecord(data)) return failure('a flow file is a mapping that starts with `kind: flow`');
  if (data['kind'] !== 'flow') {
    return failure(data['kind'] === undefined ? 'the file has no `kind: flow`' : `this is a \`${String(data['kind'])}\` file, not a flow`);
  }
  const rawNodes = data['nodes'];
  if (!isRecord(rawNodes)) return failure('the flow has no `nodes` mapping');

  const nodes = new Map<string, FlowNode>();
  for (const [id, raw] of Object.entries(rawNodes)) nodes.set(id, sanitiseNode(raw));
  const flow = { nodes: Object.fromEntries(nodes), start: typeof data['start'] === 'string' ? data['start'] : '' };
  const start = flow.start === '' ? undefined : flow.start;
  // Core's CQ300 reports nothing when `start` is unknown (everything would be "unreachable"); do the same.
  const reached = start !== undefined && nodes.has(start) ? reachableNodes(flow) : undefined;
  const ranges = new Map([...nodes.keys()].map((id) => [id, nodeRange(source, id)] as const));
  const problems = problemsByNode(input, ranges);
  const coverage = input.coverage;

  const graphNodes: GraphNode[] = [];
  for (const [id, node] of nodes) {
    const range = ranges.get(id)!;
    const own = problems.get(id) ?? [];
    const worst = worstSeverity(own);
    graphNodes.push({
      id,
      role: nodeRole(node),
      label: nodeLabel(node),
      range,
      lines: lineSpan(range),
      isStart: id === start,
      terminal: isTerminal(node),
      unreachable: reached !== undefined && !reached.has(id),
      ...(worst ? { problemSeverity: worst } : {}),
      problems: own,
      ...(coverage ? { covered: coverage.nodes.has(id) } : {}),
    });
  }

  const edges: GraphEdge[] = [];
  const missing = new Map<string, Range>();
  for (const [from, node] of nodes) {
    const ignored = isTerminal(node);
    for (const transition of nodeSuccessors(node)) {
      const { to, via, key } = transition;
      const dangling = !nodes.has(to);
      if (dangling && !missing.has(to)) {
        const path = via === 'route' ? ['nodes', from, 'routes', key!] : ['nodes', from, via];
        missing.set(to, source.rangeOf(path));
      }
      const id = edgeId(from, to, via, key);
      const label = via === 'route' ? key : via === 'on_fail' ? 'on_fail' : undefined;
      edges.push({
        id,
        from,
        to,
        kind: via,
        ...(label !== undefined ? { label } : {}),
        ignored,
        dangling,
        ...(coverage && !ignored ? { covered: coverage.transitions.has(id) || coverage.transitions.has(transitionId(from, to)) } : {}),
      });
    }
  }
  if (start !== undefined && !nodes.has(start) && !missing.has(start)) missing.set(start, source.rangeOf(['start']));
  for (const [id, range] of missing) {
    graphNodes.push({
      id,
      role: 'missing',
      label: 'not declared in this flow',
      range,
      lines: lineSpan(range),
      isStart: id === start,
      terminal: false,
      unreachable: false,
      problems: [],
    });
  }

  const flowId = typeof data['id'] === 'string' ? data['id'] : undefined;
  const title = typeof data['title'] === 'string' ? data['title'] : undefined;
  return {
    ok: true,
    path: input.path,
    ...(flowId !== undefined ? { flowId } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(start !== undefined ? { start } : {}),
    nodes: graphNodes,
    edges,
    ...(coverage ? { coverage: summariseCoverage(graphNodes, edges) } : {}),
    structureKey: structureKey(start, graphNodes, edges),
  };
}

/**
 * The node written at `line` (1-based, as editors count), if any: the one
 * whose key or value spans the line. Blank lines and comments between nodes,
 * and lines outside `nodes`, give undefined. Missing nodes are never matched.
 */
export function nodeAtLine(model: Pick<FlowGraphModel, 'nodes'>, line: number): GraphNode | undefined {
  for (const node of model.nodes) {
    if (node.role === 'missing') continue;
    if (line >= node.lines.start && line <= node.lines.end) return node;
  }
  return undefined;
}

function failure(reason: string): FlowGraphFailure {
  return { ok: false, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keeps only the fields that have the type the schema gives them, so core's
 * helpers can read a half-typed node safely. A node that is not a mapping
 * (`new_node:` with nothing under it yet) is an empty `say` node.
 */
function sanitiseNode(raw: unknown): FlowNode {
  if (!isRecord(raw)) return {};
  const node: Record<string, unknown> = {};
  for (const field of ['ask', 'fill', 'reprompt', 'on_fail', 'decide', 'action', 'next', 'end'] as const) {
    if (typeof raw[field] === 'string') node[field] = raw[field];
  }
  if (typeof raw['say'] === 'string') node['say'] = raw['say'];
  else if (Array.isArray(raw['say']) && raw['say'].length > 0 && raw['say'].every((s) => typeof s === 'string')) node['say'] = raw['say'];
  if (typeof raw['retries'] === 'number') node['retries'] = raw['retries'];
  if (typeof raw['consent'] === 'boolean') node['consent'] = raw['consent'];
  // A handoff is a mapping, but while it is being typed it may be empty: it still hands over.
  if (raw['handoff'] !== undefined) node['handoff'] = isRecord(raw['handoff']) ? raw['handoff'] : {};
  // `end:` with no outcome typed yet still ends.
  if (raw['end'] === null) node['end'] = '';
  if (isRecord(raw['routes'])) {
    const routes: Record<string, string> = {};
    for (const [key, to] of Object.entries(raw['routes'])) if (typeof to === 'string') routes[key] = to;
    node['routes'] = routes;
  }
  return node as FlowNode;
}

function nodeLabel(node: FlowNode): string {
  if (node.ask !== undefined) return shorten(node.ask);
  const say = Array.isArray(node.say) ? node.say[0] : node.say;
  if (node.decide !== undefined) return `rules: ${node.decide}`;
  if (node.action !== undefined) return `action: ${node.action}`;
  if (node.handoff !== undefined) {
    const queue = typeof node.handoff.queue === 'string' ? node.handoff.queue : '?';
    return `to queue ${queue}`;
  }
  if (node.end !== undefined) return node.end === '' ? 'end' : `end: ${node.end}`;
  return say !== undefined ? shorten(say) : '';
}

/** The first words of a message, cut at a word boundary. */
function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= LABEL_MAX) return flat;
  const cut = flat.slice(0, LABEL_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > LABEL_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

function nodeRange(source: SourceDocument, id: string): Range {
  const key = source.keyRangeOf(['nodes', id]);
  const value = source.rangeOf(['nodes', id]);
  const end = value.end.offset >= key.end.offset ? value.end : key.end;
  return { start: key.start, end };
}

/** A block value's range ends at the start of the line after it; that line is not the node's. */
function lineSpan(range: Range): { start: number; end: number } {
  const start = range.start.line;
  let end = range.end.line;
  if (range.end.column === 1 && end > start) end -= 1;
  return { start, end };
}

/**
 * Attaches each diagnostic of this file to the node whose text it points
 * into. Diagnostics elsewhere in the file (intents, slots) belong to no node.
 */
function problemsByNode(input: FlowGraphInput, ranges: ReadonlyMap<string, Range>): Map<string, GraphProblem[]> {
  const result = new Map<string, GraphProblem[]>();
  const relevant = (input.diagnostics ?? []).filter((d) => d.file === input.path);
  if (relevant.length === 0) return result;
  const spans = [...ranges].map(([id, range]) => ({ id, range }));
  for (const d of relevant) {
    const offset = d.range.start.offset;
    const span = spans.find(({ range }) => offset >= range.start.offset && offset < Math.max(range.end.offset, range.start.offset + 1));
    if (!span) continue;
    let list = result.get(span.id);
    if (!list) result.set(span.id, (list = []));
    list.push({ code: d.code, severity: d.severity, message: d.message });
  }
  return result;
}

function worstSeverity(problems: readonly GraphProblem[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const p of problems) if (worst === undefined || SEVERITY_RANK[p.severity] < SEVERITY_RANK[worst]) worst = p.severity;
  return worst;
}

function summariseCoverage(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): CoverageSummary {
  const counted = nodes.filter((n) => n.covered !== undefined);
  const transitions = edges.filter((e) => e.covered !== undefined);
  return {
    nodes: { covered: counted.filter((n) => n.covered).length, total: counted.length },
    transitions: { covered: transitions.filter((e) => e.covered).length, total: transitions.length },
  };
}

function structureKey(start: string | undefined, nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  // JSON keeps ids with odd characters from colliding.
  return JSON.stringify([start ?? null, nodes.map((n) => [n.id, n.role]), edges.map((e) => e.id)]);
}
