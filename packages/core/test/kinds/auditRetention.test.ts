/**
 * agent.yaml's `audit.retention`: absent (keep everything), `keep: all`, or
 * one period of days, months or years that is never under six months (the
 * EU AI Act floor for deployers). A shorter one, two at once or another
 * unit is refused where it is written, in the designer's terms.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { SchemaValidator } from '../../src/schema/schemaValidator.ts';
import { loadFile } from '../../src/workspace/loadFile.ts';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../../../flows/agent.yaml', import.meta.url)), 'utf8');
const schemas = new SchemaValidator();
const lines = (audit: string) => loadFile('agent.yaml', `${EXAMPLE}${audit}`, schemas).diagnostics.map(formatDiagnostic);
/** The line the `audit:` block starts on. */
const AT = EXAMPLE.split('\n').length;

describe('audit.retention in agent.yaml', () => {
  it('may be left out (everything is kept), or say keep: all or a period of six months or more', () => {
    expect(lines('')).toEqual([]);
    for (const retention of ['{ keep: all }', '{ days: 184 }', '{ months: 6 }', '{ months: 18 }', '{ years: 1 }', '{ years: 10 }']) expect(lines(`audit:\n  retention: ${retention}\n`), retention).toEqual([]);
  });

  it('refuses a period under six months, pointing at the number', () => {
    expect(lines('audit:\n  retention:\n    months: 3\n')).toEqual([`agent.yaml:${AT + 2}:13 error CQ114 \`audit.retention.months\` must be at least 6`]);
    expect(lines('audit:\n  retention:\n    days: 90\n')).toEqual([`agent.yaml:${AT + 2}:11 error CQ114 \`audit.retention.days\` must be at least 184`]);
    expect(lines('audit:\n  retention: { years: 0 }\n')).toEqual([`agent.yaml:${AT + 1}:23 error CQ114 \`audit.retention.years\` must be at least 1`]);
  });

  it('refuses two periods at once, another unit, keep other than all, and an empty setting', () => {
    expect(lines('audit:\n  retention: { months: 12, days: 200 }\n')[0]).toMatch(/CQ114 `audit\.retention` has more than 1 entries/);
    expect(lines('audit:\n  retention: { weeks: 30 }\n')[0]).toMatch(/CQ111 `audit\.retention` has an unknown field `weeks`/);
    expect(lines('audit:\n  retention: { keep: some }\n')[0]).toMatch(/CQ113 `audit\.retention\.keep` is `some`, but must be one of `all`/);
    expect(lines('audit:\n  retention: {}\n')[0]).toMatch(/CQ114 `audit\.retention` must not be empty/);
  });
});
