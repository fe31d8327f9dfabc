/**
 * The incremental validator against validation from scratch: after any
 * sequence of edits, one long-lived `WorkspaceValidator` reports exactly what
 * `validateWorkspace` reports for the same files. This is what keeps the
 * caches of the cross-file checks honest (checks/PerFileResults.ts,
 * checks/ClaimIndex.ts, workspace/workspace.ts): a check that reads something
 * it does not declare as an input shows up here as a stale diagnostic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaValidator, WorkspaceValidator, validateWorkspace, type ValidationResult } from '../../src/index.ts';
import { anyFile, applyEdit, editStepOf, fileOf, pathsOf, render, type EditStep, type FileSpec } from './workspaceEdits.ts';

// Compiling the schemas is the slow part of a new validator; they are immutable, so share them.
const schemas = new SchemaValidator();

/** Diagnostics as sorted JSON, and the parts of the model that callers read. */
function observable({ diagnostics, workspace }: ValidationResult) {
  const paths = (files: readonly { readonly path: string }[]) => files.map((f) => f.path);
  return {
    diagnostics: diagnostics.map((d) => JSON.stringify(d)).sort(),
    agent: workspace.agent?.path,
    flows: paths(workspace.flows),
    rules: paths(workspace.rules),
    policies: paths(workspace.policies),
    tests: paths(workspace.tests),
    broken: workspace.broken.map((b) => JSON.stringify(b)),
    flowsById: [...workspace.flowsById].map(([id, flow]) => `${id} ${flow.path}`),
    rulesById: [...workspace.rulesById].map(([id, table]) => `${id} ${table.path}`),
    intentOwners: [...workspace.intentOwners].map(([intent, owners]) => `${intent} ${paths(owners).join(' ')}`),
  };
}

function fromScratch(files: ReadonlyMap<string, string>) {
  return observable(validateWorkspace([...files].map(([path, content]) => ({ path, content })), { schemas }));
}

/**
 * Applies the steps to one long-lived validator and compares it with a fresh
 * one at each `validate` step, or after every step with `eachStep` (then each
 * single edit is compared in isolation, which finds a cache that misses one
 * kind of change; the `validate` steps alone also cover several edits
 * between two validations).
 */
function replay(steps: readonly EditStep[], eachStep = false): void {
  const validator = new WorkspaceValidator({ schemas });
  const specs = new Map<string, FileSpec>();
  const files = new Map<string, string>();
  const check = (when: string) => expect(observable(validator.validate()), when).toEqual(fromScratch(files));
  steps.forEach((step, i) => {
    switch (step.type) {
      case 'write':
      case 'tweak': {
        const file = applyEdit(specs.get(step.file.path), step);
        const content = render(file);
        specs.set(file.path, file);
        files.set(file.path, content);
        validator.set(file.path, content);
        break;
      }
      case 'delete':
        validator.delete(step.path);
        specs.delete(step.path);
        files.delete(step.path);
        break;
      case 'validate':
        if (!eachStep) check(`after step ${i + 1}`);
        break;
      default: {
        const unknown: never = step;
        throw new Error(`unknown step ${JSON.stringify(unknown)}`);
      }
    }
    if (eachStep) check(`after step ${i + 1}`);
  });
  check('at the end');
}

/** Edit sessions on files of these kinds: a full workspace of them, validated, then up to 30 steps. */
function editSessions(kinds?: Parameters<typeof fileOf>[0]): fc.Arbitrary<EditStep[]> {
  // Start from a full workspace, so that most edits change something that other files see.
  const size = pathsOf(kinds).length;
  const start = fc.array(fileOf(kinds), { minLength: size, maxLength: size * 2 }).map((files) => files.map((file): EditStep => ({ type: 'write', file })));
  return fc.tuple(start, fc.array(editStepOf(kinds), { minLength: 1, maxLength: 30 })).map(([initial, edits]) => [...initial, { type: 'validate' }, ...edits]);
}

describe('the incremental validator', () => {
  it('reports what a validation from scratch reports, after any sequence of edits', () => {
    fc.assert(
      fc.property(editSessions(), (steps) => replay(steps)),
      { numRuns: 200 },
    );
  }, 120_000);

  // Edits confined to the kinds one cross-file relation involves make the edits that
  // only that relation notices (a node renamed under an unchanged flow id) common.
  // Runs are sized so that a cache missing one such change fails reliably (checked by
  // breaking each cache input in turn: docs/decisions/0005-validation-performance.md).
  it.each([
    ['flows and test suites', ['agent', 'flow', 'test'], 300],
    ['flows and rules tables', ['agent', 'flow', 'rules'], 150],
    ['flows and policies', ['agent', 'flow', 'policy'], 150],
  ] as const)('reports what a validation from scratch reports, after edits to %s', (_name, kinds, numRuns) => {
    fc.assert(
      fc.property(editSessions(kinds), (steps) => replay(steps, true)),
      { numRuns },
    );
  }, 120_000);

  it('is exercised by edits that make every kind of cross-file diagnostic', () => {
    // Guards the generator: a differential test over workspaces where the cross-file checks stay quiet proves nothing.
    const codes = new Set<string>();
    for (const specs of fc.sample(fc.array(anyFile, { minLength: 4, maxLength: 14 }), { numRuns: 300, seed: 1 })) {
      const files = specs.map((file) => ({ path: file.path, content: render(file) }));
      for (const d of validateWorkspace(files, { schemas }).diagnostics) codes.add(d.code);
    }
    const crossFile = ['CQ200', 'CQ202', 'CQ203', 'CQ204', 'CQ205', 'CQ206', 'CQ207', 'CQ208', 'CQ209', 'CQ210', 'CQ211', 'CQ212', 'CQ213', 'CQ214', 'CQ215', 'CQ216', 'CQ218', 'CQ219', 'CQ500', 'CQ501', 'CQ502', 'CQ503'];
    expect(crossFile.filter((code) => !codes.has(code))).toEqual([]);
  }, 60_000);
});
