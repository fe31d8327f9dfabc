import { fileURLToPath } from 'node:url';
import { formatDiagnostic, validateWorkspace } from '@colloquy/core';
import { readWorkspace } from '@colloquy/core/node';
import { lexicalNlu } from '@colloquy/nlu';
import { runTests } from '@colloquy/simulator';
import { describe, expect, it } from 'vitest';

const FLOWS = fileURLToPath(new URL('../../flows/', import.meta.url));

/** The example workspace is what every newcomer sees first: it must be clean and its tests must pass. */
describe('the example bank workspace', async () => {
  const result = validateWorkspace(await readWorkspace(FLOWS));
  const { workspace } = result;

  it('validates with no errors and no warnings', () => {
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('is realistic in size: 10+ flows, 3+ rules tables, the policies, 40+ test conversations', () => {
    expect(workspace.agent).toBeDefined();
    expect(workspace.flows.length).toBeGreaterThanOrEqual(10);
    expect(workspace.rules.length).toBeGreaterThanOrEqual(3);
    const checks = workspace.policies.map((p) => p.data.check.type).sort();
    expect(checks).toEqual(expect.arrayContaining(['human_within_turns', 'pii_consent', 'topic_handoff']));
    const tests = workspace.tests.reduce((n, file) => n + file.data.tests.length, 0);
    expect(tests).toBeGreaterThanOrEqual(40);
  });

  it('tags the sensitive topics the policies protect', () => {
    const topics = new Set(workspace.flows.flatMap((f) => Object.values(f.data.intents ?? {}).flatMap((i) => i.topics ?? [])));
    for (const topic of ['complaint', 'bereavement', 'vulnerability', 'retention']) expect(topics).toContain(topic);
  });

  it('passes every scripted test', () => {
    const report = runTests(workspace, { nlu: lexicalNlu(workspace) });
    const failures = report.tests.filter((t) => t.status !== 'passed').map((t) => `${t.suite}/${t.test}: ${t.status}`);
    expect(failures).toEqual([]);
    expect(report.summary.passed).toBeGreaterThanOrEqual(40);
  });
});
