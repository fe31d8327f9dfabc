/**
 * The document outline shown in the side bar: per file kind, what a designer
 * navigates by. Feeds Monaco's `registerDocumentSymbolProvider` (see
 * README.md). Built from the same lenient parse as the index, so a file that
 * is halfway through an edit still has an outline.
 */
import { nodeRole, type FlowNode, type PathSegment, type Range, type SourceDocument } from '@colloquy/core';
import { entries, isRecord, items, spanning, stringAt, type FileSymbols } from './indexFile.ts';
import type { SymbolIndex } from './symbolIndex.ts';

/** What an outline entry is; README.md maps each to a Monaco `SymbolKind`. */
export type OutlineKind =
  | 'flow'
  | 'intent'
  | 'slot'
  | 'node'
  | 'table'
  | 'input'
  | 'output'
  | 'row'
  | 'suite'
  | 'testCase'
  | 'agent'
  | 'queue'
  | 'action'
  | 'context'
  | 'topic'
  | 'policy'
  /** A section that groups entries: `intents`, `nodes`, `inputs`… */
  | 'section';

export interface OutlineSymbol {
  readonly name: string;
  /** A short description beside the name: a node's role, a slot's type, a test's title. */
  readonly detail: string;
  readonly kind: OutlineKind;
  /** The whole entry, key and value: the editor highlights it and finds the enclosing symbol with it. */
  readonly range: Range;
  /** The name: what is selected when the entry is picked. */
  readonly selectionRange: Range;
  readonly children: readonly OutlineSymbol[];
}

const cache = new WeakMap<FileSymbols, readonly OutlineSymbol[]>();

/** The outline of one indexed file; empty for a file the index does not hold or could not read. */
export function outlineOf(index: SymbolIndex, path: string): readonly OutlineSymbol[] {
  const file = index.file(path);
  return file ? outlineOfFile(file) : [];
}

/** The outline of a file's symbols (cached per file version). */
export function outlineOfFile(file: FileSymbols): readonly OutlineSymbol[] {
  let outline = cache.get(file);
  if (!outline) {
    outline = buildOutline(file);
    cache.set(file, outline);
  }
  return outline;
}

function buildOutline(file: FileSymbols): readonly OutlineSymbol[] {
  const { data, source, kind } = file;
  if (!source || !isRecord(data) || kind === undefined) return [];
  const b = new OutlineBuilder(source, file.path);
  switch (kind) {
    case 'flow':
      return [flowOutline(b, data)];
    case 'rules':
      return [rulesOutline(b, data)];
    case 'test':
      return [testOutline(b, data)];
    case 'agent':
      return [agentOutline(b, data)];
    case 'policy':
      return [policyOutline(b, data)];
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function flowOutline(b: OutlineBuilder, flow: Record<string, unknown>): OutlineSymbol {
  const intents = entries(flow['intents']).map(([name, intent]) => {
    const examples = isRecord(intent) && Array.isArray(intent['examples']) ? intent['examples'].length : 0;
    return b.keyed(name, 'intent', ['intents', name], `${examples} example${examples === 1 ? '' : 's'}`);
  });
  const slots = entries(flow['slots']).map(([name, slot]) => {
    const type = isRecord(slot) ? stringAt(slot, 'type') : undefined;
    const pii = isRecord(slot) && slot['pii'] === true ? ', personal data' : '';
    return b.keyed(name, 'slot', ['slots', name], `${type ?? ''}${pii}`);
  });
  const start = stringAt(flow, 'start');
  const nodes = entries(flow['nodes']).map(([id, node]) => {
    const role = isRecord(node) ? nodeRole(node as FlowNode) : 'say';
    return b.keyed(id, 'node', ['nodes', id], id === start ? `${role}, start` : role);
  });
  return b.root(flow, 'flow', stringAt(flow, 'title'), [
    b.section('intents', intents),
    b.section('slots', slots),
    b.section('nodes', nodes),
  ]);
}

function rulesOutline(b: OutlineBuilder, table: Record<string, unknown>): OutlineSymbol {
  const column = (section: 'inputs' | 'outputs', kind: 'input' | 'output') =>
    items(table[section]).flatMap(([i, item]) => {
      const name = isRecord(item) ? stringAt(item, 'name') : undefined;
      if (name === undefined) return [];
      return [b.item(name, kind, [section, i], [section, i, 'name'], (isRecord(item) && stringAt(item, 'type')) || '')];
    });
  const rows = items(table['rules']).map(([i, row]) => {
    const id = isRecord(row) ? stringAt(row, 'id') : undefined;
    const name = id ?? `row ${i + 1}`;
    return b.item(name, 'row', ['rules', i], id !== undefined ? ['rules', i, 'id'] : ['rules', i], isRecord(row) ? rowSummary(row) : '');
  });
  const hitPolicy = stringAt(table, 'hit_policy');
  return b.root(table, 'table', hitPolicy !== undefined ? `hit policy ${hitPolicy}` : undefined, [
    b.section('inputs', column('inputs', 'input')),
    b.section('outputs', column('outputs', 'output')),
    b.section('rules', rows),
  ]);
}

/** `when fraud_score >= 0.8 → decision escalate`, shortened. */
function rowSummary(row: Record<string, unknown>): string {
  const when = entries(row['when']).map(([k, v]) => `${k} ${String(v)}`);
  const then = entries(row['then']).map(([k, v]) => `${k} ${String(v)}`);
  const text = `${when.length > 0 ? when.join(', ') : 'always'} → ${then.join(', ')}`;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function testOutline(b: OutlineBuilder, suite: Record<string, unknown>): OutlineSymbol {
  const cases = items(suite['tests']).map(([i, test]) => {
    const id = isRecord(test) ? stringAt(test, 'id') : undefined;
    const title = isRecord(test) ? stringAt(test, 'title') : undefined;
    const turns = isRecord(test) && Array.isArray(test['turns']) ? test['turns'].length : 0;
    const detail = title ?? `${turns} turn${turns === 1 ? '' : 's'}`;
    return b.item(id ?? `test ${i + 1}`, 'testCase', ['tests', i], id !== undefined ? ['tests', i, 'id'] : ['tests', i], detail);
  });
  const flow = stringAt(suite, 'flow');
  return b.root(suite, 'suite', stringAt(suite, 'title') ?? (flow !== undefined ? `flow ${flow}` : undefined), cases);
}

function agentOutline(b: OutlineBuilder, agent: Record<string, unknown>): OutlineSymbol {
  const section = (key: string, kind: OutlineKind, detail: (value: unknown) => string) =>
    b.section(key, entries(agent[key]).map(([name, value]) => b.keyed(name, kind, [key, name], detail(value))));
  const field = (name: string) => (value: unknown) => (isRecord(value) ? (stringAt(value, name) ?? '') : '');
  const outcomes = (value: unknown) => {
    const list = isRecord(value) && Array.isArray(value['outcomes']) ? value['outcomes'] : [];
    return list.map(String).join(' | ');
  };
  const name = stringAt(agent, 'name');
  const children = [
    section('queues', 'queue', field('title')),
    section('actions', 'action', outcomes),
    section('context', 'context', field('type')),
    section('topics', 'topic', field('description')),
  ];
  const whole = b.source.rangeAt(0, b.source.text.length);
  const selection = name !== undefined ? b.source.rangeOf(['name']) : b.source.keyRangeOf(['kind']);
  return { name: name ?? 'agent', detail: 'agent', kind: 'agent', range: whole, selectionRange: selection, children: children.filter((c) => c.children.length > 0) };
}

function policyOutline(b: OutlineBuilder, policy: Record<string, unknown>): OutlineSymbol {
  const check = policy['check'];
  const type = isRecord(check) ? stringAt(check, 'type') : undefined;
  return b.root(policy, 'policy', type, []);
}

class OutlineBuilder {
  constructor(
    readonly source: SourceDocument,
    private readonly path: string,
  ) {}

  /** The file's symbol: named by its `id` (else its file name), spanning the whole document. */
  root(data: Record<string, unknown>, kind: OutlineKind, detail: string | undefined, children: OutlineSymbol[]): OutlineSymbol {
    const id = stringAt(data, 'id');
    const fileName = this.path.slice(this.path.lastIndexOf('/') + 1);
    const whole = this.source.rangeAt(0, this.source.text.length);
    const selection = id !== undefined ? this.source.rangeOf(['id']) : this.source.rangeAt(0, 0);
    return { name: id ?? fileName, detail: detail ?? '', kind, range: whole, selectionRange: selection, children: children.filter((c) => c.kind !== 'section' || c.children.length > 0) };
  }

  /** A section key (`nodes:`) holding its entries. */
  section(key: string, children: OutlineSymbol[]): OutlineSymbol {
    const keyRange = this.source.keyRangeOf([key]);
    const value = this.source.rangeOf([key]);
    const range = spanning(this.source, keyRange.start.offset, Math.max(keyRange.end.offset, value.end.offset));
    return { name: key, detail: `${children.length}`, kind: 'section', range, selectionRange: keyRange, children };
  }

  /** An entry declared as a key: `ask_consent: {…}`. */
  keyed(name: string, kind: OutlineKind, path: PathSegment[], detail: string): OutlineSymbol {
    const key = this.source.keyRangeOf(path);
    const value = this.source.rangeOf(path);
    const range = spanning(this.source, key.start.offset, Math.max(key.end.offset, value.end.offset));
    return { name, detail, kind, range, selectionRange: key, children: [] };
  }

  /** A list item named by one of its fields: `- name: fraud_score`. */
  item(name: string, kind: OutlineKind, path: PathSegment[], namePath: PathSegment[], detail: string): OutlineSymbol {
    const whole = this.source.rangeOf(path);
    const range = spanning(this.source, whole.start.offset, whole.end.offset);
    const selection = this.source.rangeOf(namePath);
    return { name, detail, kind, range, selectionRange: selection, children: [] };
  }
}
