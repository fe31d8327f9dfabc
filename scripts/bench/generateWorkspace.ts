/**
 * Generates a large, valid, deterministic workspace for benchmarks: an agent,
 * a few rules tables, and N flows of about 100 lines each, every flow with its
 * own intents, slots and a mix of ask / decide / action / say / handoff / end
 * nodes. Also generates single large flows (2,000+ lines) for incremental checks.
 */
import type { SourceFile } from '@colloquy/core';

const WORDS = ['card', 'account', 'payment', 'transfer', 'loan', 'mortgage', 'savings', 'branch', 'statement', 'pin', 'limit', 'fee', 'address', 'phone', 'travel', 'cheque'];
const VERBS = ['check', 'change', 'cancel', 'order', 'report', 'update', 'close', 'open', 'dispute', 'increase', 'reset', 'track'];

export const BENCH_AGENT = `kind: agent
version: 1
name: Bench Bank
language: en
nlu:
  recognizer: lexical
  threshold: 0.4
fallback:
  say: "Sorry, I didn't get that."
  max_failures: 2
  handoff: { queue: general, reason: not understood }
queues:
  general: { title: General }
  specialist: { title: Specialist }
actions:
  bench.lookup: { outcomes: [ok, failed], default: ok }
context:
  tier: { type: string, values: [standard, gold, private] }
  score: { type: number }
`;

export const BENCH_RULES = `kind: rules
version: 1
id: bench_route
hit_policy: first
inputs:
  - { name: score, type: number, min: 0, max: 1 }
  - { name: tier, type: string, values: [standard, gold, private] }
outputs:
  - { name: decision, type: string, values: [self_serve, specialist] }
rules:
  - when: { score: ">= 0.8" }
    then: { decision: specialist }
  - when: { tier: '"private"' }
    then: { decision: specialist }
  - when: { score: "< 0.8" }
    then: { decision: self_serve }
`;

/** One flow of roughly `blocks * 25` lines; each block is an ask, a decide, an action and a say. */
export function benchFlow(index: number, blocks = 4): string {
  const verb = VERBS[index % VERBS.length]!;
  const noun = WORDS[Math.floor(index / VERBS.length) % WORDS.length]!;
  const id = `f${index}_${verb}_${noun}`;
  const lines: string[] = [
    'kind: flow',
    'version: 1',
    `id: ${id}`,
    `title: ${verb} ${noun} ${index}`,
    'risk: low',
    'intents:',
    `  ${id}_intent:`,
    '    examples:',
    `      - "I want to ${verb} my ${noun} number ${index}"`,
    `      - "please ${verb} the ${noun} ${index} for me"`,
    `      - "how do I ${verb} ${noun} ${index}"`,
    `      - "${verb} ${noun} ${index} now"`,
    'slots:',
    '  reference: { type: digits, length: 6 }',
    '  confirmed: { type: boolean }',
    '  amount: { type: number, min: 0 }',
    'start: b0_ask',
    'nodes:',
  ];
  for (let b = 0; b < blocks; b++) {
    const next = b + 1 < blocks ? `b${b + 1}_ask` : 'done';
    lines.push(
      `  b${b}_ask:`,
      `    say: "Step ${b + 1} of ${blocks} to ${verb} your ${noun}."`,
      '    ask: "What is your six-digit reference?"',
      '    fill: reference',
      '    retries: 1',
      '    on_fail: to_person',
      `    next: b${b}_decide`,
      `  b${b}_decide:`,
      '    decide: bench_route',
      '    routes:',
      `      self_serve: b${b}_act`,
      '      specialist: to_person',
      `  b${b}_act:`,
      '    action: bench.lookup',
      '    routes:',
      `      ok: b${b}_say`,
      '      failed: to_person',
      `  b${b}_say:`,
      `    say: "Reference {reference} checked for ${noun} (step ${b + 1})."`,
      `    next: ${next}`,
    );
  }
  lines.push(
    '  done:',
    `    say: "All done with your ${noun}."`,
    '    end: resolved',
    '  to_person:',
    '    handoff: { queue: specialist, reason: needs a person }',
  );
  return `${lines.join('\n')}\n`;
}

export function benchWorkspace(flows: number, blocksPerFlow = 4): SourceFile[] {
  const files: SourceFile[] = [
    { path: 'agent.yaml', content: BENCH_AGENT },
    { path: 'rules/bench_route.rules.yaml', content: BENCH_RULES },
  ];
  for (let i = 0; i < flows; i++) files.push({ path: `flows/f${String(i).padStart(4, '0')}.flow.yaml`, content: benchFlow(i, blocksPerFlow) });
  return files;
}

export function lineCount(files: readonly SourceFile[]): number {
  let lines = 0;
  for (const f of files) lines += String(f.content).split('\n').length - 1;
  return lines;
}
