/**
 * Engine throughput: turns per second on a synthetic workspace, with a
 * trivial recognizer (recognitions precomputed) so that the engine alone is
 * measured. Run with `npx tsx packages/engine/bench/engine.ts` from the
 * repository root; prints the figures and writes bench-results/engine.json.
 * Reported, not asserted: machines are shared and noisy.
 *
 * The conversation mix is what a typical simulation runs: a flow started by
 * an intent (say, then a question), an enum answer, a digits answer that
 * decides with a rules table, runs an action and ends, a digression that
 * resumes the paused question, and an answer that is not understood.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { validateWorkspace } from '@colloquy/core';
import type { Recognition } from '@colloquy/nlu';
import { ConversationEngine } from '../src/index.ts';

const FLOWS = 50;
const CONVERSATIONS = 20_000;
const ROUNDS = 5;
const TARGET_TURNS_PER_SECOND = 50_000;

const agent = `kind: agent
version: 1
name: Bench
language: en
greeting: Hello {customer_name}.
nlu: { recognizer: lexical, threshold: 0.5 }
fallback:
  say: Sorry, I did not get that.
  max_failures: 3
  handoff: { queue: general, say: Let me get you a person. }
queues:
  general: { title: General }
actions:
  bench.run: { outcomes: [ok, failed], default: ok }
context:
  tier: { type: string, values: [standard, gold], default: standard }
  customer_name: { type: string }
`;

const rules = `kind: rules
version: 1
id: bench_route
hit_policy: first
inputs:
  - { name: tier, type: string, values: [standard, gold] }
  - { name: choice, type: string, values: [a, b] }
outputs:
  - { name: verdict, type: string, values: [ok, review] }
rules:
  - when: { tier: '"gold"', choice: '"b"' }
    then: { verdict: review }
  - when: { tier: '-', choice: '-' }
    then: { verdict: ok }
`;

const flow = (n: number) => `kind: flow
version: 1
id: flow_${n}
title: Flow ${n}
intents:
  intent_${n}: { examples: [start flow ${n}] }
slots:
  choice: { type: enum, values: { a: [alpha], b: [beta] } }
  code: { type: digits, length: 6 }
start: hello
nodes:
  hello:
    say: Hello {customer_name}, this is flow ${n}.
    next: ask_choice
  ask_choice:
    ask: Alpha or beta?
    fill: choice
    routes: { a: ask_code, b: ask_code }
  ask_code:
    ask: What is your six-digit code?
    fill: code
    reprompt: Six digits, please.
    next: decide
  decide:
    decide: bench_route
    routes: { ok: act, review: to_agent }
  act:
    action: bench.run
    routes: { failed: to_agent }
    next: done
  done:
    say: Done with code {code} ({verdict}).
    end: resolved
  to_agent:
    handoff: { queue: general, say: A colleague will help. }
`;

const files = [
  { path: 'agent.yaml', content: agent },
  { path: 'rules/bench_route.rules.yaml', content: rules },
  ...Array.from({ length: FLOWS }, (_, n) => ({ path: `flows/flow_${n}.flow.yaml`, content: flow(n) })),
];
const { workspace, diagnostics } = validateWorkspace(files);
const errors = diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(`the bench workspace has errors: ${errors.map((d) => `${d.file} ${d.code} ${d.message}`).join('; ')}`);

// The trivial recognizer: exact utterances, answered from a precomputed table.
const recognitions = new Map<string, Recognition>();
for (let n = 0; n < FLOWS; n++) {
  const intent = `intent_${n}`;
  recognitions.set(`start flow ${n}`, { intent, confidence: 0.97, ranking: [{ intent, score: 0.97 }], slots: {} });
}
const notUnderstood: Recognition = { intent: null, confidence: 0.12, ranking: [], slots: {}, rejected: 'out_of_scope' };
const nlu = (text: string): Recognition => recognitions.get(text) ?? notUnderstood;

const engine = new ConversationEngine(workspace, nlu);
const config = { context: { customer_name: 'Ada' } };

/** One conversation of seven turns; returns the number of turns. */
function conversation(c: number): number {
  const session = engine.startSession(config);
  session.open();
  session.turn(`start flow ${c % FLOWS}`); // intent: say + question
  session.turn('alpha please'); // enum answer: route + next question
  session.turn(`start flow ${(c + 1) % FLOWS}`); // digression: other flow's say + question
  session.turn('beta'); // answer in the digression
  session.turn('my code is 123 456'); // digits answer: decide, action, end, resume the paused question
  session.turn('alpha'); // not a code: reprompt and ask again
  session.turn('654321'); // decide, action, end: idle
  return 7;
}

function run(conversations: number): { turns: number; ms: number } {
  const start = performance.now();
  let turns = 0;
  for (let c = 0; c < conversations; c++) turns += conversation(c);
  return { turns, ms: performance.now() - start };
}

// Sanity check that the script walks what it claims before timing it.
{
  const session = engine.startSession(config);
  const script = ['start flow 0', 'alpha please', 'start flow 1', 'beta', 'my code is 123 456', 'alpha', '654321'];
  const results = script.map((u) => session.turn(u));
  const ends = results.filter((r) => r.end === 'resolved').length;
  if (ends !== 2 || session.status !== 'idle') throw new Error(`the bench conversation did not run as intended: ${JSON.stringify(results.map((r) => r.messages))}`);
}

run(2_000); // warm-up
const rounds = Array.from({ length: ROUNDS }, () => run(CONVERSATIONS));
const rates = rounds.map((r) => r.turns / (r.ms / 1000)).sort((a, b) => a - b);
const median = Math.round(rates[Math.floor(rates.length / 2)]!);

const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  workspace: { flows: FLOWS, tables: 1 },
  run: { conversations: CONVERSATIONS, turnsPerConversation: 7, rounds: ROUNDS },
  turnsPerSecond: { median, min: Math.round(rates[0]!), max: Math.round(rates[rates.length - 1]!) },
  microsecondsPerTurn: Math.round((1e6 / median) * 100) / 100,
  target: TARGET_TURNS_PER_SECOND,
  meetsTarget: median > TARGET_TURNS_PER_SECOND,
};

console.log(`engine: ${median.toLocaleString('en')} turns/s median over ${ROUNDS} rounds of ${CONVERSATIONS.toLocaleString('en')} conversations (${results.microsecondsPerTurn} µs/turn; target > ${TARGET_TURNS_PER_SECOND.toLocaleString('en')})`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/engine.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench-results/engine.json');
