import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DiagnosticCode } from '../diagnostics/codes/index.ts';
import { decodeText, formatBytes } from './decodeText.ts';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.ts';
import { parseYamlFast } from './fast/parseFast.ts';
import { LineIndex } from './lineIndex.ts';
import { SourceDocument } from './sourceDocument.ts';

export interface ParsedYaml {
  /** Absent when the content could not be read as text at all. */
  readonly source: SourceDocument | undefined;
  /** Plain data: objects, arrays, strings, numbers, booleans, null. */
  readonly data: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

/** Keys that would reach `Object.prototype` if code ever assigned them naively. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses one YAML file into plain data plus diagnostics. Never throws for bad
 * input: syntax errors, duplicate keys, binary content, oversized files,
 * over-deep nesting and alias bombs all come back as diagnostics.
 *
 * Most files take the fast path (`fast/`), a hand-written reader for the
 * subset of YAML workspace files use; anything outside it, including every
 * file with a problem, goes through the `yaml` package, unchanged. Both give
 * the same data, positions and diagnostics (docs/internals/yaml-fast-path.md).
 */
export function parseYaml(path: string, content: string | Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): ParsedYaml {
  const decoded = decodeText(content, limits.maxBytes);
  if (!decoded.ok) {
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    const code: DiagnosticCode = decoded.reason === 'too-large' ? 'CQ102' : 'CQ103';
    const source = new SourceDocument(path, '', undefined, lineCounter);
    return { source: undefined, data: undefined, diagnostics: [diagnostic(source, code, 0, 0, decoded.message)] };
  }
  const fast = parseYamlFast(decoded.text, limits);
  if (fast) return { source: new SourceDocument(path, decoded.text, fast.positions, new LineIndex(decoded.text)), data: fast.data, diagnostics: [] };
  return parseWithYamlPackage(path, decoded.text, limits);
}

/**
 * The `yaml` package path: what `parseYaml` does for text the fast path leaves.
 * Exported for the differential tests, which hold the fast path to its answers.
 */
export function parseWithYamlPackage(path: string, text: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedYaml {
  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    // The parser recurses on nesting; a pathological document can exhaust the stack.
    const source = new SourceDocument(path, text, undefined, lineCounter);
    const message = error instanceof RangeError ? 'the document nests too deeply to parse' : `the YAML parser failed: ${String(error)}`;
    return { source, data: undefined, diagnostics: [diagnostic(source, 'CQ105', 0, 0, message)] };
  }
  const source = new SourceDocument(path, text, document, lineCounter);
  const diagnostics: Diagnostic[] = [];
  for (const error of document.errors) diagnostics.push(fromYamlError(source, error, 'error'));
  for (const warning of document.warnings) diagnostics.push(fromYamlError(source, warning, 'warning'));
  if (document.errors.length > 0) return { source, data: undefined, diagnostics };

  const converter = new DataConverter(source, document, limits, diagnostics);
  const data = converter.convert(document.contents, 0);
  return { source, data: converter.aborted ? undefined : data, diagnostics };
}

const YAML_ERROR_CODES: Partial<Record<string, DiagnosticCode>> = {
  DUPLICATE_KEY: 'CQ101',
  MULTIPLE_DOCS: 'CQ108',
  RESOURCE_EXHAUSTION: 'CQ105',
};

function fromYamlError(source: SourceDocument, error: YAMLError, severity: 'error' | 'warning'): Diagnostic {
  const code = YAML_ERROR_CODES[error.code] ?? 'CQ100';
  const [start, end] = error.pos;
  return { ...diagnostic(source, code, start, end, humaniseYamlMessage(error)), severity };
}

function humaniseYamlMessage(error: YAMLError): string {
  const raw = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return 'this key appears more than once in the same mapping';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (`---`); keep one per file';
    case 'TAB_AS_INDENT':
      return 'tabs cannot indent YAML; use spaces';
    case 'BAD_INDENT':
      return `the indentation is wrong here (${lowerFirst(raw)})`;
    default:
      return `YAML syntax: ${lowerFirst(raw)}`;
  }
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function diagnostic(source: SourceDocument, code: DiagnosticCode, start: number, end: number, message: string): Diagnostic {
  return { code, severity: 'error', message, file: source.path, range: source.rangeAt(start, end) };
}

/**
 * Converts the YAML syntax tree into plain data. Written by hand (rather than
 * `toJS`) so that it can bound depth and alias expansion, drop reserved keys
 * with a diagnostic, and never build an object whose prototype a key could set.
 */
class DataConverter {
  aborted = false;
  private produced = 0;
  private readonly budget: number;

  constructor(
    private readonly source: SourceDocument,
    private readonly document: Document.Parsed,
    private readonly limits: ParseLimits,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.budget = 10_000 + limits.maxExpansionFactor * source.text.length;
  }

  convert(node: unknown, depth: number): unknown {
    if (this.aborted) return undefined;
    if (++this.produced > this.budget) {
      return this.abort(node, 'aliases expand to too many values (an alias bomb?); write the values out plainly');
    }
    if (depth > this.limits.maxDepth) {
      return this.abort(node, `the document nests deeper than ${this.limits.maxDepth} levels`);
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (target === undefined) return null;
      return this.convert(target, depth + 1);
    }
    if (isScalar(node)) {
      const value = node.value;
      return typeof value === 'bigint' ? Number(value) : value ?? null;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      for (let i = 0; i < node.items.length && !this.aborted; i++) out.push(this.convert(node.items[i], depth + 1));
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (this.aborted) break;
        const key = this.keyOf(pair.key);
        if (key === undefined) continue;
        if (RESERVED_KEYS.has(key)) {
          const range = (pair.key as { range?: [number, number, number] }).range;
          this.diagnostics.push(
            diagnostic(this.source, 'CQ109', range?.[0] ?? 0, range?.[1] ?? 0, `\`${key}\` is a reserved name and cannot be used as a key`),
          );
          continue;
        }
        // Own data property even for odd keys: never goes through a setter.
        Object.defineProperty(out, key, {
          value: this.convert(pair.value, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return null;
  }

  private keyOf(key: unknown): string | undefined {
    if (key === null || key === undefined) return '';
    if (isScalar(key)) return String(key.value ?? '');
    const range = (key as { range?: [number, number, number] }).range;
    this.diagnostics.push(
      diagnostic(this.source, 'CQ112', range?.[0] ?? 0, range?.[1] ?? 0, 'keys must be plain text, not lists or mappings'),
    );
    return undefined;
  }

  private abort(node: unknown, message: string): undefined {
    this.aborted = true;
    const range = (node as { range?: [number, number, number] } | null)?.range;
    this.diagnostics.push(diagnostic(this.source, 'CQ105', range?.[0] ?? 0, range?.[1] ?? 0, message));
    return undefined;
  }
}

export { formatBytes };
