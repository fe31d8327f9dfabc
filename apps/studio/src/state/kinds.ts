/**
 * Which file kind a workspace path names, and the JSON Schema the editor
 * validates it with. The kind of a file is decided by its `kind:` key; the
 * name suffix (`*.flow.yaml`, `agent.yaml`, ...) is what core expects it to
 * have (CQ115), so the editor picks the schema from the name, as core's
 * `KINDS[kind].suffix` says.
 */
import { FILE_KINDS, KINDS, type FileKind } from '@colloquy/core';

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function kindFromPath(path: string): FileKind | undefined {
  const name = baseName(path);
  return FILE_KINDS.find((kind) => (kind === 'agent' ? name === KINDS.agent.suffix : name.endsWith(KINDS[kind].suffix) && name.length > KINDS[kind].suffix.length));
}

export function isFlowPath(path: string): boolean {
  return kindFromPath(path) === 'flow';
}

/** One schema association in the shape monaco-yaml's `schemas` option takes. */
export interface SchemaAssociation {
  readonly uri: string;
  readonly fileMatch: string[];
  readonly schema: Record<string, unknown>;
}

/** Editor models are named `file:///<workspace path>`. */
export function modelUri(path: string): string {
  return `file:///${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function pathFromModelUri(uri: string): string | undefined {
  if (!uri.startsWith('file:///')) return undefined;
  return uri.slice('file:///'.length).split('/').map(decodeURIComponent).join('/');
}

/** The schema associations for every kind (globs match the model URIs above). */
export function schemaAssociations(): SchemaAssociation[] {
  return FILE_KINDS.map((kind) => {
    const suffix = KINDS[kind].suffix;
    const fileMatch = kind === 'agent' ? ['agent.yaml', '**/agent.yaml'] : [`*${suffix}`, `**/*${suffix}`];
    return { uri: `https://colloquy.dev/schemas/${kind}.schema.json`, fileMatch, schema: { ...KINDS[kind].schema } };
  });
}

/** The schema for one path, if its name says its kind. */
export function schemaForPath(path: string): SchemaAssociation | undefined {
  const kind = kindFromPath(path);
  return kind ? schemaAssociations().find((s) => s.uri.endsWith(`/${kind}.schema.json`)) : undefined;
}
