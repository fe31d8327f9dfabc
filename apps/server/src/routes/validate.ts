import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.ts';
import { validateBody, type ValidateBody } from './schemas.ts';

/** `POST /api/validate` `{ overrides? }` → `{ diagnostics }` for the workspace on disk with unsaved edits applied. */
export function registerValidateRoutes(app: FastifyInstance, { validation }: ServerContext): void {
  app.post<{ Body: ValidateBody | undefined }>('/api/validate', { schema: { body: validateBody } }, async (request) => ({
    diagnostics: await validation.validate(request.body?.overrides ?? {}),
  }));
}
