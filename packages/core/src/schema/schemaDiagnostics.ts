import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DiagnosticCode } from '../diagnostics/codes/index.ts';
import type { PathSegment, SourceDocument } from '../source/sourceDocument.ts';
import { didYouMean } from './closestName.ts';
import { describePath, fieldPath } from './describePath.ts';

type SchemaNode = { readonly [key: string]: unknown };

/**
 * Rewrites ajv errors as diagnostics. ajv reports what failed in schema terms
 * ("must have required property 'fill'"); designers need what is wrong in their
 * terms ("node `ask_last4` has no `fill`"), pointing at the right text.
 */
export function toDiagnostics(errors: readonly ErrorObject[], data: unknown, source: SourceDocument): Diagnostic[] {
  const relevant = dropBranchNoise(errors);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of relevant) {
    const diagnostic = toDiagnostic(error, data, source);
    const key = `${diagnostic.code}|${diagnostic.range.start.offset}|${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out;
}

/**
 * When a value fails `anyOf` (e.g. "a text or a list of texts"), ajv also
 * reports every branch's own failure. Keep the single `anyOf` error and drop
 * the branch errors beneath it; likewise keep one `type` error per place.
 */
function dropBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  return errors.filter((error) => {
    if (error.keyword === 'anyOf') return true;
    // A bad key is reported once, by the `propertyNames` error, not again by the pattern behind it.
    if (error.schemaPath.includes('/propertyNames/')) return false;
    return !anyOfPaths.some((p) => error.instancePath === p || error.instancePath.startsWith(`${p}/`));
  });
}

function toDiagnostic(error: ErrorObject, data: unknown, source: SourceDocument): Diagnostic {
  const path = pointerToPath(error.instancePath, data);
  const where = describePath(path, data);
  const schema = error.parentSchema as SchemaNode | undefined;
  const make = (code: DiagnosticCode, message: string, range = source.rangeOf(path), hint?: string): Diagnostic => ({
    code,
    severity: 'error',
    message,
    file: source.path,
    range,
    ...(hint ? { hint } : {}),
  });
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      const range = path.length > 0 ? source.keyRangeOf(path) : source.rangeAt(0, 0);
      return make('CQ110', `${capitalise(where)} has no \`${missing}\`${fieldHelp(schema, missing)}`, range);
    }
    case 'dependentRequired': {
      // A field that only means something with another (a test file's `simulate` needs its `flow`): point at the field given.
      const given = String(params['property']);
      const missing = String(params['missingProperty']);
      return make('CQ110', `${capitalise(where)} has \`${given}\` but no \`${missing}\`${fieldHelp(schema, missing)}`, source.keyRangeOf([...path, given]));
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const known = Object.keys((schema?.['properties'] as SchemaNode | undefined) ?? {});
      const suggestion = didYouMean(extra, known);
      const allowed = known.length > 0 && !suggestion ? ` (known fields: ${known.join(', ')})` : '';
      return make('CQ111', `${capitalise(where)} has an unknown field \`${extra}\`${suggestion}${allowed}`, source.keyRangeOf([...path, extra]));
    }
    case 'propertyNames': {
      const name = String(params['propertyName']);
      return make('CQ113', `\`${name}\` is not a valid name in ${where}: use lower-case letters, digits and underscores, starting with a letter`, source.keyRangeOf([...path, name]));
    }
    case 'type': {
      const expected = String(params['type']).split(',').map(typeName).join(' or ');
      return make('CQ112', `${capitalise(where)} must be ${expected}, not ${describeValue(valueAt(data, path))}`);
    }
    case 'anyOf':
      return make('CQ112', `${capitalise(where)} must be ${anyOfShape(schema)}, not ${describeValue(valueAt(data, path))}`);
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``).join(', ');
      const value = valueAt(data, path);
      const suggestion = typeof value === 'string' ? didYouMean(value, (params['allowedValues'] as unknown[]).map(String)) : '';
      return make('CQ113', `${capitalise(where)} is \`${String(value)}\`, but must be one of ${allowed}${suggestion}`);
    }
    case 'const':
      return make('CQ113', `${capitalise(where)} must be \`${String(params['allowedValue'])}\``);
    case 'pattern': {
      const value = valueAt(data, path);
      if (String(params['pattern']).startsWith('^[a-z][a-z0-9_]*')) {
        return make('CQ113', `\`${String(value)}\` is not a valid name for ${where}: use lower-case letters, digits and underscores, starting with a letter`);
      }
      return make('CQ113', `${capitalise(where)} (\`${String(value)}\`) does not have the expected form`);
    }
    case 'format':
      return make('CQ113', `${capitalise(where)} is not a valid ${params['format'] === 'regex' ? 'regular expression' : String(params['format'])}`);
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return make('CQ114', `${capitalise(where)} ${boundMessage(error.keyword, params['limit'])}`);
    case 'uniqueItems':
      return make('CQ113', `${capitalise(where)} lists the same value twice (items ${Number(params['j']) + 1} and ${Number(params['i']) + 1})`);
    case 'discriminator': {
      const tag = String(params['tag']);
      const values = findDiscriminatorValues(schema) ?? [];
      const found = valueAt(data, [...path, tag]);
      if (params['error'] !== 'mapping') return make('CQ110', `${capitalise(where)} has no \`${tag}\``, source.keyRangeOf(path));
      const allowed = values.map((v) => `\`${v}\``).join(', ');
      return make(
        'CQ113',
        `${fieldPath([...path, tag])} is \`${String(found)}\`, but must be one of ${allowed}${didYouMean(String(found), values)}`,
        source.rangeOf([...path, tag]),
      );
    }
    default:
      return make('CQ113', `${capitalise(where)}: ${error.message ?? 'is invalid'}`);
  }
}

function findDiscriminatorValues(schema: SchemaNode | undefined): string[] | undefined {
  const branches = schema?.['oneOf'];
  if (!Array.isArray(branches)) return undefined;
  return branches
    .map((b) => ((b as SchemaNode)['properties'] as SchemaNode | undefined)?.['type'] as SchemaNode | undefined)
    .map((t) => t?.['const'])
    .filter((v): v is string => typeof v === 'string');
}

function fieldHelp(schema: SchemaNode | undefined, field: string): string {
  const property = (schema?.['properties'] as SchemaNode | undefined)?.[field] as SchemaNode | undefined;
  const description = property?.['description'];
  return typeof description === 'string' ? ` (${lowerFirst(description.replace(/\.$/, ''))})` : '';
}

function anyOfShape(schema: SchemaNode | undefined): string {
  const branches = (schema?.['anyOf'] as SchemaNode[] | undefined) ?? [];
  const names = branches.map((b) =>
    b['type'] === 'array' ? `a list of ${pluralTypeName(String((b['items'] as SchemaNode | undefined)?.['type'] ?? 'value'))}` : typeName(String(b['type'])),
  );
  return names.length > 0 ? names.join(' or ') : 'a different kind of value';
}

function boundMessage(keyword: string, limit: unknown): string {
  const n = Number(limit);
  switch (keyword) {
    case 'minItems':
      return n === 1 ? 'must not be empty' : `needs at least ${n} entries`;
    case 'maxItems':
      return `has more than ${n} entries`;
    case 'minLength':
      return n === 1 ? 'must not be empty' : `must be at least ${n} characters long`;
    case 'maxLength':
      return `is longer than ${n} characters`;
    case 'minProperties':
      return n === 1 ? 'must not be empty' : `needs at least ${n} entries`;
    case 'maxProperties':
      return `has more than ${n} entries`;
    case 'minimum':
      return `must be at least ${n}`;
    case 'maximum':
      return `must be at most ${n}`;
    case 'exclusiveMinimum':
      return `must be more than ${n}`;
    default:
      return `must be less than ${n}`;
  }
}

function typeName(type: string): string {
  switch (type) {
    case 'string':
      return 'a text';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping (`key: value` lines)';
    case 'null':
      return 'empty';
    default:
      return type;
  }
}

function pluralTypeName(type: string): string {
  const plural: Record<string, string> = { string: 'texts', integer: 'whole numbers', number: 'numbers', object: 'mappings', array: 'lists' };
  return plural[type] ?? 'values';
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text \`${value.length > 40 ? `${value.slice(0, 40)}…` : value}\``;
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  return `\`${String(value)}\``;
}

function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

export { fieldPath };
