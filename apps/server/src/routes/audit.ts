/**
 * The audit log for the people who answer for it (docs/reference/server-api.md,
 * "The audit log"): its records as a filtered timeline, the log's own bytes and
 * checkpoints so a browser can verify it without trusting the server's word,
 * and one change request's evidence bundle. Reading needs `audit.read`
 * (operations managers, responsible-AI leads), exporting `audit.export`
 * (responsible-AI leads); routeAccess.ts enforces both and records refusals.
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/authGuard.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, queryAuditRecords } from '../audit/auditQuery.ts';
import { ChangeError } from '../changes/ChangeError.ts';
import type { ServerContext } from './context.ts';
import { auditExportBody, auditRecordsQuery, type AuditExportBody, type AuditRecordsQuery } from './schemas.ts';

export function registerAuditRoutes(app: FastifyInstance, { audit, auditExports }: ServerContext): void {
  app.get<{ Querystring: AuditRecordsQuery }>('/api/audit/records', { schema: { querystring: auditRecordsQuery } }, async (request, reply) => {
    const { actor, action, change, from, to, limit, after } = request.query;
    const pageSize = limit === undefined ? DEFAULT_PAGE_SIZE : Number(limit);
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new ChangeError(400, `\`limit\` must be from 1 to ${MAX_PAGE_SIZE} records per page.`);
    const page = queryAuditRecords(await audit.readLines(0, audit.size), {
      limit: pageSize,
      ...(actor !== undefined ? { actor } : {}),
      ...(action !== undefined ? { action } : {}),
      ...(change !== undefined ? { change } : {}),
      ...(from !== undefined ? { from: time('from', from) } : {}),
      ...(to !== undefined ? { to: time('to', to) } : {}),
      ...(after !== undefined ? { after: Number(after) } : {}),
    });
    return reply.header('cache-control', 'no-store').send(page);
  });

  // Checkpoints first, then the bytes: the log only grows, so every checkpoint sent covers records that are in the bytes.
  app.get('/api/audit/log', async (_request, reply) => {
    const checkpoints = [...audit.checkpoints()];
    const log = await audit.readLog();
    return reply.header('cache-control', 'no-store').send({ origin: audit.origin, log: Buffer.from(log).toString('base64'), checkpoints });
  });

  app.post<{ Body: AuditExportBody }>('/api/audit/export', { schema: { body: auditExportBody } }, async (request, reply) => {
    const { change } = request.body;
    const result = await auditExports.export(principalOf(request), change);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${change}.bundle.json"`)
      .header('x-colloquy-bundle-sha256', result.sha256)
      .header('x-colloquy-audit-record', String(result.recordSeq))
      .header('cache-control', 'no-store')
      .send(Buffer.from(result.bytes));
  });
}

/** A query's time as ms since the epoch; a date alone is midnight UTC. */
function time(name: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ChangeError(400, `\`${name}\` is not a time: give an ISO 8601 date or date-time (2026-11-23 or 2026-11-23T17:00:00Z).`);
  return ms;
}
