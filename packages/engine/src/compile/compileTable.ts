import type { LoadedFile } from '@colloquy/core';
import type { CompiledTable } from './compiled.ts';
import { keyRef, valueRef } from './sourceRef.ts';

/** A rules table with the positions `rule_fired` events point at. */
export function compileTable(file: LoadedFile<'rules'>): CompiledTable {
  const table = file.data;
  return {
    id: table.id,
    data: table,
    inputNames: table.inputs.map((input) => input.name),
    firstOutput: table.outputs[0].name,
    rowAt: table.rules.map((_, row) => valueRef(file, ['rules', row])),
    at: keyRef(file, ['id']),
  };
}
