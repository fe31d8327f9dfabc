import type { SlotDefinition } from '@colloquy/core';
import { singleValue, type SlotCandidate, type SlotExtraction, type SlotExtractionOptions } from '../SlotExtraction.ts';
import type { SlotType } from '../SlotType.ts';
import { addDays, formatIsoDate, parseIsoDate, toEpochDay, validDate, weekday, type CalendarDate } from './calendar.ts';

/**
 * `date`: a calendar date, stored as `YYYY-MM-DD`. Accepted: `2026-03-14`,
 * `14/03/2026` (also with `.` or `-`, day first unless only month first makes
 * a date, two-digit years), `14 March 2026`, `14th of March`, `March 14`,
 * `Mar 14, 2026`, `today`, `yesterday`, `tomorrow`, `the day before
 * yesterday`, `last Friday`, `next Monday`. Relative dates and dates without a
 * year resolve against the session's date; a date without a year is the
 * nearest such date to it ("28 December" said on 5 January is the December
 * just past).
 */
export const dateSlot: SlotType = {
  extract: extractDate,
  prefill: extractDate,
};

function extractDate(_definition: SlotDefinition, text: string, options: SlotExtractionOptions): SlotExtraction {
  const today = parseIsoDate(options.today);
  const mentions = dateMentions(text);
  const candidates: SlotCandidate[] = [];
  let needsToday = false;
  for (const mention of mentions) {
    const date = mention.resolve(today);
    if (date === 'needs today') needsToday = true;
    else if (date) candidates.push({ value: formatIsoDate(date), start: mention.start, end: mention.end });
  }
  if (candidates.length === 0 && needsToday) return { ok: false, reason: "the session's date is not a valid YYYY-MM-DD date" };
  return singleValue(candidates, 'no date found', 'more than one date was mentioned');
}

interface DateMention {
  readonly start: number;
  readonly end: number;
  /** The date, undefined when the mention is no real date (31 February), or 'needs today' when it cannot be resolved without one. */
  resolve(today: CalendarDate | undefined): CalendarDate | undefined | 'needs today';
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].map((m, i) => [m, i + 1] as const),
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1] as const),
  ['sept', 9],
]);
const MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)';
const WEEKDAYS: ReadonlyMap<string, number> = new Map(
  ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d, i) => [d, i] as const),
);

const ISO = /(?<![\p{N}])(\d{4})-(\d{1,2})-(\d{1,2})(?![\p{N}])/gu;
const NUMERIC = /(?<![\p{N}/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\p{N}])/gu;
const DAY_MONTH = new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH}\\.?(?:,?\\s+(\\d{4}))?(?![\\p{L}\\p{N}])`, 'giu');
const MONTH_DAY = new RegExp(`(?<![\\p{L}\\p{N}])${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![\\p{L}\\p{N}])`, 'giu');
const RELATIVE = /(?<![\p{L}\p{N}])(?:the\s+)?(day\s+before\s+yesterday|day\s+after\s+tomorrow|today|yesterday|tomorrow)(?![\p{L}\p{N}])/giu;
const LAST_NEXT_WEEKDAY = /(?<![\p{L}\p{N}])(last|next)\s+(sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?![\p{L}\p{N}])/giu;

const RELATIVE_DAYS: Readonly<Record<string, number>> = { today: 0, yesterday: -1, tomorrow: 1, daybeforeyesterday: -2, dayaftertomorrow: 2 };

/**
 * The lookup key of matched words: the regular expressions match case-insensitively
 * in Unicode mode, where `ſ` (long s) matches `s` and the Kelvin sign matches `k`,
 * so lower case alone would turn "yeſterday" into a key no table has. NFKC folds
 * both; white space is dropped ("day  before yesterday").
 */
function wordKey(matched: string): string {
  return matched.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** Every date mentioned, in text order, overlapping mentions resolved to the earliest and longest. */
function dateMentions(text: string): DateMention[] {
  const found: DateMention[] = [];
  const add = (regex: RegExp, resolve: (match: RegExpMatchArray) => DateMention['resolve']) => {
    for (const match of text.matchAll(regex)) found.push({ start: match.index!, end: match.index! + match[0].length, resolve: resolve(match) });
  };
  add(ISO, (m) => () => validDate(Number(m[1]), Number(m[2]), Number(m[3])));
  add(NUMERIC, (m) => (today) => numericDate(Number(m[1]), Number(m[3]), m[4]!, today));
  add(DAY_MONTH, (m) => (today) => monthDate(Number(m[1]), MONTHS.get(wordKey(m[2]!)), m[3], today));
  add(MONTH_DAY, (m) => (today) => monthDate(Number(m[2]), MONTHS.get(wordKey(m[1]!)), m[3], today));
  add(RELATIVE, (m) => (today) => (today ? addDays(today, RELATIVE_DAYS[wordKey(m[1]!)]!) : 'needs today'));
  add(LAST_NEXT_WEEKDAY, (m) => (today) => (today ? weekdayDate(today, WEEKDAYS.get(wordKey(m[2]!))!, wordKey(m[1]!) === 'last' ? -1 : 1) : 'needs today'));
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: DateMention[] = [];
  for (const mention of found) if (kept.length === 0 || mention.start >= kept[kept.length - 1]!.end) kept.push(mention);
  return kept;
}

/** 14/03/2026 is day first; 03/14/2026 is read month first only because day first is no date. */
function numericDate(first: number, second: number, yearText: string, today: CalendarDate | undefined): CalendarDate | undefined | 'needs today' {
  let year = Number(yearText);
  if (yearText.length === 2) {
    // Two-digit years are this century unless that is more than ten years ahead.
    const pivot = today ? today.year + 10 : 2099;
    year = 2000 + year > pivot ? 1900 + year : 2000 + year;
  }
  return validDate(year, second, first) ?? validDate(year, first, second);
}

function monthDate(day: number, month: number | undefined, yearText: string | undefined, today: CalendarDate | undefined): CalendarDate | undefined | 'needs today' {
  if (month === undefined) return undefined;
  if (yearText !== undefined) return validDate(Number(yearText), month, day);
  if (!today) return 'needs today';
  return nearestDate(today, month, day);
}

/** The date with this month and day closest to today (last year, this year or next year). */
function nearestDate(today: CalendarDate, month: number, day: number): CalendarDate | undefined {
  const reference = toEpochDay(today);
  let best: CalendarDate | undefined;
  let bestDistance = Infinity;
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    const date = validDate(year, month, day);
    if (!date) continue;
    const distance = Math.abs(toEpochDay(date) - reference);
    if (distance < bestDistance) {
      best = date;
      bestDistance = distance;
    }
  }
  return best;
}

/** The weekday strictly before (-1) or after (+1) today, within seven days. */
function weekdayDate(today: CalendarDate, target: number, direction: -1 | 1): CalendarDate {
  const current = weekday(today);
  const steps = direction === 1 ? ((target - current + 7) % 7 || 7) : ((current - target + 7) % 7 || 7);
  return addDays(today, direction * steps);
}
