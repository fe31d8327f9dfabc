import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FILE_KINDS, KINDS, isFileKind, type FileKind, type KindData } from '../kinds/index.ts';
import { migrateData, type YamlObject } from '../kinds/migrations.ts';
import type { SchemaValidator } from '../schema/schemaValidator.ts';
import { didYouMean } from '../schema/closestName.ts';
import { parseYaml } from '../source/parseYaml.ts';
import { DEFAULT_LIMITS, type ParseLimits } from '../source/limits.ts';
import type { SourceDocument } from '../source/sourceDocument.ts';

/** A file whose data passed its schema, migrated to the current format version. */
export interface LoadedFile<K extends FileKind = FileKind> {
  readonly path: string;
  readonly kind: K;
  readonly data: KindData[K];
  readonly source: SourceDocument;
}

export type AnyLoadedFile = { [K in FileKind]: LoadedFile<K> }[FileKind];

/** A file that could not be loaded; its claimed kind and id (if readable) keep references to it from cascading. */
export interface BrokenFile {
  readonly path: string;
  readonly kind?: FileKind;
  readonly id?: string;
}

export interface FileLoadResult {
  readonly file?: AnyLoadedFile;
  readonly broken?: BrokenFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** The pipeline for one file: parse -> detect kind -> migrate -> validate against the schema. */
export function loadFile(
  path: string,
  content: string | Uint8Array,
  schemas: SchemaValidator,
  limits: ParseLimits = DEFAULT_LIMITS,
): FileLoadResult {
  const parsed = parseYaml(path, content, limits);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const source = parsed.source;
  if (!source || parsed.data === undefined || diagnostics.some((d) => d.severity === 'error')) {
    return { broken: { path, ...claims(parsed.data) }, diagnostics };
  }
  const data = parsed.data;
  if (data === null) {
    diagnostics.push({ code: 'CQ104', severity: 'warning', message: 'the file is empty', file: path, range: source.rangeAt(0, 0) });
    return { broken: { path }, diagnostics };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push({
      code: 'CQ106',
      severity: 'error',
      message: 'a Colloquy file is a mapping that starts with `kind:` and `version:`',
      file: path,
      range: source.rangeOf([]),
    });
    return { broken: { path }, diagnostics };
  }
  const object = data as YamlObject;
  const kind = object['kind'];
  if (!isFileKind(kind)) {
    const message =
      kind === undefined
        ? `the file has no \`kind\`; add one of ${FILE_KINDS.join(', ')}`
        : `\`${String(kind)}\` is not a file kind; use one of ${FILE_KINDS.join(', ')}${didYouMean(String(kind), FILE_KINDS)}`;
    diagnostics.push({ code: 'CQ106', severity: 'error', message, file: path, range: kind === undefined ? source.rangeAt(0, 0) : source.rangeOf(['kind']) });
    return { broken: { path, ...claims(data) }, diagnostics };
  }
  const definition = KINDS[kind];
  const expectedSuffix = definition.suffix;
  if (!path.endsWith(expectedSuffix)) {
    diagnostics.push({
      code: 'CQ115',
      severity: 'warning',
      message: `this ${kind} file should be named \`${kind === 'agent' ? 'agent.yaml' : `*${expectedSuffix}`}\``,
      file: path,
      range: source.rangeOf(['kind']),
    });
  }
  const migrated = migrateData(object, definition.version, definition.migrations);
  if (!migrated.ok) {
    const code = migrated.reason === 'migration-error' ? 'CQ116' : 'CQ107';
    const range = object['version'] === undefined ? source.keyRangeOf(['kind']) : source.rangeOf(['version']);
    diagnostics.push({ code, severity: 'error', message: migrated.message, file: path, range });
    return { broken: { path, kind, ...claims(data) }, diagnostics };
  }
  const schemaDiagnostics = schemas.validate(kind, migrated.data, source);
  diagnostics.push(...schemaDiagnostics);
  if (schemaDiagnostics.length > 0) return { broken: { path, kind, ...claims(data) }, diagnostics };
  // The schema just accepted the data, so it has the shape of its kind.
  const file = { path, kind, data: migrated.data, source } as unknown as AnyLoadedFile;
  return { file, diagnostics };
}

function claims(data: unknown): { kind?: FileKind; id?: string } {
  if (!data || typeof data !== 'object') return {};
  const { kind, id } = data as YamlObject;
  return { ...(isFileKind(kind) ? { kind } : {}), ...(typeof id === 'string' ? { id } : {}) };
}
