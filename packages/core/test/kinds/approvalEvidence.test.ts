/**
 * agent.yaml's `approval.evidence`: the run that counts as a change's
 * evidence. Optional, and each of generators, per_intent and seed optional;
 * an unknown generator, a negative or huge count, an empty block or an
 * unknown field is refused where it is written.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { SchemaValidator } from '../../src/schema/schemaValidator.ts';
import { loadFile } from '../../src/workspace/loadFile.ts';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../../../flows/agent.yaml', import.meta.url)), 'utf8');
const schemas = new SchemaValidator();
/** The example's agent.yaml with its `evidence:` block (the file's last lines) replaced by `evidence`. */
const lines = (evidence: string) => {
  const at = EXAMPLE.indexOf('  evidence:\n');
  expect(at).toBeGreaterThan(0);
  return loadFile('agent.yaml', `${EXAMPLE.slice(0, at)}${evidence}`, schemas).diagnostics.map(formatDiagnostic);
};

describe('approval.evidence in agent.yaml', () => {
  it("is valid in the example, left out, or naming any of generators, per_intent and seed", () => {
    expect(loadFile('agent.yaml', EXAMPLE, schemas).diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(lines('')).toEqual([]);
    for (const evidence of ['{ generators: [noise] }', '{ per_intent: 0 }', '{ seed: owners }', '{ generators: [injection, noise], per_intent: 1000, seed: s }']) {
      expect(lines(`  evidence: ${evidence}\n`), evidence).toEqual([]);
    }
  });

  it('refuses an unknown generator, a count out of range, an empty block and an unknown field', () => {
    expect(lines('  evidence: { generators: [typos] }\n')[0]).toMatch(/`approval\.evidence\.generators\[1\]` is `typos`, but must be one of `noise`/);
    expect(lines('  evidence: { per_intent: 1001 }\n')[0]).toMatch(/`approval\.evidence\.per_intent` must be at most 1000/);
    expect(lines('  evidence: { per_intent: -1 }\n')[0]).toMatch(/`approval\.evidence\.per_intent` must be at least 0/);
    expect(lines('  evidence: {}\n')[0]).toMatch(/`approval\.evidence` must not be empty/);
    expect(lines('  evidence: { flow: balance }\n')[0]).toMatch(/`approval\.evidence` has an unknown field `flow`/);
  });
});
