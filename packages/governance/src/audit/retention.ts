/**
 * How long the audit log keeps its records: agent.yaml's `audit.retention`
 * (its schema is in @colloquy/core's agent kind). The default keeps every
 * record. A period is whole days, months or years, never under six months:
 * the EU AI Act's floor for deployers keeping logs (Art. 26(6)). The schema
 * refuses a shorter one where it is written; `retentionOf` refuses it again
 * here, so nothing prunes sooner whatever reaches it.
 *
 * Pruning (FileAuditLog.prune) archives the records older than the cutoff;
 * months and years are calendar ones, counted back in UTC, a day that month
 * does not have taken as its last (31 August less six months is 28 or 29
 * February), so the period is never shorter than it says.
 */

export type Retention = { readonly keep: 'all' } | { readonly days: number } | { readonly months: number } | { readonly years: number };

/** The shortest period, in each unit: six months, or 184 days (the longest six months run). */
export const AUDIT_RETENTION_FLOOR = { days: 184, months: 6, years: 1 } as const;

export const KEEP_ALL: Retention = { keep: 'all' };

export class RetentionError extends Error {
  override readonly name = 'RetentionError';
}

/** agent.yaml's `audit.retention` (absent: keep all); throws a RetentionError naming what is wrong. */
export function retentionOf(value: unknown): Retention {
  if (value === undefined || value === null) return KEEP_ALL;
  if (typeof value !== 'object' || Array.isArray(value)) throw new RetentionError('`audit.retention` must be `keep: all` or one of `days`, `months`, `years`');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) throw new RetentionError('`audit.retention` takes one of `keep: all`, `days`, `months` or `years`');
  const [unit, amount] = entries[0]!;
  if (unit === 'keep') {
    if (amount !== 'all') throw new RetentionError('`audit.retention.keep` can only be `all`');
    return KEEP_ALL;
  }
  if (unit !== 'days' && unit !== 'months' && unit !== 'years') throw new RetentionError(`\`audit.retention\` has no unit \`${unit}\`: use days, months or years`);
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) throw new RetentionError(`\`audit.retention.${unit}\` must be a whole number`);
  const floor = AUDIT_RETENTION_FLOOR[unit];
  if (amount < floor) {
    throw new RetentionError(`\`audit.retention.${unit}\` is ${amount}; audit records must be kept at least six months (${floor} ${unit}), the EU AI Act's floor for deployers`);
  }
  return { [unit]: amount } as Retention;
}

/** Records written before this time are older than the retention period; undefined when everything is kept. */
export function retentionCutoff(retention: Retention, now: Date): Date | undefined {
  if ('keep' in retention) return undefined;
  if ('days' in retention) return new Date(now.getTime() - retention.days * 86_400_000);
  return monthsBefore(now, 'months' in retention ? retention.months : retention.years * 12);
}

export function describeRetention(retention: Retention): string {
  if ('keep' in retention) return 'keep all';
  const [unit, amount] = Object.entries(retention)[0] as [string, number];
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}

/** The same time of day `months` calendar months earlier (UTC), on the month's last day when it is shorter. */
function monthsBefore(now: Date, months: number): Date {
  const target = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(target / 12);
  const month = target - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}
