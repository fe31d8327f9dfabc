import { actionNameSchema, idSchema, kindHeader, scalarSchema, textSchema } from './common.ts';

export const TEST_VERSION = 1;

/**
 * The edge-case generators a test file's `simulate:` block may name, in the
 * order a simulation runs them. The simulator runs exactly these
 * (`GENERATOR_NAMES` in @colloquy/simulator is this list, so the two cannot
 * drift); docs/reference/generators.md says what each makes.
 */
export const SIMULATION_GENERATORS = [
  'noise',
  'wording',
  'paraphrase',
  'blank',
  'out_of_scope',
  'near_miss',
  'negation',
  'multi_intent',
  'sensitive',
  'injection',
  'pii',
  'multi_turn',
  'adversarial',
] as const;

/** The most cases per intent a file may ask for (the CLI's `--per-intent` takes up to 9999 as well). */
export const MAX_PER_INTENT = 9999;

const simulateSchema = {
  title: 'FlowSimulation',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description:
    "How `colloquy simulate` generates edge cases from the intents of this file's `flow`. A field left out keeps the run's setting; a run option given on purpose (a CLI flag) wins over the file.",
  properties: {
    generators: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: SIMULATION_GENERATORS, description: 'A generator (docs/reference/generators.md).' },
      description: "The generators whose cases are made from this flow's intents (they run in their usual order, whatever the order here).",
    },
    per_intent: { type: 'integer', minimum: 0, maximum: MAX_PER_INTENT, description: 'Cases per intent of this flow, for the per-intent generators.' },
    seed: { type: 'string', minLength: 1, maxLength: 200, description: "Any text: this flow's cases depend on it." },
  },
} as const;

const contextSchema = {
  type: 'object',
  description: 'Values of context variables (from agent.yaml `context`) for the conversation, e.g. the customer\'s tier.',
  propertyNames: idSchema,
  additionalProperties: scalarSchema,
} as const;

const actionOutcomesSchema = {
  type: 'object',
  description: 'The outcome each action reports in this conversation, e.g. `cards.freeze: failed`. Unlisted actions report their catalogue default.',
  propertyNames: actionNameSchema,
  additionalProperties: idSchema,
} as const;

const expectationSchema = {
  title: 'TurnExpectation',
  type: 'object',
  additionalProperties: false,
  description: 'What must be true after the turn. Only what is listed is checked.',
  properties: {
    intent: { ...idSchema, description: 'The intent recognised for the utterance.' },
    fallback: { type: 'boolean', description: '`true`: the utterance was not understood (out of scope).' },
    flow: { ...idSchema, description: 'The flow the conversation is in after the turn.' },
    node: { ...idSchema, description: 'The node the conversation is at after the turn (waiting for an answer, or where it finished).' },
    bot: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
      description: 'Text the assistant\'s reply must contain (each entry, case-insensitive).',
    },
    not_bot: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
      description: 'Text the assistant\'s reply must not contain.',
    },
    slots: {
      type: 'object',
      propertyNames: idSchema,
      additionalProperties: scalarSchema,
      description: 'Slot values after the turn.',
    },
    actions: {
      ...actionOutcomesSchema,
      description: 'Actions that ran during the turn, with their outcomes.',
    },
    handoff: { ...idSchema, description: 'The conversation was handed over to this queue during the turn.' },
    end: { ...idSchema, description: 'The conversation ended with this outcome during the turn.' },
  },
} as const;

export const testSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:colloquy:schema:test',
  title: 'TestFile',
  description: 'Scripted test conversations with expectations for each turn.',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'version', 'id', 'tests'],
  dependentRequired: { simulate: ['flow'] },
  properties: {
    ...kindHeader('test', TEST_VERSION),
    id: { ...idSchema, description: 'The suite\'s id, unique among test files.' },
    title: textSchema('A short human title.', 200),
    flow: { ...idSchema, description: 'The flow these tests are mainly about (for reports).' },
    context: contextSchema,
    simulate: simulateSchema,
    tests: {
      type: 'array',
      minItems: 1,
      description: 'The test conversations.',
      items: {
        title: 'TestCase',
        type: 'object',
        additionalProperties: false,
        required: ['id', 'turns'],
        properties: {
          id: { ...idSchema, description: 'The test\'s id, unique in the file.' },
          title: textSchema('What the test shows.', 300),
          context: contextSchema,
          actions: actionOutcomesSchema,
          turns: {
            type: 'array',
            minItems: 1,
            maxItems: 200,
            items: {
              title: 'TestTurn',
              type: 'object',
              additionalProperties: false,
              required: ['user'],
              properties: {
                user: { type: 'string', maxLength: 10000, description: 'What the customer says (may be empty).' },
                expect: expectationSchema,
              },
            },
          },
        },
      },
    },
  },
} as const;
