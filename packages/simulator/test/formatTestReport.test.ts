import { describe, expect, it } from 'vitest';
import { formatTestReport } from '../src/index.ts';
import { BASIC_TESTS, sampleReport } from './support/reports.ts';
import { positionOf } from './support/workspace.ts';

const report = sampleReport();
const plain = formatTestReport(report, { color: false });
const lines = plain.split('\n');

describe('formatTestReport', () => {
  it('writes a line per test under its suite, ✓ for passed, ✗ for failed, ! for errors', () => {
    expect(lines.filter((l) => /^\S/.test(l) && l.includes('tests/'))).toEqual(['basic tests/basic.test.yaml', 'hostile tests/hostile.test.yaml']);
    expect(lines.filter((l) => /^ {2}[✓✗!] /.test(l))).toEqual(['  ✗ lost_card_consent', '  ✓ passes', '  ✗ hostile_expectation', '  ! hostile_error (error)']);
  });

  it('shows a failing test’s turn, its diff with positions, and the conversation', () => {
    const { line, column } = positionOf(BASIC_TESTS, 'user: "yes"');
    const start = lines.indexOf('  ✗ lost_card_consent');
    expect(lines.slice(start + 1, start + 4)).toEqual([
      `      turn 2 at tests/basic.test.yaml:${line}:${column}, user said "yes"`,
      expect.stringMatching(/^ {8}node: expected decide, got ask_last4 {2}\(tests\/basic\.test\.yaml:\d+:\d+\)$/),
      expect.stringMatching(/^ {8}slots\.consent_given: expected false, got true {2}\(tests\/basic\.test\.yaml:\d+:\d+\)$/),
    ]);
    expect(lines.slice(start + 4, start + 11)).toEqual([
      '      conversation:',
      '        bot > Hello, how can I help?',
      '        user> I lost my card',
      "        bot > I'm sorry to hear that.",
      '        bot > May I ask for the last four digits of your card?',
      '        user> yes',
      '        bot > What are the last four digits?',
    ]);
  });

  it('shows only the end of a long conversation', () => {
    const short = formatTestReport(report, { color: false, transcriptLines: 2 }).split('\n');
    const start = short.indexOf('  ✗ lost_card_consent');
    expect(short.slice(start + 4, start + 8)).toEqual(['      conversation:', '        … 4 earlier lines', '        user> yes', '        bot > What are the last four digits?']);
  });

  it('ends with the coverage table, what was never reached, and the summary line', () => {
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('1 passed, 2 failed, 1 error');
    expect(plain).toContain('Coverage\n               covered  total     %\n  intents            2      3  66.7\n');
    expect(plain).toMatch(/\n {2}overall +\d+ +\d+ +\d+\.\d\n/);
    expect(plain).toContain('Coverage by flow\n  flow       intents  nodes  transitions\n  balance        1/1    1/1          0/0\n');
    expect(plain).toContain('Coverage by rules table\n  table        rows\n  card_freeze   0/2\n');
    expect(plain).toMatch(/\nNever reached\n {2}intents\n {4}flows\/complaint\.flow\.yaml:\d+:\d+ {2}intent make_complaint\n/);
    expect(plain).toContain('policy complaints_reach_human (topic_handoff): no test reached flow complaint');
  });

  it('prints hostile text without letting it control the terminal', () => {
    // Only the colour codes the formatter itself writes may contain an escape character.
    expect(plain).not.toContain('\u001b');
    expect(plain).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(plain).toContain('\\u001b[2J');
    expect(plain).toContain('\\ud800');
  });

  it('colours marks and summary only when asked', () => {
    const coloured = formatTestReport(report, { color: true });
    expect(coloured).toContain('\u001b[32m✓\u001b[39m passes');
    expect(coloured).toContain('\u001b[31m✗\u001b[39m lost_card_consent');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('says so when no test ran, and still shows coverage', () => {
    const none = formatTestReport(sampleReport({ filter: () => false }), { color: false });
    expect(none.startsWith('No tests ran.\n')).toBe(true);
    expect(none).toContain('Coverage');
    expect(none.endsWith('0 passed, 0 failed\n')).toBe(true);
  });

  it('is the same text on every run', () => {
    expect(formatTestReport(sampleReport(), { color: false })).toBe(plain);
  });
});
