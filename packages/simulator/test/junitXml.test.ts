import { describe, expect, it } from 'vitest';
import { toJUnitXml } from '../src/index.ts';
import { BASIC_TESTS, HOSTILE, HOSTILE_TESTS, LONE_SURROGATE, sampleReport } from './support/reports.ts';
import { positionOf } from './support/workspace.ts';
import { childElements, parseXml, textOf, type XmlElement } from './support/xmlParser.ts';

const report = sampleReport();
const xml = toJUnitXml(report);
const root = parseXml(xml);
const suites = childElements(root, 'testsuite');
const testcase = (name: string): XmlElement => suites.flatMap((s) => childElements(s, 'testcase')).find((t) => t.attributes['name'] === name)!;

describe('toJUnitXml', () => {
  it('writes a well-formed document with run totals on <testsuites>', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toEqual({ name: 'colloquy', tests: '4', failures: '2', errors: '1', time: '0' });
  });

  it('writes a <testsuite> per test file with its counts, in report order', () => {
    expect(suites.map((s) => s.attributes)).toEqual([
      { name: 'basic', tests: '1', failures: '1', errors: '0', skipped: '0', time: '0', file: 'tests/basic.test.yaml' },
      { name: 'hostile', tests: '3', failures: '1', errors: '1', skipped: '0', time: '0', file: 'tests/hostile.test.yaml' },
    ]);
  });

  it('writes a <testcase> per test with the suite id as classname and the test id as name', () => {
    expect(suites.map((s) => childElements(s, 'testcase').map((t) => `${t.attributes['classname']}.${t.attributes['name']}`))).toEqual([
      ['basic.lost_card_consent'],
      ['hostile.passes', 'hostile.hostile_expectation', 'hostile.hostile_error'],
    ]);
    expect(testcase('passes').children).toEqual([]);
    expect(testcase('passes').attributes).toMatchObject({ file: 'tests/hostile.test.yaml', line: String(positionOf(HOSTILE_TESTS, 'id: passes').line), time: '0' });
  });

  it('writes a <failure> with the first mismatch as message and the whole diff and conversation as text', () => {
    const where = (needle: string, after = '') => {
      const { line, column } = positionOf(BASIC_TESTS, needle, after);
      return `tests/basic.test.yaml:${line}:${column}`;
    };
    const [failure, ...others] = childElements(testcase('lost_card_consent'));
    expect(others).toEqual([]);
    expect(failure!.name).toBe('failure');
    expect(failure!.attributes).toEqual({ message: 'turn 2: node: expected decide, got ask_last4 (and 1 more)', type: 'expectation' });
    expect(textOf(failure!).split('\n')).toEqual([
      `turn 2 at ${where('user: "yes"')}, user said "yes"`,
      `node: expected decide, got ask_last4  (${where('node: decide')})`,
      `slots.consent_given: expected false, got true  (${where('consent_given')})`,
      '',
      'conversation:',
      'bot > Hello, how can I help?',
      'user> I lost my card',
      "bot > I'm sorry to hear that.",
      'bot > May I ask for the last four digits of your card?',
      'user> yes',
      'bot > What are the last four digits?',
    ]);
  });

  it('writes an <error> for an engine error', () => {
    const [error] = childElements(testcase('hostile_error'));
    expect(error!.name).toBe('error');
    expect(error!.attributes['type']).toBe('engine_error');
    expect(error!.attributes['message']).toMatch(/^turn 1: engine error: model failed: /);
  });

  it('keeps hostile text readable: markup and quotes round-trip, forbidden characters become visible escapes', () => {
    const failure = childElements(testcase('hostile_expectation'))[0]!;
    const text = textOf(failure);
    // Everything XML can carry comes back exactly.
    for (const part of ['<script>alert("x & \'y\'")</script>', ']]>', '&amp;', 'tab\there', '🎉']) expect(text).toContain(part);
    // What XML 1.0 cannot carry at all is written out, not dropped.
    expect(text).toContain('\\u0001\\u0008\\u000b\\u000c\\u001b[2J');
    expect(text).not.toContain('\u0001');
    // A carriage return survives as a reference instead of being normalised away.
    expect(text).toContain('\r\nline');
    const error = childElements(testcase('hostile_error'))[0]!;
    expect(error.attributes['message']).toContain('\\ud800');
    expect(error.attributes['message']).toContain('tab\there\r\nline');
    expect(LONE_SURROGATE).toContain('\ud800');
    expect(HOSTILE).toContain('\u0001');
  });

  it('writes the same bytes for the same results, and durations only when asked', () => {
    let now = 0;
    const timed = sampleReport({ clock: () => (now += 250) });
    expect(toJUnitXml(timed)).toBe(xml);
    const withTimings = parseXml(toJUnitXml(timed, { timings: true }));
    expect(Number(withTimings.attributes['time'])).toBeGreaterThan(0);
    expect(childElements(withTimings, 'testsuite')[0]!.attributes['time']).toMatch(/^\d+\.\d{3}$/);
    expect(toJUnitXml(sampleReport())).toBe(xml);
  });

  it('writes an empty run as an empty <testsuites>', () => {
    const empty = parseXml(toJUnitXml({ ...report, suites: [], tests: [], summary: { total: 0, passed: 0, failed: 0, errors: 0 } }, { name: 'ci & co' }));
    expect(empty.attributes).toMatchObject({ name: 'ci & co', tests: '0' });
    expect(empty.children.filter((c) => typeof c !== 'string')).toEqual([]);
  });
});
