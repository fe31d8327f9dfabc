import { actionNameSchema, handoffSchema, idSchema, kindHeader, scalarSchema, textSchema } from './common.ts';
import { SIMULATION_GENERATORS } from './test.ts';

export const AGENT_VERSION = 1;

export const agentSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:colloquy:schema:agent',
  title: 'AgentFile',
  description: 'The assistant as a whole: its name, language, recognizer settings, handoff queues, action catalogue, approval rules and audit retention. One per workspace, at `agent.yaml`.',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'version', 'name', 'language', 'nlu', 'fallback', 'queues'],
  properties: {
    ...kindHeader('agent', AGENT_VERSION),
    name: textSchema('The assistant\'s name as customers see it.', 120),
    description: textSchema('What the assistant is for.'),
    language: {
      type: 'string',
      pattern: '^[a-z]{2,3}(-[A-Z]{2})?$',
      description: 'The language the assistant speaks, as a BCP 47 tag such as `en` or `en-GB`.',
    },
    greeting: textSchema('What the assistant says when a conversation opens.'),
    nlu: {
      title: 'NluSettings',
      type: 'object',
      additionalProperties: false,
      required: ['recognizer', 'threshold'],
      description: 'How user utterances are recognised.',
      properties: {
        recognizer: {
          enum: ['lexical', 'use', 'transformers'],
          description: 'The recognizer: `lexical` (built in, no model needed), `use` (Universal Sentence Encoder) or `transformers` (a local transformers.js model).',
        },
        model: textSchema('For model recognizers: the model id or a local folder holding the model.', 500),
        threshold: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'Out-of-scope threshold: an utterance whose best intent scores below this is treated as not understood (fallback).',
        },
        margin: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'When the two best intents score within this margin, the utterance is ambiguous and treated as not understood. Default 0 (off).',
        },
      },
    },
    fallback: {
      title: 'FallbackSettings',
      type: 'object',
      additionalProperties: false,
      required: ['say', 'max_failures', 'handoff'],
      description: 'What happens when the assistant does not understand the customer outside of a question.',
      properties: {
        say: textSchema('What the assistant says when it did not understand.'),
        max_failures: {
          type: 'integer',
          minimum: 1,
          maximum: 10,
          description: 'After this many failed recognitions in a row, the customer is handed over to a person.',
        },
        handoff: handoffSchema,
      },
    },
    queues: {
      type: 'object',
      description: 'Handoff queues: where conversations go when a person takes over.',
      minProperties: 1,
      propertyNames: idSchema,
      additionalProperties: {
        title: 'Queue',
        type: 'object',
        additionalProperties: false,
        required: ['title'],
        properties: {
          title: textSchema('The queue\'s name as agents see it.', 120),
          description: textSchema('Who works this queue.'),
          hours: textSchema('Opening hours, for the handoff message.', 200),
        },
      },
    },
    actions: {
      type: 'object',
      description: 'The action catalogue: the back-end operations flows may call, with each one\'s possible outcomes.',
      propertyNames: actionNameSchema,
      additionalProperties: {
        title: 'ActionDefinition',
        type: 'object',
        additionalProperties: false,
        required: ['outcomes', 'default'],
        properties: {
          description: textSchema('What the action does.'),
          outcomes: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: idSchema,
            description: 'Every outcome the action can report, e.g. `[ok, failed]`.',
          },
          default: {
            ...idSchema,
            description: 'The outcome simulation uses when a test does not say otherwise. Must be one of `outcomes`.',
          },
        },
      },
    },
    context: {
      type: 'object',
      description: 'Context variables: facts about the customer that the platform provides (for example their tier), usable in rules and messages.',
      propertyNames: idSchema,
      additionalProperties: {
        title: 'ContextVariable',
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { enum: ['string', 'number', 'boolean'], description: 'The variable\'s type.' },
          values: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string' },
            description: 'For text variables: the complete list of values it can take.',
          },
          description: textSchema('What the variable means.'),
          default: scalarSchema,
        },
      },
    },
    topics: {
      type: 'object',
      description: 'Sensitive topics that intents are tagged with and policies refer to (for example complaint, bereavement).',
      propertyNames: idSchema,
      additionalProperties: {
        title: 'Topic',
        type: 'object',
        additionalProperties: false,
        required: ['description'],
        properties: { description: textSchema('What counts as this topic.') },
      },
    },
    approval: {
      title: 'ApprovalSettings',
      type: 'object',
      additionalProperties: false,
      description: 'Who must approve a change request before it is published, and the evidence it needs.',
      properties: {
        rules: {
          type: 'array',
          items: {
            title: 'ApprovalRule',
            type: 'object',
            additionalProperties: false,
            required: ['require'],
            properties: {
              description: textSchema('Why this sign-off is needed.'),
              when: {
                title: 'ApprovalCondition',
                type: 'object',
                additionalProperties: false,
                description: 'Which changes the rule applies to. Empty or absent: every change.',
                properties: {
                  risk: { type: 'array', items: { enum: ['low', 'medium', 'high'] }, description: 'Changes touching a flow with one of these risk levels.' },
                  kinds: { type: 'array', items: { enum: ['agent', 'flow', 'rules', 'policy', 'test'] }, description: 'Changes touching a file of one of these kinds.' },
                  topics: { type: 'array', items: idSchema, description: 'Changes touching an intent tagged with one of these topics.' },
                },
              },
              require: {
                type: 'array',
                minItems: 1,
                items: { enum: ['ops_manager', 'rai_lead'] },
                description: 'Roles that must each approve: `ops_manager` (AI operations manager), `rai_lead` (responsible-AI lead).',
              },
            },
          },
        },
        min_pass_rate: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'The share of generated simulation cases that must pass before a change can be approved.',
        },
        evidence: {
          title: 'EvidenceRun',
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          description:
            "The simulation that counts as a change's evidence: what a change request's simulation runs when its request names no setting of its own. Left out: every generator, 3 per intent, seed `colloquy`. These settings win over test files' `simulate:` blocks.",
          properties: {
            generators: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { enum: SIMULATION_GENERATORS, description: 'A generator (docs/reference/generators.md).' },
              description: 'The generators the evidence run makes cases with (they run in their usual order, whatever the order here).',
            },
            // The server's own limit on a run (a report is held in memory until it is forgotten).
            per_intent: { type: 'integer', minimum: 0, maximum: 1000, description: 'Cases per intent, for the per-intent generators.' },
            seed: { type: 'string', minLength: 1, maxLength: 200, description: 'Any text: the generated cases depend on it.' },
          },
        },
      },
    },
    audit: {
      title: 'AuditSettings',
      type: 'object',
      additionalProperties: false,
      description: 'The audit log of sign-ins, change requests, reviews and publishes.',
      properties: {
        retention: {
          title: 'AuditRetention',
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          description:
            'How long audit records are kept before `colloquy audit prune` moves them to a sealed archive: `keep: all` (the default) or one of `days`, `months`, `years`. Never under six months, the EU AI Act floor for deployers.',
          properties: {
            keep: { enum: ['all'], description: 'Keep every record in the log (the default).' },
            days: { type: 'integer', minimum: 184, description: 'Keep records this many days: at least 184 (six months, the EU AI Act floor for deployers).' },
            months: { type: 'integer', minimum: 6, description: 'Keep records this many calendar months: at least 6 (the EU AI Act floor for deployers).' },
            years: { type: 'integer', minimum: 1, description: 'Keep records this many years.' },
          },
        },
      },
    },
  },
} as const;
