/**
 * Every error the API returns is JSON `{ error: "<one readable sentence>" }`
 * (plus fields a client acts on, such as `currentVersion` on a conflict) with
 * a fitting status. This module is the one place that decides both, for the
 * store's and the simulations' expected failures, Fastify's request errors and
 * anything unexpected.
 */
import { AccountError, type AccountErrorCode } from '@colloquy/governance/node';
import { LastAdminError } from '../auth/LastAdminError.ts';
import { ChangeError } from '../changes/ChangeError.ts';
import { SimulationError, type SimulationErrorCode } from '../simulation/SimulationError.ts';
import type { StoreErrorCode } from '../workspace/storeError.ts';
import { StoreError } from '../workspace/storeError.ts';
import { describeValidationError, type SchemaError } from './validationMessage.ts';

export interface ErrorResponse {
  readonly status: number;
  readonly body: { readonly error: string } & Readonly<Record<string, unknown>>;
  /** True for failures that are the server's fault: these are logged. */
  readonly unexpected: boolean;
}

/** HTTP status of each store failure. */
export const STORE_ERROR_STATUS: Readonly<Record<StoreErrorCode, number>> = {
  'bad-path': 400,
  'not-found': 404,
  exists: 409,
  conflict: 409,
  'too-large': 413,
  forbidden: 403,
  'no-space': 507,
};

/** HTTP status of each simulation failure. */
export const SIMULATION_ERROR_STATUS: Readonly<Record<SimulationErrorCode, number>> = {
  'not-found': 404,
  'no-report': 409,
  finished: 409,
  'queue-full': 429,
};

/** HTTP status of each account failure. A damaged accounts file is the server's problem (503, logged): nobody can sign in. */
export const ACCOUNT_ERROR_STATUS: Readonly<Record<AccountErrorCode, number>> = {
  'bad-name': 400,
  'bad-roles': 400,
  'bad-password': 400,
  exists: 409,
  'not-found': 404,
  damaged: 503,
};

interface FastifyLikeError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
  readonly validation?: readonly SchemaError[];
  readonly validationContext?: string;
}

export function toErrorResponse(error: unknown, bodyLimit: number): ErrorResponse {
  if (error instanceof StoreError) {
    return { status: STORE_ERROR_STATUS[error.code], body: { ...error.details, error: error.message }, unexpected: false };
  }
  if (error instanceof SimulationError) return expected(SIMULATION_ERROR_STATUS[error.code], error.message);
  if (error instanceof ChangeError) return { status: error.status, body: { ...error.details, error: error.message }, unexpected: false };
  if (error instanceof AccountError) {
    if (error.code === 'damaged') return { status: 503, body: { error: 'Signing in is unavailable: the server’s accounts file is damaged (its log says how).' }, unexpected: true };
    return expected(ACCOUNT_ERROR_STATUS[error.code], error.message);
  }
  if (error instanceof LastAdminError) return expected(409, error.message);
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  if (e.validation) return expected(400, describeValidationError(e.validation, e.validationContext));
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return expected(413, `The request body is larger than ${bodyLimit / (1024 * 1024)} MiB, the most the server accepts.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return expected(415, 'Send the request body as JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return expected(400, 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // Also what a `__proto__` or `constructor.prototype` key gets: Fastify refuses them while parsing.
      return expected(400, 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return expected(400, 'The request body does not match its Content-Length.');
    default:
      break;
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return expected(e.statusCode, sentence(e.message ?? 'The request was refused.'));
  }
  return { status: 500, body: { error: 'The server hit an unexpected problem; its log has the details.' }, unexpected: true };
}

function expected(status: number, message: string): ErrorResponse {
  return { status, body: { error: message }, unexpected: false };
}

function sentence(message: string): string {
  const first = message.split('\n')[0]!.trim();
  const capital = first.charAt(0).toUpperCase() + first.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
