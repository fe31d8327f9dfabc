import { parseYaml, type Diagnostic } from '@colloquy/core';
import { describe, expect, it } from 'vitest';
import { flowGraphModel, nodeAtLine, type FlowGraphModel } from '../../../src/features/graph/flowGraphModel.ts';
import { BROKEN_FIXTURES, EXAMPLE_WORKSPACE, flowText, loadWorkspace, modelOf } from './support.ts';

/** The transitions written in the YAML, read straight from the data (not through core's helpers). */
function writtenEdges(text: string): string[] {
  const data = parseYaml('x.flow.yaml', text).data as { nodes: Record<string, Record<string, unknown>> };
  const edges: string[] = [];
  for (const [from, node] of Object.entries(data.nodes)) {
    for (const [key, to] of Object.entries((node['routes'] ?? {}) as Record<string, string>)) edges.push(`${from} -route ${key}-> ${to}`);
    if (typeof node['next'] === 'string') edges.push(`${from} -next-> ${node['next']}`);
    if (typeof node['on_fail'] === 'string') edges.push(`${from} -on_fail-> ${node['on_fail']}`);
  }
  return edges.sort();
}

function modelEdges(model: FlowGraphModel): string[] {
  return model.edges.map((e) => (e.kind === 'route' ? `${e.from} -route ${e.label}-> ${e.to}` : `${e.from} -${e.kind}-> ${e.to}`)).sort();
}

function expectedRole(node: Record<string, unknown>): string {
  for (const field of ['ask', 'decide', 'action', 'handoff', 'end']) if (node[field] !== undefined) return field;
  return 'say';
}

/** The node ids core reports as unreachable (CQ300) in `path`, located through the model. */
function unreachableFromDiagnostics(diagnostics: readonly Diagnostic[], path: string, model: FlowGraphModel): string[] {
  return diagnostics
    .filter((d) => d.file === path && d.code === 'CQ300')
    .map((d) => nodeAtLine(model, d.range.start.line)?.id ?? `<no node at line ${d.range.start.line}>`)
    .sort();
}

describe('flowGraphModel on the example flows', async () => {
  const workspace = await loadWorkspace(EXAMPLE_WORKSPACE);

  it('reads every example flow', () => {
    expect(workspace.flowFiles.length).toBeGreaterThanOrEqual(19);
  });

  for (const { path, text } of workspace.flowFiles) {
    it(`${path}: nodes, roles, edges and terminals match the YAML`, () => {
      const model = modelOf(text, { path });
      const data = parseYaml(path, text).data as { id: string; start: string; nodes: Record<string, Record<string, unknown>> };

      expect(model.flowId).toBe(data.id);
      expect(model.start).toBe(data.start);
      expect(model.nodes.map((n) => n.id)).toEqual(Object.keys(data.nodes));
      for (const node of model.nodes) {
        const raw = data.nodes[node.id]!;
        expect(node.role, node.id).toBe(expectedRole(raw));
        expect(node.terminal, node.id).toBe(raw['handoff'] !== undefined || raw['end'] !== undefined);
        expect(node.isStart, node.id).toBe(node.id === data.start);
        // The range starts at the node's key.
        expect(text.split('\n')[node.lines.start - 1]!.trim().startsWith(`${node.id}:`), node.id).toBe(true);
      }
      expect(modelEdges(model)).toEqual(writtenEdges(text));
      expect(model.edges.every((e) => !e.dangling)).toBe(true);
    });

    it(`${path}: unreachable nodes agree with core's CQ300`, () => {
      const model = modelOf(text, { path });
      const unreachable = model.nodes.filter((n) => n.unreachable).map((n) => n.id).sort();
      expect(unreachable).toEqual(unreachableFromDiagnostics(workspace.validation.diagnostics, path, model));
    });
  }
});

describe('flowGraphModel with problems', () => {
  it('marks the node core reports unreachable, and only that one', async () => {
    const { validation, flowFiles } = await loadWorkspace(`${BROKEN_FIXTURES}unreachable_node/`);
    const { path, text } = flowFiles[0]!;
    const model = modelOf(text, { path, diagnostics: validation.diagnostics });

    const fromCore = unreachableFromDiagnostics(validation.diagnostics, path, model);
    expect(fromCore).toEqual(['goodbye']);
    expect(model.nodes.filter((n) => n.unreachable).map((n) => n.id)).toEqual(fromCore);
    const goodbye = model.nodes.find((n) => n.id === 'goodbye')!;
    expect(goodbye.problemSeverity).toBe('warning');
    expect(goodbye.problems.map((p) => p.code)).toEqual(['CQ300']);
  });

  it('outlines a node with a role conflict as an error and fades the edge the runtime ignores', async () => {
    const { validation, flowFiles } = await loadWorkspace(`${BROKEN_FIXTURES}conflicting_roles/`);
    const { path, text } = flowFiles[0]!;
    const model = modelOf(text, { path, diagnostics: validation.diagnostics });

    const done = model.nodes.find((n) => n.id === 'done')!;
    expect(done.problemSeverity).toBe('error');
    expect(done.problems.map((p) => p.code)).toContain('CQ303');
    expect(done.terminal).toBe(true);
    const ignored = model.edges.filter((e) => e.from === 'done');
    expect(ignored.length).toBeGreaterThan(0);
    expect(ignored.every((e) => e.ignored)).toBe(true);
    // Nodes without diagnostics stay clean.
    expect(model.nodes.filter((n) => n.id !== 'done' && n.problemSeverity === 'error')).toEqual([]);
  });

  it('keeps the worst severity and ignores diagnostics of other files', () => {
    const text = flowText('  first:\n    say: hi\n    next: second\n  second:\n    end: resolved\n');
    const line = (l: number) => ({ start: { line: l, column: 3, offset: offsetOfLine(text, l) + 2 }, end: { line: l, column: 8, offset: offsetOfLine(text, l) + 7 } });
    const firstLine = text.split('\n').indexOf('  first:') + 1;
    const diagnostics: Diagnostic[] = [
      { code: 'CQ300', severity: 'warning', message: 'w', file: 'flows/test.flow.yaml', range: line(firstLine) },
      { code: 'CQ301', severity: 'error', message: 'e', file: 'flows/test.flow.yaml', range: line(firstLine + 1) },
      { code: 'CQ301', severity: 'error', message: 'elsewhere', file: 'flows/other.flow.yaml', range: line(firstLine + 3) },
    ];
    const model = modelOf(text, { diagnostics });
    expect(model.nodes.find((n) => n.id === 'first')!.problemSeverity).toBe('error');
    expect(model.nodes.find((n) => n.id === 'first')!.problems).toHaveLength(2);
    expect(model.nodes.find((n) => n.id === 'second')!.problemSeverity).toBeUndefined();
  });
});

function offsetOfLine(text: string, line: number): number {
  return text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
}

describe('flowGraphModel while typing', () => {
  it('gives a reason instead of a graph for text that does not parse', () => {
    const result = flowGraphModel({ text: flowText('  first:\n    say: "unterminated\n'), path: 'flows/x.flow.yaml' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^line \d+: /);
  });

  it.each([
    ['an empty file', ''],
    ['a list', '- a\n- b\n'],
    ['another kind', 'kind: rules\nversion: 1\n'],
    ['no kind', 'id: x\nnodes: {}\n'],
    ['nodes that are not a mapping', 'kind: flow\nnodes: [a, b]\n'],
  ])('has no graph for %s', (_name, text) => {
    expect(flowGraphModel({ text, path: 'flows/x.flow.yaml' }).ok).toBe(false);
  });

  it('still draws a flow with schema errors and a half-typed node', () => {
    const model = modelOf(flowText('  first:\n    say: hi\n    retries: lots\n    next: second\n  second:\n    end: resolved\n  new_node:\n'));
    expect(model.nodes.map((n) => [n.id, n.role])).toEqual([
      ['first', 'say'],
      ['second', 'end'],
      ['new_node', 'say'],
    ]);
    expect(model.nodes.find((n) => n.id === 'new_node')!.unreachable).toBe(true);
  });

  it('treats `end:` and `handoff:` with nothing typed after them as finishing', () => {
    const model = modelOf(flowText('  first:\n    end:\n  second:\n    handoff:\n'));
    expect(model.nodes.map((n) => [n.role, n.terminal])).toEqual([
      ['end', true],
      ['handoff', true],
    ]);
  });

  it('draws a dangling target as a missing node, revealed at the reference', () => {
    const text = flowText('  first:\n    ask: "Which one?"\n    fill: choice\n    routes: { a: second, b: secnd }\n  second:\n    end: resolved\n');
    const model = modelOf(text);
    const missing = model.nodes.find((n) => n.id === 'secnd')!;
    expect(missing.role).toBe('missing');
    expect(missing.unreachable).toBe(false);
    expect(text.split('\n')[missing.range.start.line - 1]).toContain('secnd');
    const edge = model.edges.find((e) => e.to === 'secnd')!;
    expect(edge).toMatchObject({ from: 'first', kind: 'route', label: 'b', dangling: true });
    // The cursor on the reference line is inside `first`, not on the missing node.
    expect(nodeAtLine(model, missing.range.start.line)?.id).toBe('first');
  });

  it('draws an unknown start as a missing start node and reports nothing unreachable, as core does', () => {
    const model = modelOf(flowText('  first:\n    end: resolved\n', { start: 'frist' }));
    const start = model.nodes.find((n) => n.id === 'frist')!;
    expect(start).toMatchObject({ role: 'missing', isStart: true });
    expect(model.nodes.some((n) => n.unreachable)).toBe(false);
  });

  it('labels nodes with the first words of what they say or do', () => {
    const model = modelOf(
      flowText(
        [
          '  first:',
          '    say: "I am sorry to hear that. Let us freeze the card now so that nobody else can use it."',
          '    next: ask',
          '  ask:',
          '    say: "Hello"',
          '    ask: "What are the last 4 digits?"',
          '    fill: digits',
          '    next: check',
          '  check: { decide: card_freeze, next: act }',
          '  act: { action: cards.freeze, next: out }',
          '  out: { handoff: { queue: cards, reason: r } }',
          '',
        ].join('\n'),
      ),
    );
    const labels = Object.fromEntries(model.nodes.map((n) => [n.id, n.label]));
    // Cut at a word boundary within 40 characters.
    expect(labels['first']).toBe('I am sorry to hear that. Let us freeze…');
    expect(labels).toMatchObject({ ask: 'What are the last 4 digits?', check: 'rules: card_freeze', act: 'action: cards.freeze', out: 'to queue cards' });
  });
});

describe('structureKey', () => {
  const base = flowText('  first:\n    say: "Hello there"\n    next: second\n  second:\n    end: resolved\n');

  it('does not change when only a message changes', () => {
    expect(modelOf(base.replace('Hello there', 'Hello there, how are you?')).structureKey).toBe(modelOf(base).structureKey);
  });

  it('changes when a transition, a node or the start changes', () => {
    const key = modelOf(base).structureKey;
    expect(modelOf(base.replace('next: second', 'next: third')).structureKey).not.toBe(key);
    expect(modelOf(`${base}  third:\n    end: resolved\n`).structureKey).not.toBe(key);
    expect(modelOf(base.replace('start: first', 'start: second')).structureKey).not.toBe(key);
  });
});

describe('nodeAtLine', async () => {
  const { flowFiles } = await loadWorkspace(EXAMPLE_WORKSPACE);
  const { path, text } = flowFiles.find((f) => f.path.endsWith('card_lost.flow.yaml'))!;
  const lines = text.split('\n');
  const lineOf = (content: string, from = 0) => lines.findIndex((l, i) => i >= from && l === content) + 1;
  const model = modelOf(text, { path });

  it('finds the node on its key line and on every line of its body', () => {
    const key = lineOf('  ask_last4:');
    const next = lineOf('  check_risk:');
    expect(nodeAtLine(model, key)?.id).toBe('ask_last4');
    expect(nodeAtLine(model, key + 1)?.id).toBe('ask_last4');
    expect(nodeAtLine(model, lineOf('    next: check_risk', key))?.id).toBe('ask_last4');
    expect(nodeAtLine(model, next)?.id).toBe('check_risk');
  });

  it('finds a node written on one line', () => {
    const model = modelOf(flowText('  first: { say: hi, next: second }\n  second: { end: resolved }\n'));
    expect(nodeAtLine(model, model.nodes[0]!.lines.start)?.id).toBe('first');
    expect(nodeAtLine(model, model.nodes[1]!.lines.start)?.id).toBe('second');
  });

  it('finds nothing between nodes or outside `nodes`', () => {
    expect(nodeAtLine(model, lineOf('  check_risk:') - 1)).toBeUndefined(); // the blank line before it
    expect(nodeAtLine(model, 1)).toBeUndefined();
    expect(nodeAtLine(model, lineOf('start: reassure'))).toBeUndefined();
    expect(nodeAtLine(model, lines.length + 10)).toBeUndefined();
  });

  it('covers the last node down to its last line', () => {
    const last = model.nodes.filter((n) => n.role !== 'missing').at(-1)!;
    const lastText = lines.findLastIndex((l) => l.trim() !== '') + 1;
    expect(last.lines.end).toBe(lastText);
    expect(nodeAtLine(model, lastText)?.id).toBe(last.id);
  });
});

describe('coverage on the model', () => {
  const text = flowText(
    [
      '  first:',
      '    ask: "Yes or no?"',
      '    fill: answer',
      '    on_fail: out',
      '    routes: { "true": yes, "false": out }',
      '  yes: { say: "Good", next: done }',
      '  done: { end: resolved }',
      '  out: { handoff: { queue: q, reason: r }, next: done }',
      '',
    ].join('\n'),
  );

  it('marks what the tests reached, by "from->to" or by exact edge id', () => {
    const model = modelOf(text, {
      coverage: { nodes: new Set(['first', 'yes', 'done']), transitions: new Set(['first->yes', 'yes->done (next)']) },
    });
    expect(Object.fromEntries(model.nodes.map((n) => [n.id, n.covered]))).toEqual({ first: true, yes: true, done: true, out: false });
    const covered = Object.fromEntries(model.edges.map((e) => [e.id, e.covered]));
    expect(covered).toEqual({
      'first->yes (route "true")': true,
      'first->out (route "false")': false,
      'first->out (on_fail)': false,
      'yes->done (next)': true,
      // Written on a handoff: the runtime never follows it, so it is not counted.
      'out->done (next)': undefined,
    });
    expect(model.coverage).toEqual({ nodes: { covered: 3, total: 4 }, transitions: { covered: 2, total: 4 } });
  });

  it('"from->to" covers every transition between the two nodes', () => {
    const model = modelOf(text, { coverage: { nodes: new Set(), transitions: new Set(['first->out']) } });
    expect(model.edges.filter((e) => e.covered).map((e) => e.id)).toEqual(['first->out (route "false")', 'first->out (on_fail)']);
  });

  it('has no coverage fields without coverage', () => {
    const model = modelOf(text);
    expect(model.coverage).toBeUndefined();
    expect(model.nodes.every((n) => n.covered === undefined)).toBe(true);
    expect(model.edges.every((e) => e.covered === undefined)).toBe(true);
  });
});
