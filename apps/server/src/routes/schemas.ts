/**
 * JSON Schemas of every request the API accepts, checked by Fastify (ajv)
 * before a handler runs. Unknown fields are refused rather than dropped (the
 * server turns ajv's `removeAdditional` off): a misspelt `baseVerison` must
 * fail loudly, not be taken for a request that never named it.
 */
import { AUDIT_ACTIONS, MAX_ACCOUNT_NAME_LENGTH, MAX_PASSWORD_LENGTH, ROLES, type AuditAction, type Role } from '@colloquy/governance';
import { GENERATOR_NAMES, type GeneratorName } from '@colloquy/simulator';
import { MAX_PATH_LENGTH } from '../workspace/paths.ts';

const path = { type: 'string', minLength: 1, maxLength: MAX_PATH_LENGTH } as const;
/** Content size is bounded by the body limit here and by the 2 MiB file limit of a change request's files (with a clearer message). */
const content = { type: 'string' } as const;

export const pathQuery = {
  type: 'object',
  properties: { path },
  required: ['path'],
  additionalProperties: false,
} as const;

/** At most this many unsaved files per validation: far above any open-tab count. */
export const MAX_OVERRIDES = 10_000;

export const validateBody = {
  type: 'object',
  properties: {
    overrides: {
      type: 'object',
      additionalProperties: content,
      propertyNames: { maxLength: MAX_PATH_LENGTH },
      maxProperties: MAX_OVERRIDES,
    },
  },
  additionalProperties: false,
} as const;

/**
 * Most cases per intent a server run may ask for. The CLI takes up to 9999; a server run holds
 * its report in memory until it is forgotten, and 1000 per intent is already a run of many
 * minutes on the example workspace (docs/reference/server-api.md).
 */
export const MAX_PER_INTENT = 1000;
/** Longest seed: any text works, and nobody types more than this. */
export const MAX_SEED_LENGTH = 200;
/** Longest flow id asked for; ids are short names. */
export const MAX_FLOW_LENGTH = 200;

export const simulationBody = {
  type: 'object',
  properties: {
    generators: { type: 'array', items: { type: 'string', enum: [...GENERATOR_NAMES] }, minItems: 1, maxItems: GENERATOR_NAMES.length, uniqueItems: true },
    perIntent: { type: 'integer', minimum: 0, maximum: MAX_PER_INTENT },
    seed: { type: 'string', maxLength: MAX_SEED_LENGTH },
    flow: { type: 'string', minLength: 1, maxLength: MAX_FLOW_LENGTH },
  },
  additionalProperties: false,
} as const;

/** A run id as the server makes them (a UUID); anything else cannot name a run. */
export const simulationParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['id'],
  additionalProperties: false,
} as const;

export interface PathQuery {
  path: string;
}
export interface SaveBody {
  path: string;
  content: string;
  baseVersion?: string;
}
export interface CreateBody {
  path: string;
  content: string;
}
export interface RenameBody {
  from: string;
  to: string;
}
export interface ValidateBody {
  overrides?: Record<string, string>;
}
export interface SimulationBody {
  generators?: GeneratorName[];
  perIntent?: number;
  seed?: string;
  flow?: string;
}
export interface SimulationParams {
  id: string;
}

/** Account names as accounts.ts defines them (the pattern is checked again by the store, with a sentence). */
const accountName = { type: 'string', minLength: 1, maxLength: MAX_ACCOUNT_NAME_LENGTH } as const;
/** Bounded here too: a sign-in must not make the server hash a megabyte. */
const password = { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH } as const;
const roles = { type: 'array', items: { type: 'string', enum: [...ROLES] }, minItems: 1, maxItems: ROLES.length, uniqueItems: true } as const;

export const signInBody = {
  type: 'object',
  properties: { account: accountName, password },
  required: ['account', 'password'],
  additionalProperties: false,
} as const;

export const createAccountBody = {
  type: 'object',
  properties: { account: accountName, roles, password },
  required: ['account', 'roles', 'password'],
  additionalProperties: false,
} as const;

export const updateAccountBody = {
  type: 'object',
  properties: { roles, disabled: { type: 'boolean' }, password },
  minProperties: 1,
  additionalProperties: false,
} as const;

export const accountParams = {
  type: 'object',
  properties: { name: accountName },
  required: ['name'],
  additionalProperties: false,
} as const;

export interface SignInBody {
  account: string;
  password: string;
}
export interface CreateAccountBody {
  account: string;
  roles: Role[];
  password: string;
}
export interface UpdateAccountBody {
  roles?: Role[];
  disabled?: boolean;
  password?: string;
}
export interface AccountParams {
  name: string;
}

/** Longest change request title: a line, not an essay. */
export const MAX_CHANGE_TITLE_LENGTH = 200;
/** Longest rationale: the audit log keeps it, so it is bounded like the request body. */
export const MAX_RATIONALE_LENGTH = 10_000;

export const changeParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 20 } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const changeCreateBody = {
  type: 'object',
  properties: { title: { type: 'string', minLength: 1, maxLength: MAX_CHANGE_TITLE_LENGTH, pattern: '\\S' } },
  required: ['title'],
  additionalProperties: false,
} as const;

export const changeFileBody = {
  type: 'object',
  // `create`: only if the change has no such file (409 otherwise).
  properties: { path, content, create: { type: 'boolean' } },
  required: ['path', 'content'],
  additionalProperties: false,
} as const;

export const changeRenameBody = {
  type: 'object',
  properties: { from: path, to: path },
  required: ['from', 'to'],
  additionalProperties: false,
} as const;

/** A change's simulation runs on the whole content (no `flow`): it is the evidence an approval rests on. */
export const changeSimulationBody = {
  type: 'object',
  properties: {
    generators: simulationBody.properties.generators,
    perIntent: simulationBody.properties.perIntent,
    seed: simulationBody.properties.seed,
  },
  additionalProperties: false,
} as const;

export const changeActionBody = {
  type: 'object',
  properties: {
    action: { type: 'string', enum: ['submit', 'approve', 'request_changes', 'reject', 'publish', 'withdraw'] },
    asRole: { type: 'string', enum: [...ROLES] },
    rationale: { type: 'string', maxLength: MAX_RATIONALE_LENGTH },
  },
  required: ['action', 'asRole'],
  additionalProperties: false,
} as const;

export interface ChangeParams {
  id: string;
}
export interface ChangeCreateBody {
  title: string;
}
export interface ChangeFileBody {
  path: string;
  content: string;
  create?: boolean;
}
export interface ChangeRenameBody {
  from: string;
  to: string;
}
export interface ChangeSimulationBody {
  generators?: GeneratorName[];
  perIntent?: number;
  seed?: string;
}
export interface ChangeActionBody {
  action: 'submit' | 'approve' | 'request_changes' | 'reject' | 'publish' | 'withdraw';
  asRole: Role;
  rationale?: string;
}

/** A change request's id as the audit log names it (`CR-12`). */
const changeId = { type: 'string', pattern: '^CR-[0-9]{1,9}$' } as const;
/** ISO 8601 date or date-time (query strings are text; the handler checks it is a real time). */
const isoTime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][\\d:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$', maxLength: 40 } as const;
/** A whole number in a query string (types are never coerced). */
const count = { type: 'string', pattern: '^[0-9]{1,12}$' } as const;

export const auditRecordsQuery = {
  type: 'object',
  properties: {
    actor: { type: 'string', minLength: 1, maxLength: MAX_ACCOUNT_NAME_LENGTH },
    action: { type: 'string', enum: [...AUDIT_ACTIONS] },
    change: changeId,
    from: isoTime,
    to: isoTime,
    limit: count,
    after: count,
  },
  additionalProperties: false,
} as const;

export const auditExportBody = {
  type: 'object',
  properties: { change: changeId },
  required: ['change'],
  additionalProperties: false,
} as const;

export interface AuditRecordsQuery {
  actor?: string;
  action?: AuditAction;
  change?: string;
  from?: string;
  to?: string;
  limit?: string;
  after?: string;
}
export interface AuditExportBody {
  change: string;
}
