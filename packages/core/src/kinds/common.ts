/**
 * Schema fragments shared by several file kinds. Every kind's schema is plain
 * JSON Schema (draft 2020-12) and is the single source of truth: the TypeScript
 * types in `types.generated.ts` are generated from these objects.
 */

/** Ids of flows, nodes, intents, slots, tables, queues: snake_case, start with a letter. */
export const idSchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]*$',
  maxLength: 64,
  description: 'An identifier: lower-case letters, digits and underscores, starting with a letter.',
} as const;

/** Action names may be namespaced with dots: `cards.freeze`. */
export const actionNameSchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$',
  maxLength: 128,
  description: 'An action from the catalogue in agent.yaml, e.g. `cards.freeze`.',
} as const;

export const kindHeader = (kind: string, version: number) =>
  ({
    kind: { const: kind, description: `The file kind. Always \`${kind}\` for this file.` },
    version: {
      type: 'integer',
      const: version,
      description: `The format version of this file. The current ${kind} format is version ${version}.`,
    },
  }) as const;

export const textSchema = (description: string, maxLength = 2000) =>
  ({ type: 'string', minLength: 1, maxLength, description }) as const;

/** A scalar value as used in contexts, test expectations and rule outputs. */
export const scalarSchema = {
  type: ['string', 'number', 'boolean'],
  description: 'A text, number or true/false value.',
} as const;

export const riskSchema = {
  enum: ['low', 'medium', 'high'],
  description: 'How much harm a mistake in this flow can do. `high` needs a responsible-AI lead to sign off changes.',
} as const;

export const handoffSchema = {
  title: 'Handoff',
  type: 'object',
  additionalProperties: false,
  required: ['queue'],
  description: 'Hand the conversation over to a person.',
  properties: {
    queue: { ...idSchema, description: 'The queue (from agent.yaml `queues`) that takes the conversation.' },
    reason: textSchema('Why the conversation is handed over; shown to the person who picks it up.', 500),
    say: textSchema('What the assistant tells the customer while handing over.'),
  },
} as const;
