import { describe, expect, it } from 'vitest';
import { prefillSlots } from '@colloquy/nlu';
import { reasonFor, spanOf, TODAY, valueOf } from './helpers.ts';

const DATE = { type: 'date' } as const;

/** The weekday of a YYYY-MM-DD date (0 = Sunday), and days between two dates, by the platform's calendar: an independent check. */
const weekdayOf = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

describe('date slots', () => {
  it('reads ISO, numeric and written dates', () => {
    for (const answer of ['2026-03-14', '14/03/2026', '14.03.2026', '14-03-2026', '14 March 2026', '14th of March 2026', 'March 14, 2026', 'Mar 14 2026', 'mar. 14th']) {
      expect(valueOf(DATE, answer), answer).toBe('2026-03-14');
    }
    expect(spanOf(DATE, 'I moved on 14 March 2026, I think')).toBe('14 March 2026');
  });

  it('reads numeric dates day first, and month first only when day first is no date', () => {
    expect(valueOf(DATE, '05/04/2026')).toBe('2026-04-05');
    expect(valueOf(DATE, '04/25/2026')).toBe('2026-04-25');
  });

  it('reads two-digit years in this century unless that is more than ten years after the session', () => {
    expect(valueOf(DATE, '14/03/26')).toBe('2026-03-14');
    expect(valueOf(DATE, '14/03/36')).toBe('2036-03-14');
    expect(valueOf(DATE, '14/03/37')).toBe('1937-03-14');
    expect(valueOf(DATE, '14/03/99')).toBe('1999-03-14');
  });

  it('resolves relative dates against the session date', () => {
    // TODAY is Friday 20 March 2026.
    expect(valueOf(DATE, 'today')).toBe(TODAY);
    expect(valueOf(DATE, 'Yesterday.')).toBe('2026-03-19');
    expect(valueOf(DATE, 'tomorrow please')).toBe('2026-03-21');
    expect(valueOf(DATE, 'the day before yesterday')).toBe('2026-03-18');
    expect(valueOf(DATE, 'day after tomorrow')).toBe('2026-03-22');
    expect(spanOf(DATE, 'it went out yesterday evening')).toBe('yesterday');
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(valueOf(DATE, 'yesterday', '2024-03-01')).toBe('2024-02-29');
    expect(valueOf(DATE, 'yesterday', '2026-03-01')).toBe('2026-02-28');
    expect(valueOf(DATE, 'yesterday', '2026-01-01')).toBe('2025-12-31');
    expect(valueOf(DATE, 'tomorrow', '2026-12-31')).toBe('2027-01-01');
    expect(valueOf(DATE, 'the day before yesterday', '2000-03-01')).toBe('2000-02-28');
  });

  it('resolves "last" and "next" weekdays to the nearest one strictly before or after', () => {
    // Every weekday name, from every day of a week that crosses a month and a year.
    for (const session of ['2025-12-28', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03']) {
      for (const [index, name] of WEEKDAYS.entries()) {
        const last = valueOf(DATE, `last ${name}`, session) as string;
        const next = valueOf(DATE, `Next ${name[0]!.toUpperCase()}${name.slice(1)}`, session) as string;
        expect(weekdayOf(last), `last ${name} from ${session}`).toBe(index);
        expect(weekdayOf(next), `next ${name} from ${session}`).toBe(index);
        expect(daysBetween(last, session)).toBeGreaterThanOrEqual(1);
        expect(daysBetween(last, session)).toBeLessThanOrEqual(7);
        expect(daysBetween(session, next)).toBeGreaterThanOrEqual(1);
        expect(daysBetween(session, next)).toBeLessThanOrEqual(7);
      }
    }
    expect(valueOf(DATE, 'last Friday')).toBe('2026-03-13');
    expect(valueOf(DATE, 'next friday')).toBe('2026-03-27');
  });

  it('resolves a date without a year to the nearest such date', () => {
    expect(valueOf(DATE, 'March 14')).toBe('2026-03-14');
    expect(valueOf(DATE, '28 December', '2026-01-05')).toBe('2025-12-28');
    expect(valueOf(DATE, '5 January', '2025-12-28')).toBe('2026-01-05');
    expect(valueOf(DATE, '3rd May')).toBe('2026-05-03');
  });

  it('rejects dates that do not exist', () => {
    for (const answer of ['31/02/2026', '29/02/2026', '2026-02-30', '2026-13-01', '2026-00-10', '00/01/2026', '13/13/2026', '31 April 2026', '30 February']) {
      expect(reasonFor(DATE, answer), answer).toMatch(/no date found/);
    }
    expect(valueOf(DATE, '29/02/2024')).toBe('2024-02-29');
  });

  it('treats a range or two different dates as ambiguous, the same date twice as fine', () => {
    expect(reasonFor(DATE, 'from 1 March to 5 March')).toMatch(/more than one date/);
    expect(reasonFor(DATE, 'today or tomorrow')).toMatch(/more than one date/);
    expect(reasonFor(DATE, '14/03/2026 - 20/03/2026')).toMatch(/more than one date/);
    expect(valueOf(DATE, 'today, yes today')).toBe(TODAY);
    expect(valueOf(DATE, `today, ${TODAY}`)).toBe(TODAY);
  });

  it('finds no date in answers without a whole one', () => {
    for (const answer of ['', 'sometime last week', 'in May', 'may I pay later', 'the 5th', 'Friday', 'March 2026', '20260314', '2026/03/14', 'todays date', '14 mars 2026']) {
      expect(reasonFor(DATE, answer), answer).toMatch(/no date found/);
    }
  });

  it('needs a valid session date for relative dates only', () => {
    expect(reasonFor(DATE, 'yesterday', 'not-a-date')).toMatch(/session's date/);
    expect(reasonFor(DATE, 'last Monday', '2026-02-30')).toMatch(/session's date/);
    expect(reasonFor(DATE, 'March 14', '')).toMatch(/session's date/);
    expect(valueOf(DATE, '14 March 2026', 'not-a-date')).toBe('2026-03-14');
  });

  it('reads month and day words whatever their case, including Unicode case variants', () => {
    expect(valueOf(DATE, 'TODAY')).toBe(TODAY);
    expect(valueOf(DATE, 'LAST FRIDAY')).toBe('2026-03-13');
    // Case-insensitive Unicode matching lets the long s (ſ) stand for "s": it must resolve like "s", never to an invalid date.
    expect(valueOf(DATE, 'yeſterday')).toBe('2026-03-19');
    expect(valueOf(DATE, 'laſt Friday')).toBe('2026-03-13');
    expect(valueOf(DATE, 'next ſunday')).toBe('2026-03-22');
    expect(valueOf(DATE, 'Auguſt 3')).toBe('2026-08-03');
  });

  it('is pre-filled from the utterance that starts a flow when it holds exactly one date', () => {
    const slots = { move_date: DATE };
    expect(prefillSlots(slots, 'I moved house yesterday', { today: TODAY })).toEqual({ move_date: '2026-03-19' });
    expect(prefillSlots(slots, 'I move on 1 May or 2 May', { today: TODAY })).toEqual({});
    expect(prefillSlots(slots, 'I moved from 1 March to 5 March', { today: TODAY })).toEqual({});
  });
});
