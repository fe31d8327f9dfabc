/**
 * A synthetic flow of any size, shaped like the real ones: questions that
 * branch on yes/no, decisions with three outcomes, actions that succeed or
 * fail, messages, retry loops back up the flow, and many ways to finish.
 * Deterministic (no randomness), so the bench and the tests see the same flow.
 * `nodeCount` counts every node, the two finishing ones (`done`, `to_agent`) included.
 */
export function generateFlowText(nodeCount: number, options: { readonly id?: string } = {}): string {
  const id = options.id ?? `generated_${nodeCount}`;
  const lines = [
    'kind: flow',
    'version: 1',
    `id: ${id}`,
    `title: A generated flow with ${nodeCount} nodes`,
    'intents:',
    `  ${id}_intent:`,
    '    examples: ["start the generated flow"]',
    'slots:',
    '  answer: { type: boolean }',
    'start: n0',
    'nodes:',
  ];
  const steps = Math.max(1, nodeCount - 2);
  const name = (i: number) => (i < steps ? `n${i}` : 'done');
  for (let i = 0; i < steps; i++) {
    const next = name(i + 1);
    const skip = name(Math.min(i + 3, steps));
    lines.push(`  n${i}:`);
    switch (i % 6) {
      case 0:
        lines.push(`    ask: "Question ${i}: would you like to carry on with step ${i}?"`, '    fill: answer', '    on_fail: to_agent');
        lines.push(`    routes: { "true": ${next}, "false": ${skip} }`);
        break;
      case 1:
        lines.push(`    decide: table_${i}`, `    routes: { low: ${next}, medium: ${skip}, high: to_agent }`);
        break;
      case 2:
        lines.push(`    action: system.step_${i}`, `    routes: { ok: ${next}, failed: ${i > 6 ? name(i - 5) : 'to_agent'} }`);
        break;
      case 3:
        lines.push(`    say: "Message ${i}: here is what happens next in this part of the conversation."`, `    next: ${next}`);
        break;
      case 4:
        lines.push(`    ask: "Question ${i}: is everything correct so far?"`, '    fill: answer', `    routes: { "true": ${next}, "false": ${i > 10 ? name(i - 10) : next} }`);
        break;
      default:
        lines.push(`    say: "Step ${i} is done."`, `    next: ${next}`);
    }
  }
  lines.push('  done:', '    say: "All done."', '    end: resolved');
  lines.push('  to_agent:', '    handoff: { queue: general, reason: generated handoff, say: "Passing you to a person." }');
  return `${lines.join('\n')}\n`;
}
