import { idSchema, kindHeader, textSchema } from './common.ts';

export const POLICY_VERSION = 1;

export const policySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:colloquy:schema:policy',
  title: 'PolicyFile',
  description: 'A guardrail owned by the responsible-AI lead, checked on every flow statically and in simulation.',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'version', 'id', 'title', 'severity', 'check'],
  properties: {
    ...kindHeader('policy', POLICY_VERSION),
    id: { ...idSchema, description: 'The policy\'s id, shown with every result.' },
    title: textSchema('A short human title.', 200),
    description: textSchema('Why the policy exists and who owns it.'),
    severity: {
      enum: ['error', 'warning', 'info'],
      description: 'How a violation is reported. Errors block approval of a change request.',
    },
    check: {
      description: 'What the policy checks.',
      type: 'object',
      discriminator: { propertyName: 'type' },
      oneOf: [
        {
          title: 'TopicHandoffCheck',
          type: 'object',
          additionalProperties: false,
          required: ['type', 'topics'],
          description: 'Conversations on these topics must reach a person (`handoff`) and never end automatically.',
          properties: {
            type: { const: 'topic_handoff' },
            topics: { type: 'array', minItems: 1, uniqueItems: true, items: idSchema, description: 'The topics (from agent.yaml).' },
          },
        },
        {
          title: 'PiiConsentCheck',
          type: 'object',
          additionalProperties: false,
          required: ['type'],
          description: 'Slots marked `pii: true` may only be asked after a consent node on every path.',
          properties: { type: { const: 'pii_consent' } },
        },
        {
          title: 'HumanWithinTurnsCheck',
          type: 'object',
          additionalProperties: false,
          required: ['type', 'max_turns'],
          description: 'After a failed recognition the customer reaches a person within `max_turns` further failed turns.',
          properties: {
            type: { const: 'human_within_turns' },
            max_turns: { type: 'integer', minimum: 1, maximum: 20, description: 'The most failed turns before a handoff.' },
          },
        },
      ],
    },
  },
} as const;
