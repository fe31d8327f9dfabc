import { describe, expect, it } from 'vitest';
import { JSON_REPORT_FORMAT, toJsonReport, type JsonValue } from '../src/index.ts';
import { sampleReport } from './support/reports.ts';

const report = sampleReport();
const json = toJsonReport(report);

/** Every object key order in a JSON value, depth first, so key order can be compared between runs. */
function keyOrders(value: JsonValue, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => keyOrders(item, out));
  else if (value !== null && typeof value === 'object') {
    out.push(Object.keys(value).join(','));
    Object.values(value).forEach((item) => keyOrders(item, out));
  }
  return out;
}

describe('toJsonReport', () => {
  it('is plain JSON data: it survives a round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(JSON.stringify(json)).not.toContain('undefined');
  });

  it('names its format and version, then summary, suites and coverage', () => {
    expect(Object.keys(json)).toEqual(['format', 'version', 'today', 'summary', 'suites', 'coverage']);
    expect(json['format']).toBe(JSON_REPORT_FORMAT);
    expect(json['summary']).toEqual({ total: 4, passed: 1, failed: 2, errors: 1 });
    expect(Object.keys((json['coverage'] as Record<string, JsonValue>) ?? {})).toEqual(['overall', 'intents', 'nodes', 'transitions', 'rules', 'policies']);
  });

  it('holds each failure with its turn, mismatches, transcript and trace events', () => {
    const basic = (json['suites'] as JsonValue[])[0] as { tests: { failure: Record<string, JsonValue> }[] };
    const failure = basic.tests[0]!.failure;
    expect(Object.keys(failure)).toEqual(['turnIndex', 'turn', 'utterance', 'location', 'mismatches', 'transcript', 'events']);
    expect(failure['turnIndex']).toBe(1);
    expect((failure['mismatches'] as { message: string }[]).map((m) => m.message)).toEqual([
      'node: expected decide, got ask_last4',
      'slots.consent_given: expected false, got true',
    ]);
    expect((failure['events'] as { type: string }[])[0]).toEqual({ type: 'turn_started', turn: 2, utterance: 'yes' });
    // Optional fields the engine left undefined are dropped, not written as null.
    const message = (failure['events'] as Record<string, JsonValue>[]).find((e) => e['type'] === 'message')!;
    expect(Object.values(message)).not.toContain(null);
  });

  it('keeps the same keys in the same order on every run', () => {
    const again = toJsonReport(sampleReport());
    expect(JSON.stringify(again)).toBe(JSON.stringify(json));
    expect(keyOrders(again)).toEqual(keyOrders(json));
  });

  it('leaves durations out unless asked, so equal results give equal JSON', () => {
    let now = 0;
    const timed = sampleReport({ clock: () => (now += 2) });
    expect(JSON.stringify(toJsonReport(timed))).toBe(JSON.stringify(json));
    const withTimings = toJsonReport(timed, { timings: true });
    expect(typeof withTimings['durationMs']).toBe('number');
  });
});
