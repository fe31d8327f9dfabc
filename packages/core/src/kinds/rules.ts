import { idSchema, kindHeader, textSchema } from './common.ts';

export const RULES_VERSION = 1;

const cellSchema = {
  type: ['string', 'number', 'boolean'],
  description: 'A FEEL unary test, e.g. `>= 0.8`, `"gold", "private"`, `[1..5]`, `not("closed")`, or `-` for any value.',
} as const;

export const rulesSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:colloquy:schema:rules',
  title: 'RulesFile',
  description: 'A business rule as a decision table (DMN style): inputs, outputs, a hit policy and rows of FEEL tests.',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'version', 'id', 'hit_policy', 'inputs', 'outputs', 'rules'],
  properties: {
    ...kindHeader('rules', RULES_VERSION),
    id: { ...idSchema, description: 'The table\'s id, used by `decide` in flows.' },
    title: textSchema('A short human title.', 200),
    description: textSchema('What the table decides and who owns it.'),
    hit_policy: {
      enum: ['unique', 'first', 'priority', 'collect'],
      description: '`unique`: at most one row may match; `first`: the first matching row wins; `priority`: the matching row whose output comes first in the output\'s `values` wins; `collect`: all matching rows.',
    },
    inputs: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      description: 'The table\'s input columns. Each is a slot of the deciding flow or a context variable.',
      items: {
        title: 'RulesInput',
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type'],
        properties: {
          name: { ...idSchema, description: 'The slot or context variable this column reads.' },
          type: { enum: ['string', 'number', 'boolean'], description: 'The column\'s type.' },
          values: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string' },
            description: 'For text columns: every value the input can take (enables gap analysis).',
          },
          min: { type: 'number', description: 'For number columns: the smallest possible value (enables gap analysis).' },
          max: { type: 'number', description: 'For number columns: the largest possible value (enables gap analysis).' },
          description: textSchema('What the column means.'),
        },
      },
    },
    outputs: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      description: 'The table\'s output columns. The first output chooses the route in a flow\'s `decide` node.',
      items: {
        title: 'RulesOutput',
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type'],
        properties: {
          name: idSchema,
          type: { enum: ['string', 'number', 'boolean'] },
          values: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: ['string', 'number', 'boolean'] },
            description: 'Every value the output can take, in priority order for the `priority` hit policy.',
          },
          description: textSchema('What the output means.'),
        },
      },
    },
    rules: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      description: 'The rows, in order.',
      items: {
        title: 'RulesRow',
        type: 'object',
        additionalProperties: false,
        required: ['then'],
        properties: {
          id: { ...idSchema, description: 'An optional name for the row, shown in traces and coverage.' },
          when: {
            type: 'object',
            description: 'A FEEL unary test per input column. A column that is left out matches any value.',
            additionalProperties: cellSchema,
          },
          then: {
            type: 'object',
            minProperties: 1,
            description: 'The value of each output column when the row matches.',
            additionalProperties: { type: ['string', 'number', 'boolean'] },
          },
          note: textSchema('Why the row exists.'),
        },
      },
    },
  },
} as const;
