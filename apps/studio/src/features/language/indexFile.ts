/**
 * The symbols of one file: every definition and reference with the exact range
 * of its name. Which fields count as references follows core's cross-file
 * checks (packages/core/src/checks/references/): a name that core resolves
 * against a declaration is a reference here, bound the same way core looks it
 * up (see `Binding`).
 *
 * Works on whatever the lenient parse could read, and checks every value's type
 * itself: a file that fails its schema still has symbols.
 */
import { isFileKind, type FileKind, type PathSegment, type Range, type SourceDocument } from '@colloquy/core';
import { parseLeniently } from './parseLeniently.ts';
import type { Binding, FlowHint, SymbolDefinition, SymbolKind, SymbolReference } from './types.ts';

export interface FileSymbols {
  readonly path: string;
  /** The text the symbols were read from, without a byte-order mark: every range and offset refers to it. */
  readonly text: string;
  /** The file's kind, from its `kind:` or else its name; `undefined` for files that are neither. */
  readonly kind: FileKind | undefined;
  /** What the lenient parse read (plain data), for the outline. */
  readonly data: unknown;
  readonly source: SourceDocument | undefined;
  /** Definitions and references, each in file order. */
  readonly definitions: readonly SymbolDefinition[];
  readonly references: readonly SymbolReference[];
}

export function indexFile(path: string, content: string): FileSymbols {
  // Core's parser drops a byte-order mark; so do we, or every offset would be one out.
  const text = withoutByteOrderMark(content);
  const parsed = parseLeniently(path, text);
  const kind = kindOf(path, parsed.data);
  const empty = { path, text, kind, data: parsed.data, source: parsed.source, definitions: [], references: [] };
  if (!parsed.source || !isRecord(parsed.data) || kind === undefined) return empty;
  const collector = new Collector(path, parsed.source);
  const data = parsed.data;
  switch (kind) {
    case 'flow':
      collectFlow(collector, data);
      break;
    case 'rules':
      collectRules(collector, data);
      break;
    case 'policy':
      collectPolicy(collector, data);
      break;
    case 'test':
      collectTest(collector, data);
      break;
    case 'agent':
      collectAgent(collector, data);
      break;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
  const byOffset = (a: { range: Range }, b: { range: Range }) => a.range.start.offset - b.range.start.offset;
  return { ...empty, definitions: collector.definitions.sort(byOffset), references: collector.references.sort(byOffset) };
}

export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const SUFFIXES: readonly [string, FileKind][] = [
  ['.flow.yaml', 'flow'],
  ['.rules.yaml', 'rules'],
  ['.policy.yaml', 'policy'],
  ['.test.yaml', 'test'],
];

function kindOf(path: string, data: unknown): FileKind | undefined {
  const declared = isRecord(data) ? data['kind'] : undefined;
  if (isFileKind(declared)) return declared;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'agent.yaml') return 'agent';
  return SUFFIXES.find(([suffix]) => name.endsWith(suffix))?.[1];
}

// ---------------------------------------------------------------------------
// Per kind

function collectFlow(c: Collector, flow: Record<string, unknown>): void {
  const flowId = stringAt(flow, 'id');
  if (flowId !== undefined) c.valueDefinition('flow', flowId, ['id'], '');
  for (const [intent, definition] of entries(flow['intents'])) {
    c.keyDefinition('intent', intent, ['intents', intent], '', flowId);
    if (isRecord(definition)) {
      strings(definition['topics']).forEach(([i, topic]) => c.valueReference(topic, ['intents', intent, 'topics', i], { type: 'global', kind: 'topic' }));
    }
  }
  for (const [slot] of entries(flow['slots'])) c.keyDefinition('slot', slot, ['slots', slot], c.path, flowId);
  const start = stringAt(flow, 'start');
  const node: Binding = { type: 'local', kind: 'node' };
  if (start !== undefined) c.valueReference(start, ['start'], node);
  const nodes = entries(flow['nodes']);
  const tables = new Set<string>();
  for (const [, value] of nodes) {
    const decide = isRecord(value) ? stringAt(value, 'decide') : undefined;
    if (decide !== undefined) tables.add(decide);
  }
  const placeholder: Binding = { type: 'placeholder', tables: [...tables] };
  for (const [id, value] of nodes) {
    c.keyDefinition('node', id, ['nodes', id], c.path, flowId);
    if (!isRecord(value)) continue;
    const at = (...rest: PathSegment[]): PathSegment[] => ['nodes', id, ...rest];
    for (const field of ['next', 'on_fail'] as const) {
      const target = stringAt(value, field);
      if (target !== undefined) c.valueReference(target, at(field), node);
    }
    for (const [key, target] of entries(value['routes'])) {
      if (typeof target === 'string') c.valueReference(target, at('routes', key), node);
    }
    const fill = stringAt(value, 'fill');
    if (fill !== undefined) c.valueReference(fill, at('fill'), { type: 'local', kind: 'slot' });
    const decide = stringAt(value, 'decide');
    if (decide !== undefined) c.valueReference(decide, at('decide'), { type: 'global', kind: 'table' });
    const action = stringAt(value, 'action');
    if (action !== undefined) c.valueReference(action, at('action'), { type: 'global', kind: 'action' });
    const handoff = value['handoff'];
    if (isRecord(handoff)) {
      const queue = stringAt(handoff, 'queue');
      if (queue !== undefined) c.valueReference(queue, at('handoff', 'queue'), { type: 'global', kind: 'queue' });
      c.placeholders(handoff['say'], at('handoff', 'say'), placeholder);
    }
    const say = value['say'];
    if (Array.isArray(say)) say.forEach((message, i) => c.placeholders(message, at('say', i), placeholder));
    else c.placeholders(say, at('say'), placeholder);
    c.placeholders(value['ask'], at('ask'), placeholder);
    c.placeholders(value['reprompt'], at('reprompt'), placeholder);
  }
}

function collectRules(c: Collector, table: Record<string, unknown>): void {
  const tableId = stringAt(table, 'id');
  if (tableId !== undefined) c.valueDefinition('table', tableId, ['id'], '');
  const input: Binding = { type: 'tableInput', tableId };
  items(table['inputs']).forEach(([i, column]) => {
    const name = isRecord(column) ? stringAt(column, 'name') : undefined;
    if (name !== undefined) c.valueReference(name, ['inputs', i, 'name'], input);
  });
  items(table['outputs']).forEach(([i, column]) => {
    const name = isRecord(column) ? stringAt(column, 'name') : undefined;
    if (name !== undefined) c.valueDefinition('output', name, ['outputs', i, 'name'], c.path, tableId, ['outputs', i]);
  });
  items(table['rules']).forEach(([i, row]) => {
    if (!isRecord(row)) return;
    for (const [name] of entries(row['when'])) c.keyReference(name, ['rules', i, 'when', name], input);
    for (const [name] of entries(row['then'])) c.keyReference(name, ['rules', i, 'then', name], { type: 'local', kind: 'output' });
  });
}

function collectPolicy(c: Collector, policy: Record<string, unknown>): void {
  const policyId = stringAt(policy, 'id');
  if (policyId !== undefined) c.valueDefinition('policy', policyId, ['id'], '');
  const check = policy['check'];
  if (isRecord(check)) {
    strings(check['topics']).forEach(([i, topic]) => c.valueReference(topic, ['check', 'topics', i], { type: 'global', kind: 'topic' }));
  }
}

function collectTest(c: Collector, suite: Record<string, unknown>): void {
  const suiteId = stringAt(suite, 'id');
  if (suiteId !== undefined) c.valueDefinition('suite', suiteId, ['id'], '');
  const suiteFlow = stringAt(suite, 'flow');
  if (suiteFlow !== undefined) c.valueReference(suiteFlow, ['flow'], { type: 'global', kind: 'flow' });
  const context = (value: unknown, path: PathSegment[]) => {
    for (const [name] of entries(value)) c.keyReference(name, [...path, name], { type: 'global', kind: 'context' });
  };
  const actions = (value: unknown, path: PathSegment[]) => {
    for (const [name] of entries(value)) c.keyReference(name, [...path, name], { type: 'global', kind: 'action' });
  };
  context(suite['context'], ['context']);
  items(suite['tests']).forEach(([i, test]) => {
    if (!isRecord(test)) return;
    const testId = stringAt(test, 'id');
    if (testId !== undefined) c.valueDefinition('testCase', testId, ['tests', i, 'id'], c.path, suiteId, ['tests', i]);
    context(test['context'], ['tests', i, 'context']);
    actions(test['actions'], ['tests', i, 'actions']);
    // Where the conversation probably is, for a turn that names no flow (see `FlowHint`).
    let hint: FlowHint | undefined;
    items(test['turns']).forEach(([j, turn]) => {
      const expect = isRecord(turn) ? turn['expect'] : undefined;
      if (!isRecord(expect)) return;
      const path: PathSegment[] = ['tests', i, 'turns', j, 'expect'];
      const intent = stringAt(expect, 'intent');
      if (intent !== undefined) c.valueReference(intent, [...path, 'intent'], { type: 'global', kind: 'intent' });
      const flow = stringAt(expect, 'flow');
      if (flow !== undefined) c.valueReference(flow, [...path, 'flow'], { type: 'global', kind: 'flow' });
      if (flow !== undefined) hint = { flowId: flow };
      else if (intent !== undefined) hint = { intent };
      // Core looks a turn's node and slots up in `expect.flow`, else the suite's `flow`, else in every flow.
      const turnFlow = flow ?? suiteFlow;
      const binding = (kind: 'node' | 'slot'): Binding =>
        turnFlow !== undefined ? { type: 'flow', kind, flowId: turnFlow } : hint ? { type: 'anyFlow', kind, hint } : { type: 'anyFlow', kind };
      const node = stringAt(expect, 'node');
      if (node !== undefined) c.valueReference(node, [...path, 'node'], binding('node'));
      for (const [slot] of entries(expect['slots'])) c.keyReference(slot, [...path, 'slots', slot], binding('slot'));
      actions(expect['actions'], [...path, 'actions']);
      const queue = stringAt(expect, 'handoff');
      if (queue !== undefined) c.valueReference(queue, [...path, 'handoff'], { type: 'global', kind: 'queue' });
    });
  });
}

function collectAgent(c: Collector, agent: Record<string, unknown>): void {
  const sections: readonly [string, SymbolKind][] = [
    ['queues', 'queue'],
    ['actions', 'action'],
    ['context', 'context'],
    ['topics', 'topic'],
  ];
  for (const [section, kind] of sections) {
    for (const [name] of entries(agent[section])) c.keyDefinition(kind, name, [section, name], '');
  }
  const context: Binding = { type: 'global', kind: 'context' };
  c.placeholders(agent['greeting'], ['greeting'], context);
  const fallback = agent['fallback'];
  if (isRecord(fallback)) {
    c.placeholders(fallback['say'], ['fallback', 'say'], context);
    const handoff = fallback['handoff'];
    if (isRecord(handoff)) {
      const queue = stringAt(handoff, 'queue');
      if (queue !== undefined) c.valueReference(queue, ['fallback', 'handoff', 'queue'], { type: 'global', kind: 'queue' });
      c.placeholders(handoff['say'], ['fallback', 'handoff', 'say'], context);
    }
  }
  const approval = agent['approval'];
  if (isRecord(approval)) {
    items(approval['rules']).forEach(([i, rule]) => {
      const when = isRecord(rule) ? rule['when'] : undefined;
      if (!isRecord(when)) return;
      strings(when['topics']).forEach(([j, topic]) =>
        c.valueReference(topic, ['approval', 'rules', i, 'when', 'topics', j], { type: 'global', kind: 'topic' }),
      );
    });
  }
}

// ---------------------------------------------------------------------------
// Collecting with positions

/** `{` + an identifier + `}`: the same definition as core's `findPlaceholders`. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

class Collector {
  readonly definitions: SymbolDefinition[] = [];
  readonly references: SymbolReference[] = [];

  constructor(
    readonly path: string,
    private readonly source: SourceDocument,
  ) {}

  /** A name declared as a key: `nodes: { ask_consent: … }`. */
  keyDefinition(kind: SymbolKind, name: string, path: PathSegment[], scope: string, container?: string): void {
    const key = this.source.keyRangeOf(path);
    const value = this.source.rangeOf(path);
    const fullRange = spanning(this.source, key.start.offset, Math.max(key.end.offset, value.end.offset));
    const located = this.locate(key, name);
    this.definitions.push({ role: 'definition', kind, name, path: this.path, range: located.range, fullRange, scope, ...(container !== undefined ? { container } : {}), exact: located.exact });
  }

  /** A name declared as a value: `id: card_lost`; the full range is `entryPath`'s (default: the key and value). */
  valueDefinition(kind: SymbolKind, name: string, path: PathSegment[], scope: string, container?: string, entryPath?: PathSegment[]): void {
    const value = this.source.rangeOf(path);
    const located = this.locate(value, name);
    let fullRange: Range;
    if (entryPath) {
      const entry = this.source.rangeOf(entryPath);
      fullRange = spanning(this.source, entry.start.offset, entry.end.offset);
    } else {
      const key = this.source.keyRangeOf(path);
      fullRange = spanning(this.source, Math.min(key.start.offset, value.start.offset), Math.max(key.end.offset, value.end.offset));
    }
    this.definitions.push({ role: 'definition', kind, name, path: this.path, range: located.range, fullRange, scope, ...(container !== undefined ? { container } : {}), exact: located.exact });
  }

  valueReference(name: string, path: PathSegment[], binding: Binding): void {
    const located = this.locate(this.source.rangeOf(path), name);
    this.references.push({ role: 'reference', name, path: this.path, range: located.range, binding, exact: located.exact });
  }

  keyReference(name: string, path: PathSegment[], binding: Binding): void {
    const located = this.locate(this.source.keyRangeOf(path), name);
    this.references.push({ role: 'reference', name, path: this.path, range: located.range, binding, exact: located.exact });
  }

  /**
   * `{name}` placeholders in a message. The scalar's raw text is searched for
   * each literal `{name}`; in plain, quoted and block scalars it appears
   * verbatim, and when escapes make the counts differ the whole message is
   * the honest range (as core's `placeholderRange` does).
   */
  placeholders(message: unknown, path: PathSegment[], binding: Binding): void {
    if (typeof message !== 'string' || !message.includes('{')) return;
    const whole = this.source.rangeOf(path);
    const raw = this.source.text.slice(whole.start.offset, whole.end.offset);
    const seen = new Map<string, number>();
    for (const match of message.matchAll(PLACEHOLDER)) {
      const name = match[1]!;
      const occurrence = seen.get(name) ?? 0;
      seen.set(name, occurrence + 1);
      const literal = `{${name}}`;
      const rawOffsets = offsetsOf(raw, literal);
      const exact = rawOffsets.length === offsetsOf(message, literal).length;
      const range = exact
        ? this.source.rangeAt(whole.start.offset + rawOffsets[occurrence]! + 1, whole.start.offset + rawOffsets[occurrence]! + 1 + name.length)
        : whole;
      this.references.push({ role: 'reference', name, path: this.path, range, binding, exact });
    }
  }

  /** The range of `name` inside a scalar's range: the scalar itself, or inside its quotes. */
  private locate(range: Range, name: string): { range: Range; exact: boolean } {
    const raw = this.source.text.slice(range.start.offset, range.end.offset);
    if (raw === name) return { range, exact: true };
    const quote = raw[0];
    if ((quote === '"' || quote === "'") && raw.length === name.length + 2 && raw.endsWith(quote) && raw.slice(1, -1) === name) {
      return { range: this.source.rangeAt(range.start.offset + 1, range.end.offset - 1), exact: true };
    }
    // Block scalars and the like: the name once, verbatim, inside the scalar.
    const at = raw.indexOf(name);
    if (at !== -1 && raw.indexOf(name, at + 1) === -1 && /^[|>]/.test(raw)) {
      return { range: this.source.rangeAt(range.start.offset + at, range.start.offset + at + name.length), exact: true };
    }
    return { range, exact: false };
  }
}

/** The range from `start` to `end`, less the line breaks and spaces a block value ends with. */
export function spanning(source: SourceDocument, start: number, end: number): Range {
  let trimmed = end;
  while (trimmed > start && /\s/.test(source.text[trimmed - 1]!)) trimmed--;
  return source.rangeAt(start, trimmed);
}

function offsetsOf(text: string, literal: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + literal.length)) offsets.push(at);
  return offsets;
}

// ---------------------------------------------------------------------------
// Reading plain data of unknown shape

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringAt(record: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

export function items(value: unknown): [number, unknown][] {
  return Array.isArray(value) ? value.map((item, i) => [i, item]) : [];
}

function strings(value: unknown): [number, string][] {
  return items(value).filter((entry): entry is [number, string] => typeof entry[1] === 'string');
}
