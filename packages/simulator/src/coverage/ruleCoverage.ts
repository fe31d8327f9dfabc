import type { Workspace } from '@colloquy/core';
import { keyLocation, valueLocation } from '../sourceLocation.ts';
import { buildCategory, type CoverageCandidate } from './buildCategory.ts';
import type { CoverageCategory } from './coverageTypes.ts';
import { rowKey, type TraceFacts } from './traceFacts.ts';

/** Rule rows fired, per table. Rows are numbered from 1 in labels, as designers count them (and as validation messages do). */
export function ruleCoverage(workspace: Workspace, facts: TraceFacts): CoverageCategory {
  const candidates: CoverageCandidate[] = [];
  for (const table of workspace.rules) {
    const tableId = table.data.id;
    table.data.rules.forEach((row, index) => {
      const name = row.id ? `row ${index + 1} (\`${row.id}\`)` : `row ${index + 1}`;
      // Point at the row's first line: its `id`, else its first key, not the whole multi-line row.
      const location = row.id !== undefined ? valueLocation(table, ['rules', index, 'id']) : keyLocation(table, ['rules', index, row.when !== undefined ? 'when' : 'then']);
      candidates.push({
        item: { id: `${tableId}/${index}`, label: `rule ${tableId} ${name}`, group: tableId, location },
        reached: facts.firedRows.has(rowKey(tableId, index)),
      });
    });
  }
  return buildCategory(
    'rules',
    candidates,
    workspace.rules.map((table) => ({ id: table.data.id, file: table.path })),
  );
}
