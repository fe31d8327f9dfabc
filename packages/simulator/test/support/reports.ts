/**
 * A real test run over the bank fixture, with conversations chosen to give a
 * pass, a failure with several mismatches, an engine error, and hostile text
 * (markup, quotes, control characters, terminal escapes, emoji, a lone
 * surrogate) in utterances, replies and error messages.
 */
import type { NluFunction } from '@colloquy/nlu';
import { runTests, type RunTestsOptions, type TestRunReport } from '../../src/index.ts';
import { BANK_FILES, BANK_UTTERANCES } from './bank.ts';
import { exactNlu, loadWorkspace, yaml } from './workspace.ts';

/** Text that breaks naive XML writers and terminals: markup, entity lookalikes, CDATA end, C0/C1 controls, escape sequences. */
export const HOSTILE = `<script>alert("x & 'y'")</script> ]]> &amp; \u0001\u0008\u000b\u000c\u001b[2J\u0085 tab\there\r\nline 🎉`;
export const LONE_SURROGATE = 'broken \ud800 pair';

export const HOSTILE_TESTS = yaml`
  kind: test
  version: 1
  id: hostile
  tests:
    - id: passes
      turns:
        - user: what is my balance
          expect: { end: answered }
    - id: hostile_expectation
      turns:
        - user: ${JSON.stringify(HOSTILE)}
          expect: { fallback: false, bot: ${JSON.stringify(HOSTILE)} }
    - id: hostile_error
      turns:
        - user: explode
`;

export const BASIC_TESTS = yaml`
  kind: test
  version: 1
  id: basic
  title: Basic
  tests:
    - id: lost_card_consent
      turns:
        - user: I lost my card
          expect: { intent: report_lost_card, node: ask_consent }
        - user: "yes"
          expect: { node: decide, slots: { consent_given: false } }
`;

export const REPORT_FILES = { ...BANK_FILES, 'tests/hostile.test.yaml': HOSTILE_TESTS, 'tests/basic.test.yaml': BASIC_TESTS };

const nlu: NluFunction = (text) => {
  if (text === 'explode') throw new Error(`model failed: ${HOSTILE} ${LONE_SURROGATE}`);
  return exactNlu(BANK_UTTERANCES)(text);
};

export function sampleReport(options: Partial<RunTestsOptions> = {}): TestRunReport {
  return runTests(loadWorkspace(REPORT_FILES), { nlu, ...options });
}
