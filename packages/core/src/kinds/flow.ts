import { actionNameSchema, handoffSchema, idSchema, kindHeader, riskSchema, textSchema } from './common.ts';

export const FLOW_VERSION = 1;

const messageSchema = {
  anyOf: [
    textSchema('A message. `{slot}` placeholders are replaced by slot or context values.'),
    {
      type: 'array',
      minItems: 1,
      items: textSchema('A message. `{slot}` placeholders are replaced by slot or context values.'),
      description: 'Several messages, sent one after the other.',
    },
  ],
  description: 'What the assistant says. `{slot}` placeholders are replaced by slot or context values.',
} as const;

const slotSchema = {
  title: 'SlotDefinition',
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  description: 'A piece of information the flow collects from the customer.',
  properties: {
    type: {
      enum: ['text', 'number', 'digits', 'enum', 'pattern', 'date', 'boolean'],
      description: 'How the value is recognised: `text` (any answer), `number`, `digits` (exactly `length` digits), `enum` (one of `values`), `pattern` (matches `pattern`), `date`, `boolean` (yes/no).',
    },
    description: textSchema('What the slot holds.'),
    pii: { type: 'boolean', description: 'Personal data. Policies can require consent before it is asked, and reports mask it.' },
    length: { type: 'integer', minimum: 1, maximum: 34, description: 'For `digits`: the exact number of digits.' },
    min: { type: 'number', description: 'For `number`: the smallest accepted value.' },
    max: { type: 'number', description: 'For `number`: the largest accepted value.' },
    pattern: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
      format: 'regex',
      description: 'For `pattern`: a regular expression the whole answer (or a word of it) must match.',
    },
    values: {
      type: 'object',
      minProperties: 1,
      description: 'For `enum`: each accepted value with the synonyms customers use for it.',
      propertyNames: idSchema,
      additionalProperties: {
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: 200 },
        description: 'Synonyms that mean this value.',
      },
    },
  },
} as const;

const nodeSchema = {
  title: 'FlowNode',
  type: 'object',
  additionalProperties: false,
  description: 'One step of the conversation. A node may say something, then does one thing (ask, decide, act) and routes on, or finishes (end, handoff).',
  properties: {
    say: messageSchema,
    ask: textSchema('The question that asks for the slot named in `fill`.'),
    fill: { ...idSchema, description: 'The slot that the answer to `ask` fills.' },
    reprompt: textSchema('What to say when the answer could not be understood. Default: the agent\'s fallback message, then the question again.'),
    retries: {
      type: 'integer',
      minimum: 0,
      maximum: 10,
      description: 'How many times the question is asked again after an answer that could not be understood (default 2).',
    },
    on_fail: { ...idSchema, description: 'The node to go to when the retries are used up. Default: hand over using the agent\'s fallback handoff.' },
    consent: {
      type: 'boolean',
      description: 'Marks a yes/no question asking the customer\'s consent. Policies require consent before personal data is asked.',
    },
    decide: { ...idSchema, description: 'A rules table whose first output chooses the route.' },
    action: actionNameSchema,
    routes: {
      type: 'object',
      minProperties: 1,
      description: 'Where to go for each value: the rules table\'s output (`decide`), the action\'s outcome (`action`) or the slot\'s value (`ask`).',
      additionalProperties: { ...idSchema, description: 'The node to go to.' },
    },
    next: { ...idSchema, description: 'The node to go to next (or when no route matches).' },
    handoff: handoffSchema,
    end: {
      ...idSchema,
      description: 'Ends the conversation with this outcome, for example `resolved`.',
    },
  },
} as const;

export const flowSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:colloquy:schema:flow',
  title: 'FlowFile',
  description: 'One conversation flow: the intents that start it, the slots it collects and the nodes it walks through.',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'version', 'id', 'title', 'start', 'nodes'],
  properties: {
    ...kindHeader('flow', FLOW_VERSION),
    id: { ...idSchema, description: 'The flow\'s id, unique in the workspace.' },
    title: textSchema('A short human title.', 200),
    description: textSchema('What the flow is for.'),
    risk: riskSchema,
    tags: { type: 'array', items: idSchema, uniqueItems: true, description: 'Free labels for finding flows.' },
    intents: {
      type: 'object',
      description: 'The intents that start this flow, each with training examples.',
      propertyNames: idSchema,
      additionalProperties: {
        title: 'IntentDefinition',
        type: 'object',
        additionalProperties: false,
        required: ['examples'],
        properties: {
          description: textSchema('What customers mean by this intent.'),
          examples: {
            type: 'array',
            minItems: 1,
            maxItems: 1000,
            items: { type: 'string', minLength: 1, maxLength: 500 },
            description: 'Things customers say that mean this intent. Five to twenty varied examples work best.',
          },
          topics: {
            type: 'array',
            items: idSchema,
            uniqueItems: true,
            description: 'Sensitive topics (from agent.yaml `topics`) this intent belongs to; policies apply to them.',
          },
        },
      },
    },
    slots: {
      type: 'object',
      description: 'The information the flow collects.',
      propertyNames: idSchema,
      additionalProperties: slotSchema,
    },
    start: { ...idSchema, description: 'The first node.' },
    nodes: {
      type: 'object',
      minProperties: 1,
      description: 'The steps of the conversation, by id.',
      propertyNames: idSchema,
      additionalProperties: nodeSchema,
    },
  },
} as const;
