/**
 * The audit timeline's query: which records match a filter, newest first, a
 * page at a time (`GET /api/audit/records`). Pure: it gets the log's lines and
 * answers a page, so the rules are tested without a server.
 *
 * Newest first because the timeline is read from the latest decision back;
 * the cursor is a record number (`after`: the page continues with records
 * older than that one), so a page stays the same while new records arrive on
 * top, which an offset would not. A line that is not a record (a damaged or
 * edited log) is counted in `unreadable`, never skipped silently: verifying
 * the log (GET /api/audit/log) says what happened to it.
 */
import type { AuditAction, AuditRecord } from '@colloquy/governance';

export interface AuditFilter {
  /** An account name; `-` for records no account made (the server itself, a sign-in with no account). */
  readonly actor?: string;
  readonly action?: AuditAction;
  readonly change?: string;
  /** Inclusive, ms since the epoch. */
  readonly from?: number;
  /** Exclusive, ms since the epoch. */
  readonly to?: number;
}

export interface AuditPageRequest extends AuditFilter {
  /** Records per page. */
  readonly limit: number;
  /** Continue after this record number (older records only). */
  readonly after?: number;
}

export interface AuditPage {
  /** Matching records, newest first. */
  readonly records: readonly AuditRecord[];
  /** Records matching the filter in the whole log (all pages). */
  readonly matched: number;
  /** Records in the log when it was read. */
  readonly size: number;
  /** `after` for the next page, or null on the last one. */
  readonly next: number | null;
  /** Record numbers of lines that are not records: the log was damaged or edited. */
  readonly unreadable: readonly number[];
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
/** Who made a record no account made, in the `actor` filter. */
export const NO_ACCOUNT = '-';

export function queryAuditRecords(lines: readonly string[], request: AuditPageRequest): AuditPage {
  const unreadable: number[] = [];
  const matching: AuditRecord[] = [];
  lines.forEach((line, index) => {
    const record = parseRecord(line);
    if (!record) unreadable.push(index);
    else if (matches(record, request)) matching.push(record);
  });
  matching.reverse();
  const start = request.after === undefined ? 0 : firstOlderThan(matching, request.after);
  const records = matching.slice(start, start + request.limit);
  const more = start + records.length < matching.length;
  return { records, matched: matching.length, size: lines.length, next: more ? records.at(-1)!.seq : null, unreadable };
}

export function matches(record: AuditRecord, filter: AuditFilter): boolean {
  if (filter.actor !== undefined && (record.actor?.account ?? NO_ACCOUNT) !== filter.actor) return false;
  if (filter.action !== undefined && record.action !== filter.action) return false;
  if (filter.change !== undefined && record.change !== filter.change) return false;
  if (filter.from !== undefined || filter.to !== undefined) {
    const time = Date.parse(record.time);
    if (Number.isNaN(time)) return false;
    if (filter.from !== undefined && time < filter.from) return false;
    if (filter.to !== undefined && time >= filter.to) return false;
  }
  return true;
}

/** Index of the first record (newest first) numbered below `seq`. */
function firstOlderThan(newestFirst: readonly AuditRecord[], seq: number): number {
  const index = newestFirst.findIndex((record) => record.seq < seq);
  return index === -1 ? newestFirst.length : index;
}

function parseRecord(line: string): AuditRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const r = value as Partial<AuditRecord>;
    if (typeof r.seq !== 'number' || typeof r.action !== 'string' || typeof r.time !== 'string' || typeof r.actor !== 'object' || r.actor === null) return undefined;
    return value as AuditRecord;
  } catch {
    return undefined;
  }
}
