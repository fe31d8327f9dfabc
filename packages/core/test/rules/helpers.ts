/**
 * Builders for decision-table tests: tables from plain objects (for the
 * evaluator) and loaded files from YAML text (for the checker, which needs
 * source positions).
 */
import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import type { RulesFile, RulesInput, RulesOutput, RulesRow } from '../../src/kinds/index.ts';
import { SchemaValidator } from '../../src/schema/schemaValidator.ts';
import { loadFile, type LoadedFile } from '../../src/workspace/loadFile.ts';
import { analyseRulesTable } from '../../src/rules/analyseRulesTable.ts';

export function table(
  hitPolicy: RulesFile['hit_policy'],
  inputs: readonly RulesInput[],
  rows: readonly (Omit<RulesRow, 'then'> & { then?: RulesRow['then'] })[],
  outputs: readonly RulesOutput[] = [{ name: 'route', type: 'string' }],
): RulesFile {
  return {
    kind: 'rules',
    version: 1,
    id: 'table',
    hit_policy: hitPolicy,
    inputs: inputs as RulesFile['inputs'],
    outputs: outputs as RulesFile['outputs'],
    rules: rows.map((row, i) => ({ ...row, then: row.then ?? { route: `r${i}` } })) as RulesFile['rules'],
  };
}

const schemas = new SchemaValidator();

/** Loads YAML that must pass the schema: the checker only ever sees such files. */
export function loadRules(yaml: string, path = 'rules/table.rules.yaml'): LoadedFile<'rules'> {
  const result = loadFile(path, yaml, schemas);
  expect(result.diagnostics.filter((d) => d.severity === 'error'), 'the fixture must load').toEqual([]);
  expect(result.file?.kind).toBe('rules');
  return result.file as LoadedFile<'rules'>;
}

export function check(yaml: string): Diagnostic[] {
  return analyseRulesTable(loadRules(yaml));
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/** The text a diagnostic's range covers. */
export function textAt(yaml: string, d: Diagnostic): string {
  return yaml.slice(d.range.start.offset, d.range.end.offset);
}

/** A rules file with the given inputs/outputs/rows sections written as YAML. */
export function rulesYaml(hitPolicy: string, body: string): string {
  return `kind: rules\nversion: 1\nid: table\nhit_policy: ${hitPolicy}\n${body.replace(/^\n/, '')}`;
}
