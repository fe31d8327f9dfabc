import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/source/parseYaml.ts';
import { SchemaValidator } from '../../src/schema/schemaValidator.ts';
import { validateWorkspace as validate, type SourceFile } from '../../src/workspace/WorkspaceValidator.ts';

const schemas = new SchemaValidator();
const validateWorkspace = (files: SourceFile[]) => validate(files, { schemas });

const SAMPLE = `kind: flow
version: 1
id: card_lost
title: Lost card
intents:
  report_lost_card:
    examples: ["I lost my card", "card stolen"]
slots:
  card_last4: { type: digits, length: 4, pii: true }
start: ask
nodes:
  ask:
    ask: "Last four digits?"
    fill: card_last4
    next: done
  done:
    say: "Thanks {card_last4}"
    end: resolved
`;

/** Random edits of a real file: the parser and validator must answer with diagnostics, never throw. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 20 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(':', '- ', '&a ', '*a', '{', '[', '"', "'", '\t', '\n  ', '|', '>', '!!binary ', '__proto__: 1\n', '? ', '%YAML 1.1\n', '---\n'),
  }),
);

function applyMutations(text: string, mutations: readonly { op: 'delete' | 'insert'; at: number; length?: number; text?: string }[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    out = m.op === 'delete' ? out.slice(0, at) + out.slice(at + (m.length ?? 1)) : out.slice(0, at) + (m.text ?? '') + out.slice(at);
  }
  return out;
}

describe('parser and validator under random input', () => {
  it('never throw on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = validateWorkspace([{ path: 'x.flow.yaml', content: text }]);
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = parseYaml('x.yaml', bytes);
        for (const d of result.diagnostics) expect(d.range.start.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on mutated real documents, and every diagnostic has a valid range', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const text = applyMutations(SAMPLE, mutations);
        const result = validateWorkspace([{ path: 'flows/card_lost.flow.yaml', content: text }]);
        for (const d of result.diagnostics) {
          expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
          expect(d.range.end.offset).toBeLessThanOrEqual(text.length);
          expect(d.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throw on random JSON-like documents of any kind', () => {
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.constantFrom('agent', 'flow', 'rules', 'policy', 'test'), fc.dictionary(fc.string({ maxLength: 10 }), value, { maxKeys: 6 }), (kind, body) => {
        const text = JSON.stringify({ kind, version: 1, ...body });
        const result = validateWorkspace([{ path: `x.${kind}.yaml`, content: text }]);
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
