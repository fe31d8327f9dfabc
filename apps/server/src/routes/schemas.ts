/**
 * JSON Schemas of every request the API accepts, checked by Fastify (ajv)
 * before a handler runs. Unknown fields are refused rather than dropped (the
 * server turns ajv's `removeAdditional` off): a misspelt `baseVerison` must
 * fail loudly, not save without the conflict check.
 */
import { MAX_PATH_LENGTH } from '../workspace/paths.ts';

const path = { type: 'string', minLength: 1, maxLength: MAX_PATH_LENGTH } as const;
/** Content size is bounded by the body limit here and by the 2 MiB file limit in the store (with a clearer message). */
const content = { type: 'string' } as const;
const version = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

export const pathQuery = {
  type: 'object',
  properties: { path },
  required: ['path'],
  additionalProperties: false,
} as const;

export const saveBody = {
  type: 'object',
  properties: { path, content, baseVersion: version },
  required: ['path', 'content'],
  additionalProperties: false,
} as const;

export const createBody = {
  type: 'object',
  properties: { path, content },
  required: ['path', 'content'],
  additionalProperties: false,
} as const;

export const renameBody = {
  type: 'object',
  properties: { from: path, to: path },
  required: ['from', 'to'],
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
