import type { NluFunction } from '@colloquy/nlu';
import { describe, expect, it } from 'vitest';
import { runTestCase, runTests, type TestRunReport } from '../src/index.ts';
import { BANK_FILES, BANK_UTTERANCES } from './support/bank.ts';
import { exactNlu, loadWorkspace, positionOf, yaml } from './support/workspace.ts';

const CARD_TESTS = yaml`
  kind: test
  version: 1
  id: cards
  title: Card tests
  context: { tier: standard }
  tests:
    - id: freezes_card
      turns:
        - user: I lost my card
          expect: { intent: report_lost_card, flow: card_lost, node: ask_consent, bot: "sorry to hear" }
        - user: "yes"
          expect: { node: ask_last4, slots: { consent_given: true } }
        - user: it is 1234
          expect: { slots: { card_last4: 1234 }, actions: { cards.freeze: ok }, end: resolved, bot: "ending 1234 is frozen" }
    - id: private_customer_escalates
      context: { tier: private }
      turns:
        - user: I lost my card ending 4321
        - user: "yes"
          expect: { handoff: cards, not_bot: frozen }
    - id: wrong_expectations
      title: Stops at the second turn
      turns:
        - user: I lost my card
          expect: { node: ask_consent }
        - user: "no"
          expect:
            node: ask_last4
            handoff: cards
            bot: [Connecting, frozen]
        - user: never sent
          expect: { intent: check_balance }
    - id: freeze_fails
      actions: { cards.freeze: failed }
      turns:
        - user: I lost my card ending 4321
        - user: "yes"
          expect: { actions: { cards.freeze: failed }, handoff: cards }
`;

const OTHER_TESTS = yaml`
  kind: test
  version: 1
  id: other
  tests:
    - id: balance
      turns:
        - user: what is my balance
          expect: { intent: check_balance, end: answered, bot: 100 EUR }
    - id: recognizer_breaks
      turns:
        - user: what is my balance
        - user: explode
          expect: { intent: check_balance }
    - id: still_runs_after_an_error
      turns:
        - user: gibberish
          expect: { fallback: true, bot: did not get that }
`;

const FILES = { ...BANK_FILES, 'tests/other.test.yaml': OTHER_TESTS, 'tests/cards.test.yaml': CARD_TESTS };

/** The exact-utterance recognizer, except that "explode" makes it throw, as a broken model might. */
const explodingNlu: NluFunction = (text) => {
  if (text === 'explode') throw new TypeError('recognizer exploded');
  return exactNlu(BANK_UTTERANCES)(text);
};

function run(options: Partial<Parameters<typeof runTests>[1]> = {}): TestRunReport {
  return runTests(loadWorkspace(FILES), { nlu: explodingNlu, ...options });
}

const byId = (report: TestRunReport, id: string) => report.tests.find((t) => t.test === id)!;

describe('runTests', () => {
  it('runs every test of every file, files in path order and tests in file order', () => {
    const report = run();
    expect(report.suites.map((s) => [s.suite, s.file])).toEqual([
      ['cards', 'tests/cards.test.yaml'],
      ['other', 'tests/other.test.yaml'],
    ]);
    expect(report.tests.map((t) => `${t.suite}/${t.test}:${t.status}`)).toEqual([
      'cards/freezes_card:passed',
      'cards/private_customer_escalates:passed',
      'cards/wrong_expectations:failed',
      'cards/freeze_fails:passed',
      'other/balance:passed',
      'other/recognizer_breaks:error',
      'other/still_runs_after_an_error:passed',
    ]);
    expect(report.summary).toEqual({ total: 7, passed: 5, failed: 1, errors: 1 });
    expect(report.suites.map((s) => s.summary)).toEqual([
      { total: 4, passed: 3, failed: 1, errors: 0 },
      { total: 3, passed: 2, failed: 0, errors: 1 },
    ]);
    expect(report.today).toBe('2026-01-01');
  });

  it('applies the file context, the test context over it, and the test action outcomes', () => {
    // Given the file says tier standard and one test says private, when both run, then only that test escalates.
    const report = run();
    expect(byId(report, 'freezes_card').status).toBe('passed');
    expect(byId(report, 'private_customer_escalates').status).toBe('passed');
    expect(byId(report, 'freeze_fails').status).toBe('passed');
  });

  it('reports a failing test at its first failing turn with a diff, positions, transcript and trace', () => {
    const report = run();
    const test = byId(report, 'wrong_expectations');
    expect(test.title).toBe('Stops at the second turn');
    expect(test.location).toEqual({ file: 'tests/cards.test.yaml', ...positionOf(CARD_TESTS, 'id: wrong_expectations') });
    const failure = test.failure!;
    expect(failure.turnIndex).toBe(1);
    expect(failure.turn).toBe(2);
    expect(failure.utterance).toBe('no');
    expect(failure.location).toEqual({ file: 'tests/cards.test.yaml', ...positionOf(CARD_TESTS, 'user: "no"') });
    expect(failure.mismatches.map((m) => m.message)).toEqual([
      'node: expected ask_last4, got to_agent',
      'bot: expected a reply containing "frozen", got "Connecting you to the cards team."',
    ]);
    expect(failure.mismatches.map((m) => m.location)).toEqual([
      { file: 'tests/cards.test.yaml', ...positionOf(CARD_TESTS, 'node: ask_last4', 'id: wrong_expectations') },
      { file: 'tests/cards.test.yaml', ...positionOf(CARD_TESTS, 'frozen]', 'id: wrong_expectations') },
    ]);
    expect(failure.transcript).toEqual([
      { speaker: 'bot', turn: 0, text: 'Hello, how can I help?' },
      { speaker: 'user', turn: 1, text: 'I lost my card' },
      { speaker: 'bot', turn: 1, text: "I'm sorry to hear that." },
      { speaker: 'bot', turn: 1, text: 'May I ask for the last four digits of your card?' },
      { speaker: 'user', turn: 2, text: 'no' },
      { speaker: 'bot', turn: 2, text: 'Connecting you to the cards team.' },
    ]);
    expect(failure.events[0]).toEqual({ type: 'turn_started', turn: 2, utterance: 'no' });
    expect(failure.events.some((e) => e.type === 'handoff' && e.queue === 'cards')).toBe(true);
    expect(failure.error).toBeUndefined();
  });

  it('does not run the turns after the first failing one', () => {
    const report = run();
    const failure = byId(report, 'wrong_expectations').failure!;
    expect(failure.transcript.some((line) => line.text === 'never sent')).toBe(false);
    // Coverage agrees: the third utterance was never recognised.
    expect(report.coverage.intents.missed.map((i) => i.id)).not.toContain('report_lost_card');
  });

  it('contains an engine error to its test and keeps running the others', () => {
    const report = run();
    const test = byId(report, 'recognizer_breaks');
    expect(test.status).toBe('error');
    expect(test.failure).toMatchObject({
      turnIndex: 1,
      turn: 2,
      utterance: 'explode',
      error: 'TypeError: recognizer exploded',
      mismatches: [],
      location: { file: 'tests/other.test.yaml', ...positionOf(OTHER_TESTS, 'user: explode') },
    });
    expect(test.failure!.transcript.map((l) => `${l.speaker}: ${l.text}`)).toEqual([
      'bot: Hello, how can I help?',
      'user: what is my balance',
      'bot: Your balance is 100 EUR.',
      'user: explode',
    ]);
    expect(test.failure!.events).toEqual([{ type: 'turn_started', turn: 2, utterance: 'explode' }]);
    expect(byId(report, 'still_runs_after_an_error').status).toBe('passed');
  });

  it('reports a session that cannot start as an error before the first turn', () => {
    const workspace = loadWorkspace(FILES);
    const file = workspace.tests.find((t) => t.data.id === 'cards')!;
    const { result, trace } = runTestCase(
      () => {
        throw new Error('no session today');
      },
      file,
      0,
      '2026-01-01',
    );
    expect(result).toMatchObject({ status: 'error', failure: { error: 'no session today', transcript: [], events: [], mismatches: [] } });
    expect(result.failure!.turnIndex).toBeUndefined();
    expect(result.failure!.location).toEqual(result.location);
    expect(trace).toEqual([]);
  });

  it('runs only the tests the filter keeps, and reports progress after each', () => {
    const progress: [number, number][] = [];
    const report = run({ filter: (suite, test) => suite === 'other' || test === 'freezes_card', onProgress: (done, total) => progress.push([done, total]) });
    expect(report.tests.map((t) => t.test)).toEqual(['freezes_card', 'balance', 'recognizer_breaks', 'still_runs_after_an_error']);
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(report.suites.map((s) => s.summary.total)).toEqual([1, 3]);
  });

  it('leaves out files whose tests were all filtered out', () => {
    const report = run({ filter: (suite) => suite === 'other' });
    expect(report.suites.map((s) => s.suite)).toEqual(['other']);
  });

  it('runs conversations on the given date', () => {
    const files = {
      ...BANK_FILES,
      'flows/statement.flow.yaml': yaml`
        kind: flow
        version: 1
        id: statement
        title: Statement
        intents:
          get_statement: { examples: [I need a statement] }
        slots:
          from: { type: date }
        start: ask_from
        nodes:
          ask_from:
            ask: From which day?
            fill: from
            next: done
          done:
            say: Here is your statement from {from}.
            end: sent
      `,
      'tests/statement.test.yaml': yaml`
        kind: test
        version: 1
        id: statement
        tests:
          - id: yesterday
            turns:
              - user: I need a statement
              - user: yesterday
                expect: { slots: { from: "2026-03-14" } }
      `,
    };
    const nlu = exactNlu({ 'I need a statement': 'get_statement' });
    expect(runTests(loadWorkspace(files), { nlu, today: '2026-03-15' }).summary.passed).toBe(1);
    const failed = runTests(loadWorkspace(files), { nlu });
    expect(failed.tests[0]!.failure!.mismatches.map((m) => m.message)).toEqual(['slots.from: expected "2026-03-14", got "2025-12-31"']);
  });

  it('measures durations only when given a clock', () => {
    expect(JSON.stringify(run())).not.toContain('durationMs');
    let now = 0;
    const timed = run({ clock: () => (now += 1.5) });
    expect(timed.tests.every((t) => typeof t.durationMs === 'number' && t.durationMs > 0)).toBe(true);
    expect(timed.durationMs).toBeGreaterThan(0);
    expect(timed.suites.every((s) => s.durationMs !== undefined)).toBe(true);
  });

  it('gives the same report on every run', () => {
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });

  it('reports a workspace without tests as an empty run', () => {
    const report = runTests(loadWorkspace(BANK_FILES), { nlu: exactNlu({}) });
    expect(report.suites).toEqual([]);
    expect(report.summary).toEqual({ total: 0, passed: 0, failed: 0, errors: 0 });
    expect(report.coverage.nodes.covered).toBe(0);
  });
});
