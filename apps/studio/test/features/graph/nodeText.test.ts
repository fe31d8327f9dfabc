import { describe, expect, it } from 'vitest';
import { clip, describeNode, nodeTooltip } from '../../../src/features/graph/nodeText.ts';
import { flowText, modelOf } from './support.ts';

describe('what a node says about itself', () => {
  const model = modelOf(flowText('  first:\n    ask: "Is it OK?"\n    fill: ok\n    next: done\n  orphan: { say: "Nobody comes here", next: done }\n  done: { end: resolved }\n'), {
    coverage: { nodes: new Set(['first', 'done']), transitions: new Set() },
    diagnostics: [],
  });
  const node = (id: string) => model.nodes.find((n) => n.id === id)!;

  it('announces role, id, label and start', () => {
    expect(describeNode(node('first'))).toBe('ask node first, Is it OK?, start');
  });

  it('announces being unreachable and untested, which the drawing shows by style alone', () => {
    expect(describeNode(node('orphan'))).toBe('say node orphan, Nobody comes here, never reached from start, no test reaches it');
    expect(nodeTooltip(node('orphan'))).toContain('Never reached from start');
  });

  it('counts problems in the announcement and lists them in full on hover', () => {
    const withProblems = {
      ...node('first'),
      problems: [
        { code: 'CQ301', severity: 'error' as const, message: 'stuck here' },
        { code: 'CQ305', severity: 'warning' as const, message: 'odd route' },
        { code: 'CQ306', severity: 'error' as const, message: 'no slot' },
      ],
    };
    expect(describeNode(withProblems)).toContain('2 errors, 1 warning');
    expect(nodeTooltip(withProblems).split('\n')).toContain('error CQ301: stuck here');
  });

  it('clips long text with an ellipsis to the length asked for', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdefg', 6)).toBe('abcde…');
  });
});
